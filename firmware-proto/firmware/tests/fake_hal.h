/* A HAL for unit tests: a clock the test moves, inputs it sets, outputs and replies it reads. */
#ifndef FAKE_HAL_H
#define FAKE_HAL_H

#include <stdint.h>

#include "../core/board.h"
#include "../targets/host/ds18b20_sim.h"

#define FAKE_MAX_REPLIES 32

typedef struct {
    fp_hal hal;
    uint32_t now;
    uint8_t lock_on[FP_MAX_CHANNELS];
    uint32_t lock_switch_ons[FP_MAX_CHANNELS];
    uint8_t door_open[FP_MAX_INPUTS];
    uint8_t occupied[FP_MAX_INPUTS];
    ds18b20_sim probes[FP_MAX_PROBES];
    fp_receiver rx;
    fp_message replies[FAKE_MAX_REPLIES];
    int reply_count;
    int undecodable;
    board board;
} fake;

/* A board with 4 channels, 4 doors (occupancy on 1 and 3), 2 probes; pulses up to 2000 ms, 1000 ms
 * cooldown, 6000 ms watchdog, 30 ms debounce, unless config is given. */
void fake_init(fake *f, const board_config *config);
board_config fake_default_config(void);
/* Moves the clock in 1 ms steps, polling the board at each. */
void fake_advance(fake *f, uint32_t ms);
/* Sends a request to the board and returns how many frames it answered with. */
int fake_send(fake *f, const fp_message *request);
void fake_send_bytes(fake *f, const uint8_t *bytes, size_t len);
/* The last frame the board sent, or a message of type 0 when it sent none. */
const fp_message *fake_last_reply(const fake *f);
void fake_clear_replies(fake *f);

fp_message unlock_request(uint16_t seq, uint8_t channel, uint16_t pulse_ms, uint32_t command_id);
fp_message plain_request(uint16_t seq, uint8_t type);

#endif
