/*
 * Runs the AVR build of the board in simavr: an ATmega2560 at 16 MHz whose USART0 is a pseudo-terminal
 * (simavr's uart_pty part). The side channel is the host board's (targets/host/control.h) on stdin and
 * stdout, acting on the MCU's pins: door switches on PORTF/PORTK, occupancy on PORTL, and every
 * change of a lock output on PORTA/PORTC is printed as "lock <ch> on|off <simulated ms>".
 * The one-wire lines only have their pull-ups: no DS18B20 is simulated, the probes read `missing`.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <avr_ioport.h>
#include <parts/uart_pty.h>
#include <sim_avr.h>
#include <sim_elf.h>
#include <sim_time.h>

#define LOCKS 16
#define DOORS 16
#define OCCUPANCY 8

static avr_t *avr;
static uint8_t lock_on[LOCKS];
/* The level each input pin's outside world holds, per port: F, K (doors), L (occupancy), H (one-wire). */
static uint8_t level_f = 0x00, level_k = 0x00, level_l = 0xFF, level_h = 0xFF;

static unsigned long simulated_ms(void) { return (unsigned long)(avr_cycles_to_usec(avr, avr->cycle) / 1000); }

static void lock_changed(struct avr_irq_t *irq, uint32_t value, void *param) {
    (void)irq;
    uint8_t channel = (uint8_t)(uintptr_t)param;
    uint8_t on = value & 1u;
    if (lock_on[channel] == on) return;
    lock_on[channel] = on;
    printf("lock %u %s %lu\n", channel, on ? "on" : "off", simulated_ms());
}

static void watch_locks(void) {
    for (uint8_t channel = 0; channel < LOCKS; channel++) {
        /* channels 0-7: PA0-PA7 (D22-D29); channels 8-15: PC7-PC0 (D30-D37) */
        char port = channel < 8 ? 'A' : 'C';
        int pin = channel < 8 ? channel : 15 - channel;
        avr_irq_t *irq = avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ(port), pin);
        avr_irq_register_notify(irq, lock_changed, (void *)(uintptr_t)channel);
    }
}

/* The pin's outside level; it wins over the MCU's internal pull-up, as a switch to GND does. */
static void drive(char port, uint8_t *levels, int pin, uint8_t high) {
    if (high) *levels = (uint8_t)(*levels | (1u << pin));
    else *levels = (uint8_t)(*levels & ~(1u << pin));
    avr_ioport_external_t external = {.name = (unsigned)port, .mask = 0xFF, .value = *levels};
    avr_ioctl(avr, AVR_IOCTL_IOPORT_SET_EXTERNAL(port), &external);
    avr_raise_irq(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ(port), pin), high);
}

static void drive_all(void) {
    for (int pin = 0; pin < 8; pin++) {
        drive('F', &level_f, pin, (level_f >> pin) & 1u);
        drive('K', &level_k, pin, (level_k >> pin) & 1u);
        drive('L', &level_l, pin, (level_l >> pin) & 1u);
    }
    for (int pin = 3; pin <= 6; pin++) drive('H', &level_h, pin, 1);
}

static int parse_index(const char *text, int count) {
    char *end;
    long value = text ? strtol(text, &end, 10) : -1;
    return (!text || *end != '\0' || value < 0 || value >= count) ? -1 : (int)value;
}

static void control_line(char *line) {
    char *command = strtok(line, " \t\r\n");
    char *arg = strtok(NULL, " \t\r\n");
    char *value = strtok(NULL, " \t\r\n");
    int index;
    if (!command) return;
    if (strcmp(command, "locks") == 0) {
        printf("locks ");
        for (int i = 0; i < LOCKS; i++) putchar(lock_on[i] ? '1' : '0');
        putchar('\n');
    } else if (strcmp(command, "door") == 0 && (index = parse_index(arg, DOORS)) >= 0 && value &&
               (strcmp(value, "open") == 0 || strcmp(value, "closed") == 0)) {
        uint8_t open = strcmp(value, "open") == 0; /* the reed contact opens: the pull-up reads high */
        if (index < 8) drive('F', &level_f, index, open);
        else drive('K', &level_k, index - 8, open);
        printf("ok\n");
    } else if (strcmp(command, "occupied") == 0 && (index = parse_index(arg, OCCUPANCY)) >= 0 && value &&
               (strcmp(value, "0") == 0 || strcmp(value, "1") == 0)) {
        drive('L', &level_l, 7 - index, value[0] == '0'); /* D42 is PL7; goods inside pull it low */
        printf("ok\n");
    } else {
        printf("error unsupported command %s\n", command);
    }
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: regiobox-simavr FIRMWARE.elf [--pty-path-file FILE]\n");
        return 2;
    }
    const char *path_file = argc >= 4 && strcmp(argv[2], "--pty-path-file") == 0 ? argv[3] : NULL;
    setvbuf(stdout, NULL, _IOLBF, 0);

    elf_firmware_t firmware;
    memset(&firmware, 0, sizeof firmware);
    if (elf_read_firmware(argv[1], &firmware) != 0) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 1;
    }
    avr = avr_make_mcu_by_name("atmega2560");
    if (!avr || avr_init(avr) != 0) {
        fprintf(stderr, "simavr has no atmega2560\n");
        return 1;
    }
    firmware.frequency = 16000000;
    avr_load_firmware(avr, &firmware);
    avr->frequency = 16000000;
    avr->log = LOG_ERROR;

    static uart_pty_t uart;
    uart_pty_init(avr, &uart);
    uart_pty_connect(&uart, '0');
    watch_locks();
    drive_all();
    if (path_file) {
        FILE *file = fopen(path_file, "w");
        if (!file || fprintf(file, "%s\n", uart.pty.slavename) < 0 || fclose(file) != 0) {
            perror(path_file);
            return 1;
        }
    }
    printf("pty %s\n", uart.pty.slavename);

    fcntl(STDIN_FILENO, F_SETFL, fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK);
    char line[256];
    size_t line_len = 0;
    for (unsigned long step = 0;; step++) {
        int state = avr_run(avr);
        if (state == cpu_Done || state == cpu_Crashed) {
            fprintf(stderr, "the MCU stopped (state %d)\n", state);
            return 1;
        }
        if (step % 4096 != 0) continue;
        char c;
        ssize_t got;
        while ((got = read(STDIN_FILENO, &c, 1)) == 1) {
            if (c == '\n' || line_len == sizeof line - 1) {
                line[line_len] = '\0';
                line_len = 0;
                control_line(line);
            } else {
                line[line_len++] = c;
            }
        }
        if (got == 0) return 0; /* stdin closed: whoever started us is gone */
        if (got < 0 && errno != EAGAIN) return 1;
    }
}
