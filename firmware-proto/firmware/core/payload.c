#include "payload.h"

#include <string.h>

typedef struct {
    const uint8_t *bytes;
    uint8_t len;
    uint8_t at;
    uint8_t bad;
} reader;

static uint8_t take_u8(reader *r) {
    if (r->at >= r->len) {
        r->bad = 1;
        return 0;
    }
    return r->bytes[r->at++];
}

static uint16_t take_u16(reader *r) {
    uint16_t low = take_u8(r);
    return (uint16_t)(low | ((uint16_t)take_u8(r) << 8));
}

static uint32_t take_u32(reader *r) {
    uint32_t low = take_u16(r);
    return low | ((uint32_t)take_u16(r) << 16);
}

/* A count of channels, inputs or probes; the protocol caps each at 64 so that replies fit a frame. */
static uint8_t take_count(reader *r, uint8_t max) {
    uint8_t count = take_u8(r);
    if (count > max) r->bad = 1;
    return count;
}

/* Padding bits above count MUST be 0, so that every message has exactly one encoding. */
static void take_bitmap(reader *r, uint8_t count, uint8_t *bits) {
    uint8_t bytes = (uint8_t)FP_BITMAP_BYTES(count);
    memset(bits, 0, FP_BITMAP_BYTES(FP_MAX_INPUTS));
    for (uint8_t i = 0; i < bytes; i++) bits[i] = take_u8(r);
    if (count % 8u != 0 && (bits[bytes - 1] >> (count % 8u)) != 0) r->bad = 1;
}

int fp_type_known(uint8_t type) {
    switch (type) {
    case FP_HELLO: case FP_PING: case FP_UNLOCK: case FP_RELEASE_ALL: case FP_READ_STATES:
    case FP_READ_TEMPS: case FP_CAPABILITIES: case FP_PONG: case FP_STATES: case FP_TEMPS:
    case FP_ACK: case FP_NACK: case FP_DOOR_EVENT:
        return 1;
    default:
        return 0;
    }
}

static void read_capabilities(reader *r, fp_capabilities *c) {
    c->fw_major = take_u8(r);
    c->fw_minor = take_u8(r);
    c->fw_patch = take_u8(r);
    c->lock_channels = take_count(r, FP_MAX_CHANNELS);
    c->door_inputs = take_count(r, FP_MAX_INPUTS);
    c->probes = take_count(r, FP_MAX_PROBES);
    c->max_pulse_ms = take_u16(r);
    c->cooldown_ms = take_u16(r);
    c->watchdog_ms = take_u16(r);
    if (c->watchdog_ms == 0) r->bad = 1; /* every board has a host-silence watchdog */
    if (!r->bad) take_bitmap(r, c->door_inputs, c->occupancy_fitted);
}

static void read_states(reader *r, fp_states *s) {
    s->lock_count = take_count(r, FP_MAX_CHANNELS);
    if (r->bad) return;
    take_bitmap(r, s->lock_count, s->locks);
    s->door_count = take_count(r, FP_MAX_INPUTS);
    if (r->bad) return;
    take_bitmap(r, s->door_count, s->doors);
    take_bitmap(r, s->door_count, s->fitted);
    take_bitmap(r, s->door_count, s->occupied);
    for (uint8_t i = 0; i < FP_BITMAP_BYTES(FP_MAX_INPUTS); i++) {
        if (s->occupied[i] & (uint8_t)~s->fitted[i]) r->bad = 1;
    }
}

static void read_temps(reader *r, fp_temps *t) {
    t->count = take_count(r, FP_MAX_PROBES);
    for (uint8_t i = 0; i < t->count && !r->bad; i++) {
        fp_probe *probe = &t->probes[i];
        probe->status = take_u8(r);
        probe->centi_celsius = (int16_t)take_u16(r);
        if (probe->status > FP_PROBE_FAULT) r->bad = 1;
        if (probe->status != FP_PROBE_OK && probe->centi_celsius != 0) r->bad = 1;
    }
}

int fp_read_payload(const uint8_t *payload, uint8_t len, fp_message *out) {
    reader r = {payload, len, 0, 0};
    switch (out->type) {
    case FP_UNLOCK:
        out->body.unlock.channel = take_u8(&r);
        out->body.unlock.pulse_ms = take_u16(&r);
        out->body.unlock.command_id = take_u32(&r);
        break;
    case FP_CAPABILITIES:
        read_capabilities(&r, &out->body.capabilities);
        break;
    case FP_STATES:
        read_states(&r, &out->body.states);
        break;
    case FP_TEMPS:
        read_temps(&r, &out->body.temps);
        break;
    case FP_NACK:
        out->body.nack.code = take_u8(&r);
        out->body.nack.retry_after_ms = take_u16(&r);
        if (out->body.nack.code < FP_NACK_UNKNOWN_CHANNEL || out->body.nack.code > FP_NACK_BAD_VERSION) r.bad = 1;
        /* only COOLDOWN carries a retry-after, and always one of at least 1 ms */
        if ((out->body.nack.code == FP_NACK_COOLDOWN) != (out->body.nack.retry_after_ms > 0)) r.bad = 1;
        break;
    case FP_DOOR_EVENT:
        out->body.door_event.board_seq = take_u16(&r);
        out->body.door_event.input = take_u8(&r);
        out->body.door_event.open = take_u8(&r);
        if (out->body.door_event.open > 1) r.bad = 1;
        if (out->body.door_event.input >= FP_MAX_INPUTS) r.bad = 1;
        break;
    default:
        break; /* the empty payloads */
    }
    return (r.bad || r.at != r.len) ? -1 : 0;
}

typedef struct {
    uint8_t *bytes;
    uint8_t at;
} writer;

static void put_u8(writer *w, uint8_t value) { w->bytes[w->at++] = value; }

static void put_u16(writer *w, uint16_t value) {
    put_u8(w, (uint8_t)value);
    put_u8(w, (uint8_t)(value >> 8));
}

static void put_bitmap(writer *w, uint8_t count, const uint8_t *bits) {
    uint8_t bytes = (uint8_t)FP_BITMAP_BYTES(count);
    for (uint8_t i = 0; i < bytes; i++) {
        uint8_t byte = bits[i];
        if (i == bytes - 1 && count % 8u != 0) byte = (uint8_t)(byte & ((1u << (count % 8u)) - 1u));
        put_u8(w, byte);
    }
}

static void write_states(writer *w, const fp_states *s) {
    put_u8(w, s->lock_count);
    put_bitmap(w, s->lock_count, s->locks);
    put_u8(w, s->door_count);
    put_bitmap(w, s->door_count, s->doors);
    put_bitmap(w, s->door_count, s->fitted);
    uint8_t occupied[FP_BITMAP_BYTES(FP_MAX_INPUTS)];
    for (uint8_t i = 0; i < sizeof occupied; i++) occupied[i] = (uint8_t)(s->occupied[i] & s->fitted[i]);
    put_bitmap(w, s->door_count, occupied);
}

uint8_t fp_write_payload(const fp_message *m, uint8_t *out) {
    writer w = {out, 0};
    switch (m->type) {
    case FP_UNLOCK:
        put_u8(&w, m->body.unlock.channel);
        put_u16(&w, m->body.unlock.pulse_ms);
        put_u16(&w, (uint16_t)m->body.unlock.command_id);
        put_u16(&w, (uint16_t)(m->body.unlock.command_id >> 16));
        break;
    case FP_CAPABILITIES: {
        const fp_capabilities *c = &m->body.capabilities;
        put_u8(&w, c->fw_major);
        put_u8(&w, c->fw_minor);
        put_u8(&w, c->fw_patch);
        put_u8(&w, c->lock_channels);
        put_u8(&w, c->door_inputs);
        put_u8(&w, c->probes);
        put_u16(&w, c->max_pulse_ms);
        put_u16(&w, c->cooldown_ms);
        put_u16(&w, c->watchdog_ms);
        put_bitmap(&w, c->door_inputs, c->occupancy_fitted);
        break;
    }
    case FP_STATES:
        write_states(&w, &m->body.states);
        break;
    case FP_TEMPS:
        put_u8(&w, m->body.temps.count);
        for (uint8_t i = 0; i < m->body.temps.count; i++) {
            const fp_probe *probe = &m->body.temps.probes[i];
            put_u8(&w, probe->status);
            put_u16(&w, probe->status == FP_PROBE_OK ? (uint16_t)probe->centi_celsius : 0);
        }
        break;
    case FP_NACK:
        put_u8(&w, m->body.nack.code);
        put_u16(&w, m->body.nack.retry_after_ms);
        break;
    case FP_DOOR_EVENT:
        put_u16(&w, m->body.door_event.board_seq);
        put_u8(&w, m->body.door_event.input);
        put_u8(&w, m->body.door_event.open ? 1 : 0);
        break;
    default:
        break;
    }
    return w.at;
}
