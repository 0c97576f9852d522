#include "frame.h"

#include "cobs.h"
#include "crc16.h"
#include "payload.h"

const char *fp_error_name(fp_error error) {
    switch (error) {
    case FP_OK: return "OK";
    case FP_ERR_OVERSIZE: return "OVERSIZE";
    case FP_ERR_BAD_FRAMING: return "BAD_FRAMING";
    case FP_ERR_TRUNCATED: return "TRUNCATED";
    case FP_ERR_BAD_CRC: return "BAD_CRC";
    case FP_ERR_BAD_VERSION: return "BAD_VERSION";
    case FP_ERR_BAD_LENGTH: return "BAD_LENGTH";
    case FP_ERR_UNKNOWN_TYPE: return "UNKNOWN_TYPE";
    case FP_ERR_BAD_PAYLOAD: return "BAD_PAYLOAD";
    }
    return "?";
}

fp_error fp_decode_block(uint8_t *block, size_t len, fp_message *out, int *header_known) {
    *header_known = 0;
    if (len > FP_MAX_ENCODED_SIZE) return FP_ERR_OVERSIZE;                      /* check 1 */
    int decoded = cobs_decode(block, len, block);
    if (decoded < 0) return FP_ERR_BAD_FRAMING;                                 /* check 2 */
    size_t size = (size_t)decoded;
    /* check 3 cannot fail after check 1 (COBS removes at least one byte); kept as a guard */
    if (size > FP_MAX_FRAME_SIZE) return FP_ERR_OVERSIZE;                       /* check 3 */
    if (size < FP_HEADER_SIZE + FP_CRC_SIZE) return FP_ERR_TRUNCATED;           /* check 4 */
    uint16_t sent = (uint16_t)(block[size - 2] | (block[size - 1] << 8));
    if (crc16_ccitt_false(block, size - FP_CRC_SIZE) != sent) return FP_ERR_BAD_CRC; /* check 5 */

    out->type = block[1];
    out->seq = (uint16_t)(block[2] | (block[3] << 8));
    *header_known = 1;
    if (block[0] != FP_PROTOCOL_VERSION) return FP_ERR_BAD_VERSION;             /* check 6 */
    uint8_t length = block[4];
    if (length > FP_MAX_PAYLOAD_SIZE) return FP_ERR_OVERSIZE;                   /* check 7 */
    size_t actual = size - FP_HEADER_SIZE - FP_CRC_SIZE;
    if (actual < length) return FP_ERR_TRUNCATED;                               /* check 8 */
    if (actual > length) return FP_ERR_BAD_LENGTH;                              /* check 9 */
    if (!fp_type_known(out->type)) return FP_ERR_UNKNOWN_TYPE;                  /* check 10 */
    if (fp_read_payload(block + FP_HEADER_SIZE, length, out) != 0) return FP_ERR_BAD_PAYLOAD; /* check 11 */
    if (out->type == FP_DOOR_EVENT && out->seq != 0) return FP_ERR_BAD_PAYLOAD; /* pushed frames carry seq 0 */
    return FP_OK;
}

size_t fp_encode(const fp_message *message, uint8_t *wire) {
    /* The raw frame needs its own buffer: COBS output is one byte longer than its input. */
    uint8_t raw[FP_MAX_FRAME_SIZE];
    uint8_t length = fp_write_payload(message, raw + FP_HEADER_SIZE);
    raw[0] = FP_PROTOCOL_VERSION;
    raw[1] = message->type;
    raw[2] = (uint8_t)message->seq;
    raw[3] = (uint8_t)(message->seq >> 8);
    raw[4] = length;
    size_t size = FP_HEADER_SIZE + (size_t)length;
    uint16_t crc = crc16_ccitt_false(raw, size);
    raw[size++] = (uint8_t)crc;
    raw[size++] = (uint8_t)(crc >> 8);
    wire[0] = 0;
    size_t encoded = cobs_encode(raw, size, wire + 1);
    wire[1 + encoded] = 0;
    return encoded + 2;
}
