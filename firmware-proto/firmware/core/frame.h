/* One frame: the checks on receipt in their normative order, and the wire encoding (PROTOCOL.md section 3). */
#ifndef FP_FRAME_H
#define FP_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "messages.h"

typedef enum {
    FP_OK = 0,
    FP_ERR_OVERSIZE,
    FP_ERR_BAD_FRAMING,
    FP_ERR_TRUNCATED,
    FP_ERR_BAD_CRC,
    FP_ERR_BAD_VERSION,
    FP_ERR_BAD_LENGTH,
    FP_ERR_UNKNOWN_TYPE,
    FP_ERR_BAD_PAYLOAD
} fp_error;

/* The name of an error as PROTOCOL.md and test-vectors.json spell it ("OK" for FP_OK). */
const char *fp_error_name(fp_error error);

/*
 * Decodes the bytes between two delimiters, in place: block is overwritten. On FP_OK out holds the
 * message. From FP_ERR_BAD_VERSION on the CRC has proved the header intact and out->type and out->seq
 * are set, so that the board can NACK; *header_known says so.
 */
fp_error fp_decode_block(uint8_t *block, size_t len, fp_message *out, int *header_known);

/*
 * Writes the complete wire form 0x00 | COBS(header, payload, CRC) | 0x00 of message to wire, which
 * needs FP_MAX_WIRE_SIZE bytes. Returns the number of bytes written.
 */
size_t fp_encode(const fp_message *message, uint8_t *wire);

#endif
