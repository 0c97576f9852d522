/*
 * Runs the AVR build of the board in simavr: an ATmega2560 at 16 MHz whose USART0 is a pseudo-terminal
 * (simavr's uart_pty part). The side channel is the host board's (targets/host/control.h) on stdin and
 * stdout, acting on the MCU's pins: door switches on PORTF/PORTK, occupancy on PORTL, DS18B20s on the
 * one-wire lines of PORTH, and every change of a lock output on PORTA/PORTC is printed as
 * "lock <ch> on|off <simulated ms>".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <avr_ioport.h>
#include <parts/uart_pty.h>
#include <sim_avr.h>
#include <sim_elf.h>
#include <sim_time.h>

#include "onewire_sim.h"
#include "pins_sim.h"

#define LOCKS 16
#define DOORS 16
#define OCCUPANCY 8

static avr_t *avr;
static uint8_t lock_on[LOCKS];

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

static int parse_index(const char *text, int count) {
    char *end;
    long value = text ? strtol(text, &end, 10) : -1;
    return (!text || *end != '\0' || value < 0 || value >= count) ? -1 : (int)value;
}

static void set_probe(ds18b20_sim *probe, const char *value) {
    if (ds18b20_sim_set(probe, value) == 0) printf("ok\n");
    else printf("error probe value %s\n", value);
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
        pins_sim_drive(index < 8 ? 'F' : 'K', index % 8, open);
        printf("ok\n");
    } else if (strcmp(command, "occupied") == 0 && (index = parse_index(arg, OCCUPANCY)) >= 0 && value &&
               (strcmp(value, "0") == 0 || strcmp(value, "1") == 0)) {
        pins_sim_drive('L', 7 - index, value[0] == '0'); /* D42 is PL7; goods inside pull it low */
        printf("ok\n");
    } else if (strcmp(command, "probe") == 0 && (index = parse_index(arg, ONEWIRE_SIM_BUSES)) >= 0 && value) {
        set_probe(onewire_sim_probe(index), value);
    } else {
        printf("error unsupported command %s\n", command);
    }
}

static void serve_side_channel(void) {
    static char line[256];
    static size_t line_len;
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
    if (got == 0) exit(0); /* stdin closed: whoever started us is gone */
    if (errno != EAGAIN && errno != EWOULDBLOCK) exit(1);
}

int main(int argc, char **argv) {
    if (argc != 2 && !(argc == 4 && strcmp(argv[2], "--pty-path-file") == 0)) {
        fprintf(stderr, "usage: regiobox-simavr FIRMWARE.elf [--pty-path-file FILE]\n");
        return 2;
    }
    const char *path_file = argc == 4 ? argv[3] : NULL;
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
    pins_sim_init(avr);
    onewire_sim_init(avr);
    if (path_file) {
        FILE *file = fopen(path_file, "w");
        if (!file || fprintf(file, "%s\n", uart.pty.slavename) < 0 || fclose(file) != 0) {
            perror(path_file);
            return 1;
        }
    }
    printf("pty %s\n", uart.pty.slavename);

    fcntl(STDIN_FILENO, F_SETFL, fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK);
    for (unsigned long step = 0;; step++) {
        int state = avr_run(avr);
        if (state == cpu_Done || state == cpu_Crashed) {
            fprintf(stderr, "the MCU stopped (state %d)\n", state);
            return 1;
        }
        if (step % 4096 == 0) serve_side_channel();
    }
}
