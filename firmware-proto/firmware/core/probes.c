#include "probes.h"

#include "onewire.h"

enum { PHASE_START, PHASE_WAIT, PHASE_READ };
enum { SKIP_ROM = 0xCC, CONVERT_T = 0x44, READ_SCRATCHPAD = 0xBE };
/* The DS18B20 holds 85.00 °C until its first conversion after power-up: never a real reading here. */
#define POWER_ON_RAW 0x0550
#define MIN_RAW (-55 * 16)
#define MAX_RAW (125 * 16)

void probes_init(probes *p, uint8_t count) {
    p->count = count > PROBES_MAX ? PROBES_MAX : count;
    p->phase = PHASE_START;
    p->next_bus = 0;
    p->conversion_started = 0;
    for (uint8_t i = 0; i < sizeof p->converting; i++) p->converting[i] = 0;
    for (uint8_t i = 0; i < p->count; i++) {
        p->readings[i].status = FP_PROBE_MISSING;
        p->readings[i].centi_celsius = 0;
    }
}

fp_probe probes_parse_scratchpad(const uint8_t scratchpad[9]) {
    fp_probe fault = {FP_PROBE_FAULT, 0};
    if (onewire_crc8(scratchpad, 8) != scratchpad[8]) return fault;
    int16_t raw = (int16_t)(uint16_t)(scratchpad[0] | (scratchpad[1] << 8));
    if (raw == POWER_ON_RAW || raw < MIN_RAW || raw > MAX_RAW) return fault;
    /* raw is in 1/16 °C; round to the nearest centi-degree, halves away from zero. */
    int32_t scaled = (int32_t)raw * 100;
    int32_t centi = scaled >= 0 ? (scaled + 8) / 16 : -((-scaled + 8) / 16);
    fp_probe ok = {FP_PROBE_OK, (int16_t)centi};
    return ok;
}

static void start_conversion(probes *p, const fp_hal *hal, uint8_t bus) {
    uint8_t present = hal->onewire_reset(hal->ctx, bus);
    fp_set_bit(p->converting, bus, present);
    if (!present) {
        p->readings[bus].status = FP_PROBE_MISSING;
        p->readings[bus].centi_celsius = 0;
        return;
    }
    onewire_write_byte(hal, bus, SKIP_ROM);
    onewire_write_byte(hal, bus, CONVERT_T);
}

static void read_result(probes *p, const fp_hal *hal, uint8_t bus) {
    if (!fp_bit(p->converting, bus)) return;
    if (!hal->onewire_reset(hal->ctx, bus)) {
        p->readings[bus].status = FP_PROBE_MISSING;
        p->readings[bus].centi_celsius = 0;
        return;
    }
    onewire_write_byte(hal, bus, SKIP_ROM);
    onewire_write_byte(hal, bus, READ_SCRATCHPAD);
    uint8_t scratchpad[9];
    for (uint8_t i = 0; i < 9; i++) scratchpad[i] = onewire_read_byte(hal, bus);
    p->readings[bus] = probes_parse_scratchpad(scratchpad);
}

void probes_poll(probes *p, const fp_hal *hal, uint32_t now) {
    if (p->count == 0) return;
    switch (p->phase) {
    case PHASE_START:
        start_conversion(p, hal, p->next_bus);
        if (++p->next_bus == p->count) {
            p->next_bus = 0;
            p->phase = PHASE_WAIT;
            p->conversion_started = now;
        }
        break;
    case PHASE_WAIT:
        if ((uint32_t)(now - p->conversion_started) >= PROBES_CONVERSION_MS) p->phase = PHASE_READ;
        break;
    default:
        read_result(p, hal, p->next_bus);
        if (++p->next_bus == p->count) {
            p->next_bus = 0;
            p->phase = PHASE_START;
        }
        break;
    }
}
