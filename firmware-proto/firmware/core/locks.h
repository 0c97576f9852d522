/* Lock channels: pulses timed by the board's own clock, maxPulseMs and cooldown (PROTOCOL.md 7.1, 7.3). */
#ifndef FP_LOCKS_H
#define FP_LOCKS_H

#include <stdint.h>

#include "../hal/hal.h"
#include "messages.h"

#ifndef LOCKS_MAX
#define LOCKS_MAX FP_MAX_CHANNELS
#endif

typedef struct {
    uint8_t energised;
    uint8_t cooling;      /* a pulse has ended and its cooldown has not */
    uint32_t pulse_ends;  /* while energised: when the pulse ends */
    uint32_t free_at;     /* while energised or cooling: when the cooldown ends */
} lock_channel;

typedef struct {
    uint8_t count;
    uint16_t cooldown_ms;
    lock_channel channels[LOCKS_MAX];
} locks;

void locks_init(locks *l, const fp_hal *hal, uint8_t count, uint16_t cooldown_ms);
/* 0 when the channel may pulse now, else the milliseconds until it may (at least 1, at most 65535). */
uint16_t locks_busy_for(const locks *l, uint8_t channel, uint32_t now);
void locks_pulse(locks *l, const fp_hal *hal, uint8_t channel, uint16_t pulse_ms, uint32_t now);
/* Ends every pulse and every cooldown that has run its time. Call it at least every few days: the
 * millisecond clock wraps, and a time is only told apart from another within 24 days. */
void locks_poll(locks *l, const fp_hal *hal, uint32_t now);
/* De-energises every output; the cooldown of a pulse cut short starts now. */
void locks_release_all(locks *l, const fp_hal *hal, uint32_t now);
uint8_t locks_energised(const locks *l, uint8_t channel);

#endif
