#include "fake_hal.h"

#include <string.h>

static uint32_t fake_millis(void *ctx) { return ((fake *)ctx)->now; }

static void fake_set_lock(void *ctx, uint8_t channel, uint8_t on) {
    fake *f = ctx;
    if (on && !f->lock_on[channel]) f->lock_switch_ons[channel]++;
    f->lock_on[channel] = on;
}

static uint8_t fake_door_open(void *ctx, uint8_t input) { return ((fake *)ctx)->door_open[input]; }
static uint8_t fake_occupied(void *ctx, uint8_t input) { return ((fake *)ctx)->occupied[input]; }

static void fake_uart_write(void *ctx, const uint8_t *bytes, size_t len) {
    fake *f = ctx;
    for (size_t i = 0; i < len; i++) {
        if (fp_receiver_push(&f->rx, bytes[i]) != FP_RX_BLOCK) continue;
        fp_message message;
        int header_known;
        if (fp_decode_block(f->rx.block, f->rx.len, &message, &header_known) != FP_OK) {
            f->undecodable++;
        } else if (f->reply_count < FAKE_MAX_REPLIES) {
            f->replies[f->reply_count++] = message;
        }
    }
}

static uint8_t fake_ow_reset(void *ctx, uint8_t bus) { return ds18b20_sim_reset(&((fake *)ctx)->probes[bus]); }
static void fake_ow_write_bit(void *ctx, uint8_t bus, uint8_t bit) { ds18b20_sim_write_bit(&((fake *)ctx)->probes[bus], bit); }
static uint8_t fake_ow_read_bit(void *ctx, uint8_t bus) { return ds18b20_sim_read_bit(&((fake *)ctx)->probes[bus]); }

board_config fake_default_config(void) {
    board_config config;
    memset(&config, 0, sizeof config);
    config.lock_channels = 4;
    config.door_inputs = 4;
    config.probes = 2;
    config.max_pulse_ms = 2000;
    config.cooldown_ms = 1000;
    config.watchdog_ms = 6000;
    config.debounce_ms = 30;
    config.occupancy_fitted[0] = 0x0A;
    return config;
}

void fake_init(fake *f, const board_config *config) {
    memset(f, 0, sizeof *f);
    f->now = 1000;
    for (int i = 0; i < FP_MAX_PROBES; i++) ds18b20_sim_init(&f->probes[i]);
    fp_receiver_init(&f->rx);
    f->hal.ctx = f;
    f->hal.millis = fake_millis;
    f->hal.set_lock = fake_set_lock;
    f->hal.door_open = fake_door_open;
    f->hal.occupied = fake_occupied;
    f->hal.uart_write = fake_uart_write;
    f->hal.onewire_reset = fake_ow_reset;
    f->hal.onewire_write_bit = fake_ow_write_bit;
    f->hal.onewire_read_bit = fake_ow_read_bit;
    board_config fallback = fake_default_config();
    board_init(&f->board, config ? config : &fallback, &f->hal);
}

void fake_advance(fake *f, uint32_t ms) {
    for (uint32_t i = 0; i < ms; i++) {
        f->now++;
        board_poll(&f->board);
    }
}

void fake_send_bytes(fake *f, const uint8_t *bytes, size_t len) {
    for (size_t i = 0; i < len; i++) board_receive(&f->board, bytes[i]);
}

int fake_send(fake *f, const fp_message *request) {
    uint8_t wire[FP_MAX_WIRE_SIZE];
    int before = f->reply_count;
    fake_send_bytes(f, wire, fp_encode(request, wire));
    return f->reply_count - before;
}

const fp_message *fake_last_reply(const fake *f) {
    static const fp_message none = {0, 0, {{0, 0, 0}}};
    return f->reply_count ? &f->replies[f->reply_count - 1] : &none;
}

void fake_clear_replies(fake *f) { f->reply_count = 0; }

fp_message unlock_request(uint16_t seq, uint8_t channel, uint16_t pulse_ms, uint32_t command_id) {
    fp_message m = plain_request(seq, FP_UNLOCK);
    m.body.unlock.channel = channel;
    m.body.unlock.pulse_ms = pulse_ms;
    m.body.unlock.command_id = command_id;
    return m;
}

fp_message plain_request(uint16_t seq, uint8_t type) {
    fp_message m;
    memset(&m, 0, sizeof m);
    m.type = type;
    m.seq = seq;
    return m;
}
