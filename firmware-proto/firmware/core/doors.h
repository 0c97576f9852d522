/* Debounced door switches (PROTOCOL.md 7.4): a change counts once it has held for debounce_ms. */
#ifndef FP_DOORS_H
#define FP_DOORS_H

#include <stdint.h>

#include "../hal/hal.h"
#include "messages.h"

#ifndef DOORS_MAX
#define DOORS_MAX FP_MAX_INPUTS
#endif

typedef struct {
    uint8_t count;
    uint16_t debounce_ms;
    uint8_t stable[FP_BITMAP_BYTES(DOORS_MAX)];
    uint8_t pending[FP_BITMAP_BYTES(DOORS_MAX)];
    uint32_t pending_since[DOORS_MAX];
} doors;

/* Called for each debounced change, in input order. */
typedef void (*door_changed)(void *listener, uint8_t input, uint8_t open);

/* Takes the inputs as they are at start-up as the debounced state, without events. */
void doors_init(doors *d, const fp_hal *hal, uint8_t count, uint16_t debounce_ms, uint32_t now);
void doors_poll(doors *d, const fp_hal *hal, uint32_t now, door_changed changed, void *listener);
uint8_t doors_open(const doors *d, uint8_t input);

#endif
