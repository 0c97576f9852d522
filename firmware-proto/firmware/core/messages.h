/* The messages of firmware-proto version 1 (PROTOCOL.md sections 3, 5 and 6) as C structs. */
#ifndef FP_MESSAGES_H
#define FP_MESSAGES_H

#include <stdint.h>

#define FP_PROTOCOL_VERSION 1
#define FP_HEADER_SIZE 5
#define FP_CRC_SIZE 2
#define FP_MAX_PAYLOAD_SIZE 240
#define FP_MAX_FRAME_SIZE (FP_HEADER_SIZE + FP_MAX_PAYLOAD_SIZE + FP_CRC_SIZE)
#define FP_MAX_ENCODED_SIZE (FP_MAX_FRAME_SIZE + 1)
/* Both delimiters around the largest encoded block. */
#define FP_MAX_WIRE_SIZE (FP_MAX_ENCODED_SIZE + 2)

#define FP_MAX_CHANNELS 64
#define FP_MAX_INPUTS 64
#define FP_MAX_PROBES 64
#define FP_BITMAP_BYTES(bits) (((bits) + 7u) / 8u)

enum fp_type {
    FP_HELLO = 0x01,
    FP_PING = 0x02,
    FP_UNLOCK = 0x03,
    FP_RELEASE_ALL = 0x04,
    FP_READ_STATES = 0x05,
    FP_READ_TEMPS = 0x06,
    FP_CAPABILITIES = 0x41,
    FP_PONG = 0x42,
    FP_STATES = 0x45,
    FP_TEMPS = 0x46,
    FP_ACK = 0x70,
    FP_NACK = 0x71,
    FP_DOOR_EVENT = 0x80
};

enum fp_nack_code {
    FP_NACK_UNKNOWN_CHANNEL = 0x01,
    FP_NACK_PULSE_OUT_OF_RANGE = 0x02,
    FP_NACK_COOLDOWN = 0x03,
    FP_NACK_COMMAND_ID_CONFLICT = 0x04,
    FP_NACK_BAD_PAYLOAD = 0x05,
    FP_NACK_UNSUPPORTED_TYPE = 0x06,
    FP_NACK_BAD_VERSION = 0x07
};

enum fp_probe_status { FP_PROBE_OK = 0x00, FP_PROBE_MISSING = 0x01, FP_PROBE_FAULT = 0x02 };

typedef struct {
    uint8_t channel;
    uint16_t pulse_ms;
    uint32_t command_id;
} fp_unlock;

typedef struct {
    uint8_t fw_major, fw_minor, fw_patch;
    uint8_t lock_channels, door_inputs, probes;
    uint16_t max_pulse_ms, cooldown_ms, watchdog_ms;
    uint8_t occupancy_fitted[FP_BITMAP_BYTES(FP_MAX_INPUTS)];
} fp_capabilities;

typedef struct {
    uint8_t lock_count;
    uint8_t locks[FP_BITMAP_BYTES(FP_MAX_CHANNELS)];
    uint8_t door_count;
    uint8_t doors[FP_BITMAP_BYTES(FP_MAX_INPUTS)];
    uint8_t fitted[FP_BITMAP_BYTES(FP_MAX_INPUTS)];
    uint8_t occupied[FP_BITMAP_BYTES(FP_MAX_INPUTS)];
} fp_states;

typedef struct {
    uint8_t status;
    int16_t centi_celsius;
} fp_probe;

typedef struct {
    uint8_t count;
    fp_probe probes[FP_MAX_PROBES];
} fp_temps;

typedef struct {
    uint8_t code;
    uint16_t retry_after_ms;
} fp_nack;

typedef struct {
    uint16_t board_seq;
    uint8_t input;
    uint8_t open;
} fp_door_event;

typedef struct {
    uint8_t type;
    uint16_t seq;
    union {
        fp_unlock unlock;
        fp_capabilities capabilities;
        fp_states states;
        fp_temps temps;
        fp_nack nack;
        fp_door_event door_event;
    } body;
} fp_message;

static inline int fp_bit(const uint8_t *bitmap, uint8_t i) { return (bitmap[i / 8u] >> (i % 8u)) & 1u; }

static inline void fp_set_bit(uint8_t *bitmap, uint8_t i, int on) {
    if (on) bitmap[i / 8u] = (uint8_t)(bitmap[i / 8u] | (1u << (i % 8u)));
    else bitmap[i / 8u] = (uint8_t)(bitmap[i / 8u] & ~(1u << (i % 8u)));
}

static inline int fp_is_request(uint8_t type) { return type >= 0x01 && type <= 0x3F; }

#endif
