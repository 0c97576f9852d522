/* Payload layouts of every message type (PROTOCOL.md section 6), canonical in both directions. */
#ifndef FP_PAYLOAD_H
#define FP_PAYLOAD_H

#include <stdint.h>

#include "messages.h"

/* 1 when the type code is assigned in section 5. */
int fp_type_known(uint8_t type);

/* Check 11: parses exactly one payload of out->type into out->body; 0 on success, -1 = BAD_PAYLOAD. */
int fp_read_payload(const uint8_t *payload, uint8_t len, fp_message *out);

/* Writes the payload of message to out (at least FP_MAX_PAYLOAD_SIZE bytes); returns its length. */
uint8_t fp_write_payload(const fp_message *message, uint8_t *out);

#endif
