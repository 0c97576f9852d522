/* Runs the C codec over every vector of test-vectors.json: decode, re-encode, and the byte receiver. */
#include <stdio.h>
#include <string.h>

#include "frame.h"
#include "receiver.h"
#include "vectors.gen.h"

static int bitmaps_equal(const uint8_t *a, const uint8_t *b, uint8_t bits) {
    for (uint8_t i = 0; i < bits; i++) {
        if (fp_bit(a, i) != fp_bit(b, i)) return 0;
    }
    return 1;
}

static int messages_equal(const fp_message *a, const fp_message *b) {
    if (a->type != b->type || a->seq != b->seq) return 0;
    switch (a->type) {
    case FP_UNLOCK:
        return a->body.unlock.channel == b->body.unlock.channel && a->body.unlock.pulse_ms == b->body.unlock.pulse_ms &&
               a->body.unlock.command_id == b->body.unlock.command_id;
    case FP_CAPABILITIES: {
        const fp_capabilities *x = &a->body.capabilities, *y = &b->body.capabilities;
        return x->fw_major == y->fw_major && x->fw_minor == y->fw_minor && x->fw_patch == y->fw_patch &&
               x->lock_channels == y->lock_channels && x->door_inputs == y->door_inputs && x->probes == y->probes &&
               x->max_pulse_ms == y->max_pulse_ms && x->cooldown_ms == y->cooldown_ms &&
               x->watchdog_ms == y->watchdog_ms && bitmaps_equal(x->occupancy_fitted, y->occupancy_fitted, x->door_inputs);
    }
    case FP_STATES: {
        const fp_states *x = &a->body.states, *y = &b->body.states;
        return x->lock_count == y->lock_count && x->door_count == y->door_count &&
               bitmaps_equal(x->locks, y->locks, x->lock_count) && bitmaps_equal(x->doors, y->doors, x->door_count) &&
               bitmaps_equal(x->fitted, y->fitted, x->door_count) &&
               bitmaps_equal(x->occupied, y->occupied, x->door_count);
    }
    case FP_TEMPS:
        if (a->body.temps.count != b->body.temps.count) return 0;
        for (uint8_t i = 0; i < a->body.temps.count; i++) {
            const fp_probe *x = &a->body.temps.probes[i], *y = &b->body.temps.probes[i];
            if (x->status != y->status || x->centi_celsius != y->centi_celsius) return 0;
        }
        return 1;
    case FP_NACK:
        return a->body.nack.code == b->body.nack.code && a->body.nack.retry_after_ms == b->body.nack.retry_after_ms;
    case FP_DOOR_EVENT:
        return a->body.door_event.board_seq == b->body.door_event.board_seq &&
               a->body.door_event.input == b->body.door_event.input && a->body.door_event.open == b->body.door_event.open;
    default:
        return 1;
    }
}

/* The whole wire frame through the byte receiver, as the board sees it on its UART. */
static fp_error receive(const test_vector *v, fp_message *out) {
    static fp_receiver rx;
    fp_receiver_init(&rx);
    fp_error error = FP_OK;
    int blocks = 0;
    for (size_t i = 0; i < v->wire_len; i++) {
        fp_rx_result result = fp_receiver_push(&rx, v->wire[i]);
        if (result == FP_RX_OVERSIZE) {
            error = FP_ERR_OVERSIZE;
            blocks++;
        } else if (result == FP_RX_BLOCK) {
            int header_known;
            error = fp_decode_block(rx.block, rx.len, out, &header_known);
            blocks++;
        }
    }
    return blocks == 1 ? error : (fp_error)-1;
}

static int check(const test_vector *v) {
    /* 1. fp_decode_block on the bytes between the delimiters. */
    uint8_t block[512];
    size_t start = 0, end = v->wire_len;
    while (start < end && v->wire[start] == 0) start++;
    while (end > start && v->wire[end - 1] == 0) end--;
    memcpy(block, v->wire + start, end - start);
    fp_message decoded;
    int header_known;
    fp_error error = fp_decode_block(block, end - start, &decoded, &header_known);
    if (strcmp(fp_error_name(error), v->error) != 0) {
        printf("FAIL %s: decoded as %s, expected %s\n", v->name, fp_error_name(error), v->error);
        return 0;
    }
    if (v->valid && !messages_equal(&decoded, &v->message)) {
        printf("FAIL %s: decoded message differs\n", v->name);
        return 0;
    }
    /* 2. the same bytes through the board's receiver. */
    fp_message received;
    fp_error streamed = receive(v, &received);
    if (streamed != error || (v->valid && !messages_equal(&received, &v->message))) {
        printf("FAIL %s: through the receiver: %s\n", v->name, fp_error_name(streamed));
        return 0;
    }
    /* 3. encoding the expected message gives exactly the wire bytes. */
    if (v->valid) {
        uint8_t wire[FP_MAX_WIRE_SIZE];
        size_t len = fp_encode(&v->message, wire);
        if (len != v->wire_len || memcmp(wire, v->wire, len) != 0) {
            printf("FAIL %s: encodes to different bytes\n", v->name);
            return 0;
        }
    }
    return 1;
}

int main(void) {
    int passed = 0, failed = 0;
    for (size_t i = 0; i < TEST_VECTOR_COUNT; i++) {
        if (check(&TEST_VECTORS[i])) passed++;
        else failed++;
    }
    printf("test vectors: %d passed, %d failed\n", passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
}
