#include "doors.h"

void doors_init(doors *d, const fp_hal *hal, uint8_t count, uint16_t debounce_ms, uint32_t now) {
    d->count = count > DOORS_MAX ? DOORS_MAX : count;
    d->debounce_ms = debounce_ms;
    for (uint8_t i = 0; i < sizeof d->stable; i++) {
        d->stable[i] = 0;
        d->pending[i] = 0;
    }
    for (uint8_t i = 0; i < d->count; i++) {
        uint8_t open = hal->door_open(hal->ctx, i) ? 1 : 0;
        fp_set_bit(d->stable, i, open);
        fp_set_bit(d->pending, i, open);
        d->pending_since[i] = now;
    }
}

void doors_poll(doors *d, const fp_hal *hal, uint32_t now, door_changed changed, void *listener) {
    for (uint8_t i = 0; i < d->count; i++) {
        uint8_t raw = hal->door_open(hal->ctx, i) ? 1 : 0;
        if (raw != fp_bit(d->pending, i)) {
            /* A bounce or a new change: the input must hold this level for the whole debounce time. */
            fp_set_bit(d->pending, i, raw);
            d->pending_since[i] = now;
            continue;
        }
        if (raw != fp_bit(d->stable, i) && (uint32_t)(now - d->pending_since[i]) >= d->debounce_ms) {
            fp_set_bit(d->stable, i, raw);
            changed(listener, i, raw);
        }
    }
}

uint8_t doors_open(const doors *d, uint8_t input) { return (uint8_t)fp_bit(d->stable, input); }
