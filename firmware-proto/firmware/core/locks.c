#include "locks.h"

/* Times wrap after 49 days; a difference read as signed tells which came first. */
static int32_t until(uint32_t when, uint32_t now) { return (int32_t)(when - now); }

void locks_init(locks *l, const fp_hal *hal, uint8_t count, uint16_t cooldown_ms) {
    l->count = count > LOCKS_MAX ? LOCKS_MAX : count;
    l->cooldown_ms = cooldown_ms;
    for (uint8_t i = 0; i < l->count; i++) {
        l->channels[i].energised = 0;
        l->channels[i].cooling = 0;
        l->channels[i].pulse_ends = 0;
        l->channels[i].free_at = 0;
        hal->set_lock(hal->ctx, i, 0);
    }
}

uint16_t locks_busy_for(const locks *l, uint8_t channel, uint32_t now) {
    const lock_channel *c = &l->channels[channel];
    int32_t wait;
    if (c->energised) wait = until(c->pulse_ends, now) + (int32_t)l->cooldown_ms;
    else if (c->cooling) wait = until(c->free_at, now);
    else return 0;
    if (wait <= 0) return c->energised ? 1 : 0;
    return wait > 65535 ? 65535 : (uint16_t)wait;
}

void locks_pulse(locks *l, const fp_hal *hal, uint8_t channel, uint16_t pulse_ms, uint32_t now) {
    lock_channel *c = &l->channels[channel];
    c->energised = 1;
    c->pulse_ends = now + pulse_ms;
    c->free_at = c->pulse_ends + l->cooldown_ms;
    hal->set_lock(hal->ctx, channel, 1);
}

static void end_pulse(locks *l, const fp_hal *hal, uint8_t channel, uint32_t ended) {
    lock_channel *c = &l->channels[channel];
    c->energised = 0;
    c->cooling = 1;
    c->free_at = ended + l->cooldown_ms;
    hal->set_lock(hal->ctx, channel, 0);
}

void locks_poll(locks *l, const fp_hal *hal, uint32_t now) {
    for (uint8_t i = 0; i < l->count; i++) {
        lock_channel *c = &l->channels[i];
        if (c->energised && until(c->pulse_ends, now) <= 0) end_pulse(l, hal, i, c->pulse_ends);
        /* Forget a finished cooldown now, so that a channel idle for weeks is not mistaken for a busy one. */
        if (c->cooling && until(c->free_at, now) <= 0) c->cooling = 0;
    }
}

void locks_release_all(locks *l, const fp_hal *hal, uint32_t now) {
    for (uint8_t i = 0; i < l->count; i++) {
        if (l->channels[i].energised) end_pulse(l, hal, i, now);
        else hal->set_lock(hal->ctx, i, 0);
    }
}

uint8_t locks_energised(const locks *l, uint8_t channel) { return l->channels[channel].energised; }
