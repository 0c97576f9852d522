#include "control.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_index(const char *text, uint8_t count, uint8_t *index) {
    char *end;
    long value = text ? strtol(text, &end, 10) : -1;
    if (!text || *end != '\0' || value < 0 || value >= count) return -1;
    *index = (uint8_t)value;
    return 0;
}

static void set_probe(ds18b20_sim *probe, const char *value) {
    if (ds18b20_sim_set(probe, value) == 0) printf("ok\n");
    else printf("error probe value %s\n", value);
}

static void stats(const board *b) {
    unsigned long errors = 0;
    for (int i = 0; i <= FP_ERR_BAD_PAYLOAD; i++) errors += b->stats.errors[i];
    printf("stats frames=%lu errors=%lu pulses=%lu watchdog_trips=%lu\n", (unsigned long)b->stats.frames, errors,
           (unsigned long)b->stats.pulses, (unsigned long)b->stats.watchdog_trips);
}

void control_line(char *line, host_io *io, const board *b) {
    char *command = strtok(line, " \t\r\n");
    char *arg = strtok(NULL, " \t\r\n");
    char *value = strtok(NULL, " \t\r\n");
    uint8_t index;
    if (!command) return;
    if (strcmp(command, "locks") == 0) {
        printf("locks ");
        for (uint8_t i = 0; i < b->config.lock_channels; i++) putchar(io->lock_on[i] ? '1' : '0');
        putchar('\n');
    } else if (strcmp(command, "stats") == 0) {
        stats(b);
    } else if (strcmp(command, "door") == 0 && parse_index(arg, b->config.door_inputs, &index) == 0 && value &&
               (strcmp(value, "open") == 0 || strcmp(value, "closed") == 0)) {
        io->door_open[index] = strcmp(value, "open") == 0;
        printf("ok\n");
    } else if (strcmp(command, "occupied") == 0 && parse_index(arg, b->config.door_inputs, &index) == 0 && value &&
               (strcmp(value, "0") == 0 || strcmp(value, "1") == 0)) {
        io->occupied[index] = value[0] == '1';
        printf("ok\n");
    } else if (strcmp(command, "probe") == 0 && parse_index(arg, b->config.probes, &index) == 0 && value) {
        set_probe(&io->probes[index], value);
    } else {
        printf("error unknown command %s\n", command);
    }
}
