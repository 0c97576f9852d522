#include "ds18b20_sim.h"

#include <stdlib.h>
#include <string.h>

#include "../../core/onewire.h"

enum { IDLE, ROM_COMMAND, FUNCTION_COMMAND, READING };
#define POWER_ON_RAW 0x0550

void ds18b20_sim_init(ds18b20_sim *s) {
    s->present = 0;
    s->corrupt_crc = 0;
    s->centi_celsius = 0;
    s->state = IDLE;
    s->bit_count = 0;
    s->byte = 0;
    s->converted = 0;
    s->raw = POWER_ON_RAW;
}

uint8_t ds18b20_sim_reset(ds18b20_sim *s) {
    s->state = s->present ? ROM_COMMAND : IDLE;
    s->bit_count = 0;
    s->byte = 0;
    return s->present;
}

/* 1/16 °C, rounded to the nearest step as the sensor's 12-bit resolution does. */
static int16_t to_raw(int16_t centi) {
    int32_t scaled = (int32_t)centi * 16;
    return (int16_t)(scaled >= 0 ? (scaled + 50) / 100 : -((-scaled + 50) / 100));
}

static void fill_scratchpad(ds18b20_sim *s) {
    s->scratchpad[0] = (uint8_t)(uint16_t)s->raw;
    s->scratchpad[1] = (uint8_t)((uint16_t)s->raw >> 8);
    s->scratchpad[2] = 0x4B; /* TH and TL alarm registers, configuration (12 bit), reserved bytes */
    s->scratchpad[3] = 0x46;
    s->scratchpad[4] = 0x7F;
    s->scratchpad[5] = 0xFF;
    s->scratchpad[6] = 0x0C;
    s->scratchpad[7] = 0x10;
    s->scratchpad[8] = onewire_crc8(s->scratchpad, 8);
    if (s->corrupt_crc) s->scratchpad[8] ^= 0x5A;
}

static void command(ds18b20_sim *s, uint8_t byte) {
    if (s->state == ROM_COMMAND) {
        s->state = byte == 0xCC ? FUNCTION_COMMAND : IDLE; /* only SKIP ROM: one device per bus */
        return;
    }
    if (byte == 0x44) {
        s->raw = to_raw(s->centi_celsius);
        s->converted = 1;
        s->state = IDLE;
    } else if (byte == 0xBE) {
        fill_scratchpad(s);
        s->state = READING;
    } else {
        s->state = IDLE;
    }
}

void ds18b20_sim_write_bit(ds18b20_sim *s, uint8_t bit) {
    if (s->state != ROM_COMMAND && s->state != FUNCTION_COMMAND) return;
    if (bit) s->byte = (uint8_t)(s->byte | (1u << s->bit_count));
    if (++s->bit_count < 8) return;
    uint8_t byte = s->byte;
    s->bit_count = 0;
    s->byte = 0;
    command(s, byte);
}

uint8_t ds18b20_sim_read_bit(ds18b20_sim *s) {
    if (s->state != READING || s->bit_count >= 72) return 1; /* nobody drives the line: the pull-up reads 1 */
    uint8_t bit = (uint8_t)((s->scratchpad[s->bit_count / 8] >> (s->bit_count % 8)) & 1u);
    s->bit_count++;
    return bit;
}

uint8_t ds18b20_sim_sending(const ds18b20_sim *s) { return s->state == READING && s->bit_count < 72; }

int ds18b20_sim_set(ds18b20_sim *s, const char *value) {
    char *end;
    long centi;
    if (strcmp(value, "missing") == 0) {
        s->present = 0;
    } else if (strcmp(value, "fault") == 0) {
        s->present = 1;
        s->corrupt_crc = 1;
    } else if ((centi = strtol(value, &end, 10)), *end == '\0' && centi >= -5500 && centi <= 12500) {
        s->present = 1;
        s->corrupt_crc = 0;
        s->centi_celsius = (int16_t)centi;
    } else {
        return -1;
    }
    return 0;
}
