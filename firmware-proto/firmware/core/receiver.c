#include "receiver.h"

void fp_receiver_init(fp_receiver *rx) {
    rx->len = 0;
    rx->overflowed = 0;
    rx->complete = 0;
}

fp_rx_result fp_receiver_push(fp_receiver *rx, uint8_t byte) {
    if (rx->complete) {
        /* The block returned by the previous push has been handled: start the next one. */
        rx->len = 0;
        rx->complete = 0;
    }
    if (byte == 0x00) {
        if (rx->overflowed) {
            rx->overflowed = 0;
            rx->len = 0;
            return FP_RX_OVERSIZE;
        }
        if (rx->len == 0) return FP_RX_NONE;
        rx->complete = 1;
        return FP_RX_BLOCK;
    }
    if (rx->overflowed) return FP_RX_NONE;
    if (rx->len >= FP_MAX_ENCODED_SIZE) {
        rx->overflowed = 1;
        return FP_RX_NONE;
    }
    rx->block[rx->len++] = byte;
    return FP_RX_NONE;
}
