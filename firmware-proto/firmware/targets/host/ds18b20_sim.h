/*
 * A DS18B20 on a simulated one-wire bus, bit slot by bit slot: presence, SKIP ROM, CONVERT T and
 * READ SCRATCHPAD with its CRC. The host board and the tests put one behind each probe bus, so the
 * core's one-wire and DS18B20 code runs unchanged.
 */
#ifndef DS18B20_SIM_H
#define DS18B20_SIM_H

#include <stdint.h>

typedef struct {
    /* What a test sets. */
    uint8_t present;
    uint8_t corrupt_crc;
    int16_t centi_celsius;
    /* The device's own state. */
    uint8_t state;
    uint8_t bit_count;
    uint8_t byte;
    uint8_t converted;
    int16_t raw;
    uint8_t scratchpad[9];
} ds18b20_sim;

void ds18b20_sim_init(ds18b20_sim *s);
uint8_t ds18b20_sim_reset(ds18b20_sim *s);
void ds18b20_sim_write_bit(ds18b20_sim *s, uint8_t bit);
uint8_t ds18b20_sim_read_bit(ds18b20_sim *s);
/* 1 while the device sends (the master's next time slots are read slots). */
uint8_t ds18b20_sim_sending(const ds18b20_sim *s);
/* What the side channel's "probe" command sets: "missing", "fault" or centi-degrees (-5500..12500).
 * Returns 0, or -1 for a value it does not know (the probe is left as it was). */
int ds18b20_sim_set(ds18b20_sim *s, const char *value);

#endif
