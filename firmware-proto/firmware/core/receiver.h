/* Collects the bytes between two 0x00 delimiters into a block (PROTOCOL.md section 2). */
#ifndef FP_RECEIVER_H
#define FP_RECEIVER_H

#include <stdint.h>

#include "messages.h"

typedef enum { FP_RX_NONE, FP_RX_BLOCK, FP_RX_OVERSIZE } fp_rx_result;

typedef struct {
    uint8_t block[FP_MAX_ENCODED_SIZE];
    uint8_t len;
    uint8_t overflowed;
    uint8_t complete;
} fp_receiver;

void fp_receiver_init(fp_receiver *rx);

/*
 * Takes one byte off the line. FP_RX_BLOCK: rx->block holds rx->len bytes until the next push.
 * FP_RX_OVERSIZE: a block longer than 248 bytes ended and was discarded. Empty blocks are ignored.
 */
fp_rx_result fp_receiver_push(fp_receiver *rx, uint8_t byte);

#endif
