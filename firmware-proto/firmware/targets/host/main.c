/*
 * The board as a Linux process: the UART is a pseudo-terminal whose slave path is printed ("pty
 * <path>") and written to --pty-path-file; inputs and outputs go through the side channel in control.h.
 * It exits when stdin closes, so it never outlives the test that started it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "../../core/board.h"
#include "control.h"
#include "host_io.h"

static const char usage[] =
    "usage: regiobox-board [--pty-path-file FILE] [--locks N] [--doors N] [--probes N]\n"
    "       [--occupancy I,J,...] [--max-pulse MS] [--cooldown MS] [--watchdog MS] [--debounce MS]\n";

static long number(const char *text, long min, long max) {
    char *end;
    long value = strtol(text, &end, 10);
    if (*end != '\0' || value < min || value > max) {
        fprintf(stderr, "%s is not a number from %ld to %ld\n%s", text, min, max, usage);
        exit(2);
    }
    return value;
}

static void parse_occupancy(char *list, board_config *config) {
    for (char *item = strtok(list, ","); item; item = strtok(NULL, ",")) {
        fp_set_bit(config->occupancy_fitted, (uint8_t)number(item, 0, FP_MAX_INPUTS - 1), 1);
    }
}

static const char *parse_args(int argc, char **argv, board_config *config) {
    const char *path_file = NULL;
    for (int i = 1; i < argc; i++) {
        const char *flag = argv[i];
        if (i + 1 >= argc) {
            fprintf(stderr, "%s needs a value\n%s", flag, usage);
            exit(2);
        }
        char *value = argv[++i];
        if (strcmp(flag, "--pty-path-file") == 0) path_file = value;
        else if (strcmp(flag, "--locks") == 0) config->lock_channels = (uint8_t)number(value, 0, FP_MAX_CHANNELS);
        else if (strcmp(flag, "--doors") == 0) config->door_inputs = (uint8_t)number(value, 0, FP_MAX_INPUTS);
        else if (strcmp(flag, "--probes") == 0) config->probes = (uint8_t)number(value, 0, FP_MAX_PROBES);
        else if (strcmp(flag, "--occupancy") == 0) parse_occupancy(value, config);
        else if (strcmp(flag, "--max-pulse") == 0) config->max_pulse_ms = (uint16_t)number(value, 1, 65535);
        else if (strcmp(flag, "--cooldown") == 0) config->cooldown_ms = (uint16_t)number(value, 0, 65535);
        else if (strcmp(flag, "--watchdog") == 0) config->watchdog_ms = (uint16_t)number(value, 1, 65535);
        else if (strcmp(flag, "--debounce") == 0) config->debounce_ms = (uint16_t)number(value, 20, 65535);
        else {
            fprintf(stderr, "unknown flag %s\n%s", flag, usage);
            exit(2);
        }
    }
    return path_file;
}

static int open_pty(const char *path_file) {
    int master, slave;
    char name[256];
    if (openpty(&master, &slave, name, NULL, NULL) != 0) {
        perror("openpty");
        exit(1);
    }
    struct termios raw;
    tcgetattr(slave, &raw);
    cfmakeraw(&raw);
    tcsetattr(slave, TCSANOW, &raw);
    /* The slave stays open here too, so that the master never reads EIO while the station reconnects. */
    fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
    if (path_file) {
        FILE *file = fopen(path_file, "w");
        if (!file || fprintf(file, "%s\n", name) < 0 || fclose(file) != 0) {
            perror(path_file);
            exit(1);
        }
    }
    printf("pty %s\n", name);
    return master;
}

int main(int argc, char **argv) {
    board_config config;
    memset(&config, 0, sizeof config);
    config.lock_channels = 16;
    config.door_inputs = 16;
    config.probes = 4;
    config.max_pulse_ms = 2000;
    config.cooldown_ms = 1000;
    config.watchdog_ms = 6000;
    config.debounce_ms = 30;
    const char *path_file = parse_args(argc, argv, &config);
    setvbuf(stdout, NULL, _IOLBF, 0);

    static host_io io;
    static board b;
    host_io_init(&io, open_pty(path_file));
    if (board_init(&b, &config, &io.hal) != 0) {
        fprintf(stderr, "the configuration breaks a protocol limit\n");
        return 2;
    }
    uint32_t trips = 0;
    char line[256];
    size_t line_len = 0;
    for (;;) {
        struct pollfd fds[2] = {{io.uart_fd, POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
        if (poll(fds, 2, 1) < 0 && errno != EINTR) return 1;
        uint8_t bytes[256];
        ssize_t n;
        while ((n = read(io.uart_fd, bytes, sizeof bytes)) > 0) {
            for (ssize_t i = 0; i < n; i++) board_receive(&b, bytes[i]);
        }
        if (fds[1].revents & (POLLIN | POLLHUP)) {
            char c;
            ssize_t got = read(STDIN_FILENO, &c, 1);
            if (got <= 0) return 0;
            if (c == '\n' || line_len == sizeof line - 1) {
                line[line_len] = '\0';
                line_len = 0;
                control_line(line, &io, &b);
            } else {
                line[line_len++] = c;
            }
        }
        board_poll(&b);
        if (b.stats.watchdog_trips != trips) {
            trips = b.stats.watchdog_trips;
            printf("watchdog released %lu\n", (unsigned long)host_millis());
        }
    }
}
