/* The board: answers the host's requests and pushes door events (PROTOCOL.md sections 3, 4 and 7). */
#ifndef FP_BOARD_H
#define FP_BOARD_H

#include <stdint.h>

#include "../hal/hal.h"
#include "command_ids.h"
#include "doors.h"
#include "frame.h"
#include "locks.h"
#include "probes.h"
#include "receiver.h"

#define BOARD_FW_MAJOR 1
#define BOARD_FW_MINOR 0
#define BOARD_FW_PATCH 0

typedef struct {
    uint8_t lock_channels;
    uint8_t door_inputs;
    uint8_t probes;
    uint16_t max_pulse_ms;
    uint16_t cooldown_ms;
    /* Host-silence watchdog, at least 1 ms (the CAPABILITIES field has no "off" value). */
    uint16_t watchdog_ms;
    /* At least 20 ms (PROTOCOL.md section 8). */
    uint16_t debounce_ms;
    uint8_t occupancy_fitted[FP_BITMAP_BYTES(FP_MAX_INPUTS)];
} board_config;

typedef struct {
    uint32_t frames;               /* frames that passed every check */
    uint32_t errors[FP_ERR_BAD_PAYLOAD + 1]; /* dropped frames by fp_error */
    uint32_t pulses;
    uint32_t watchdog_trips;
} board_stats;

typedef struct {
    const fp_hal *hal;
    board_config config;
    fp_receiver rx;
    locks locks;
    doors doors;
    probes probes;
    command_ids command_ids;
    uint16_t board_seq;
    uint32_t last_host_frame;
    uint8_t watchdog_tripped;
    board_stats stats;
    fp_message message; /* the frame in hand: the request, then its reply */
    uint8_t wire[FP_MAX_WIRE_SIZE];
} board;

/* Returns 0, or -1 when the configuration breaks a protocol limit. All outputs start off. */
int board_init(board *b, const board_config *config, const fp_hal *hal);
/* Hands the board one byte from the host's line; a complete frame is answered at once. */
void board_receive(board *b, uint8_t byte);
/* Ends pulses, runs the watchdog, debounces doors and steps the probes; call it continuously. */
void board_poll(board *b);

#endif
