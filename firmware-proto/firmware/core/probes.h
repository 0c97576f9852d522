/*
 * DS18B20 temperature probes, one per one-wire bus (probe slot i = bus i), externally powered.
 * Conversions run continuously in the background; TEMPS reports the last completed one and never
 * starts a conversion on request (PROTOCOL.md section 6, TEMPS). Until a slot's first conversion has
 * completed it reports `missing`: nothing has answered yet.
 */
#ifndef FP_PROBES_H
#define FP_PROBES_H

#include <stdint.h>

#include "../hal/hal.h"
#include "messages.h"

/* 750 ms for a 12-bit conversion, plus margin for a slow part. */
#define PROBES_CONVERSION_MS 800u

#ifndef PROBES_MAX
#define PROBES_MAX FP_MAX_PROBES
#endif

typedef struct {
    uint8_t count;
    uint8_t phase;
    uint8_t next_bus;
    uint32_t conversion_started;
    uint8_t converting[FP_BITMAP_BYTES(PROBES_MAX)];
    fp_probe readings[PROBES_MAX];
} probes;

void probes_init(probes *p, uint8_t count);
/* Does at most one bus transaction (a few ms of bit slots), so that replies stay within 50 ms. */
void probes_poll(probes *p, const fp_hal *hal, uint32_t now);
/* The reading a DS18B20 scratchpad gives: status and centi-degrees (0 unless ok). */
fp_probe probes_parse_scratchpad(const uint8_t scratchpad[9]);

#endif
