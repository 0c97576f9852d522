/* COBS framing (PROTOCOL.md section 2). Blocks here are always shorter than 254 bytes. */
#ifndef FP_COBS_H
#define FP_COBS_H

#include <stddef.h>
#include <stdint.h>

/* Writes COBS(in) to out, which needs len + 1 + len / 254 bytes; returns the encoded length. */
size_t cobs_encode(const uint8_t *in, size_t len, uint8_t *out);

/*
 * Decodes a block (the bytes between two delimiters) into out; out may equal in, because the decoded
 * form is never longer than the encoded one. Returns the decoded length, or -1 when a code byte is 0
 * or runs past the end of the block.
 */
int cobs_decode(const uint8_t *in, size_t len, uint8_t *out);

#endif
