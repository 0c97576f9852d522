#include "board.h"

#include <string.h>

#include "payload.h"

#define MIN_DEBOUNCE_MS 20

int board_init(board *b, const board_config *config, const fp_hal *hal) {
    if (config->lock_channels > LOCKS_MAX || config->door_inputs > DOORS_MAX || config->probes > PROBES_MAX) return -1;
    if (config->max_pulse_ms == 0 || config->watchdog_ms == 0 || config->debounce_ms < MIN_DEBOUNCE_MS) return -1;
    memset(b, 0, sizeof *b);
    b->hal = hal;
    b->config = *config;
    uint32_t now = hal->millis(hal->ctx);
    fp_receiver_init(&b->rx);
    locks_init(&b->locks, hal, config->lock_channels, config->cooldown_ms);
    doors_init(&b->doors, hal, config->door_inputs, config->debounce_ms, now);
    probes_init(&b->probes, config->probes);
    command_ids_init(&b->command_ids);
    b->last_host_frame = now;
    return 0;
}

static void send(board *b) {
    size_t len = fp_encode(&b->message, b->wire);
    b->hal->uart_write(b->hal->ctx, b->wire, len);
}

static void reply(board *b, uint8_t type) {
    b->message.type = type;
    send(b);
}

static void nack(board *b, uint8_t code, uint16_t retry_after_ms) {
    b->message.type = FP_NACK;
    b->message.body.nack.code = code;
    b->message.body.nack.retry_after_ms = retry_after_ms;
    send(b);
}

static void on_door_changed(void *listener, uint8_t input, uint8_t open) {
    board *b = listener;
    b->message.type = FP_DOOR_EVENT;
    b->message.seq = 0;
    b->message.body.door_event.board_seq = b->board_seq++;
    b->message.body.door_event.input = input;
    b->message.body.door_event.open = open;
    send(b);
}

static void run_timers(board *b, uint32_t now) {
    locks_poll(&b->locks, b->hal, now);
    if (!b->watchdog_tripped && (uint32_t)(now - b->last_host_frame) >= b->config.watchdog_ms) {
        locks_release_all(&b->locks, b->hal, now);
        b->watchdog_tripped = 1;
        b->stats.watchdog_trips++;
    }
}

static void unlock(board *b, uint32_t now) {
    const fp_unlock u = b->message.body.unlock;
    command_match match = command_ids_match(&b->command_ids, u.command_id, u.channel, u.pulse_ms);
    uint16_t busy_for = u.channel < b->config.lock_channels ? locks_busy_for(&b->locks, u.channel, now) : 0;
    if (match == COMMAND_REPEAT) {
        reply(b, FP_ACK); /* executed before: the ACK was lost, the door is not pulsed again */
    } else if (match == COMMAND_CONFLICT) {
        nack(b, FP_NACK_COMMAND_ID_CONFLICT, 0);
    } else if (u.channel >= b->config.lock_channels) {
        nack(b, FP_NACK_UNKNOWN_CHANNEL, 0);
    } else if (u.pulse_ms == 0 || u.pulse_ms > b->config.max_pulse_ms) {
        nack(b, FP_NACK_PULSE_OUT_OF_RANGE, 0);
    } else if (busy_for > 0) {
        nack(b, FP_NACK_COOLDOWN, busy_for);
    } else {
        locks_pulse(&b->locks, b->hal, u.channel, u.pulse_ms, now);
        command_ids_remember(&b->command_ids, u.command_id, u.channel, u.pulse_ms);
        b->stats.pulses++;
        reply(b, FP_ACK);
    }
}

static void capabilities(board *b) {
    fp_capabilities *c = &b->message.body.capabilities;
    c->fw_major = BOARD_FW_MAJOR;
    c->fw_minor = BOARD_FW_MINOR;
    c->fw_patch = BOARD_FW_PATCH;
    c->lock_channels = b->config.lock_channels;
    c->door_inputs = b->config.door_inputs;
    c->probes = b->config.probes;
    c->max_pulse_ms = b->config.max_pulse_ms;
    c->cooldown_ms = b->config.cooldown_ms;
    c->watchdog_ms = b->config.watchdog_ms;
    memcpy(c->occupancy_fitted, b->config.occupancy_fitted, sizeof c->occupancy_fitted);
    reply(b, FP_CAPABILITIES);
}

static void states(board *b) {
    fp_states *s = &b->message.body.states;
    memset(s, 0, sizeof *s);
    s->lock_count = b->config.lock_channels;
    for (uint8_t i = 0; i < s->lock_count; i++) fp_set_bit(s->locks, i, locks_energised(&b->locks, i));
    s->door_count = b->config.door_inputs;
    for (uint8_t i = 0; i < s->door_count; i++) {
        fp_set_bit(s->doors, i, doors_open(&b->doors, i));
        if (!fp_bit(b->config.occupancy_fitted, i)) continue;
        fp_set_bit(s->fitted, i, 1);
        fp_set_bit(s->occupied, i, b->hal->occupied(b->hal->ctx, i) ? 1 : 0);
    }
    reply(b, FP_STATES);
}

static void temps(board *b) {
    fp_temps *t = &b->message.body.temps;
    t->count = b->probes.count;
    memcpy(t->probes, b->probes.readings, sizeof(fp_probe) * t->count);
    reply(b, FP_TEMPS);
}

static void dispatch(board *b, uint32_t now) {
    switch (b->message.type) {
    case FP_HELLO: capabilities(b); break;
    case FP_PING: reply(b, FP_PONG); break;
    case FP_UNLOCK: unlock(b, now); break;
    case FP_RELEASE_ALL:
        locks_release_all(&b->locks, b->hal, now);
        reply(b, FP_ACK);
        break;
    case FP_READ_STATES: states(b); break;
    case FP_READ_TEMPS: temps(b); break;
    default: nack(b, FP_NACK_UNSUPPORTED_TYPE, 0); break;
    }
}

static void handle_block(board *b) {
    int header_known;
    fp_error error = fp_decode_block(b->rx.block, b->rx.len, &b->message, &header_known);
    if (error == FP_OK) b->stats.frames++;
    else b->stats.errors[error]++;
    if (!header_known) return; /* checks 1-5: no field can be trusted, the host times out and retries */

    uint32_t now = b->hal->millis(b->hal->ctx);
    run_timers(b, now);
    /* Any frame that passed the CRC proves the host alive (PROTOCOL.md 7.5). */
    b->last_host_frame = now;
    b->watchdog_tripped = 0;

    switch (error) {
    case FP_OK: dispatch(b, now); break;
    case FP_ERR_BAD_VERSION: nack(b, FP_NACK_BAD_VERSION, 0); break;
    case FP_ERR_UNKNOWN_TYPE: nack(b, FP_NACK_UNSUPPORTED_TYPE, 0); break;
    default: nack(b, FP_NACK_BAD_PAYLOAD, 0); break;
    }
}

void board_receive(board *b, uint8_t byte) {
    fp_rx_result result = fp_receiver_push(&b->rx, byte);
    if (result == FP_RX_OVERSIZE) b->stats.errors[FP_ERR_OVERSIZE]++;
    else if (result == FP_RX_BLOCK) handle_block(b);
}

void board_poll(board *b) {
    uint32_t now = b->hal->millis(b->hal->ctx);
    run_timers(b, now);
    doors_poll(&b->doors, b->hal, now, on_door_changed, b);
    probes_poll(&b->probes, b->hal, now);
}
