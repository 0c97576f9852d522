#include "cobs.h"

size_t cobs_encode(const uint8_t *in, size_t len, uint8_t *out) {
    size_t code_at = 0;
    size_t written = 1;
    uint8_t code = 1;
    for (size_t i = 0; i < len; i++) {
        if (in[i] == 0) {
            out[code_at] = code;
            code_at = written++;
            code = 1;
            continue;
        }
        out[written++] = in[i];
        code++;
        if (code == 0xFF) {
            /* 254 data bytes without a zero: close the run; a new code byte follows only if data does. */
            out[code_at] = code;
            code_at = written++;
            code = 1;
        }
    }
    out[code_at] = code;
    return written;
}

int cobs_decode(const uint8_t *in, size_t len, uint8_t *out) {
    size_t read = 0;
    size_t written = 0;
    while (read < len) {
        uint8_t code = in[read++];
        if (code == 0 || read + code - 1 > len) return -1;
        for (uint8_t i = 1; i < code; i++) out[written++] = in[read++];
        if (code != 0xFF && read < len) out[written++] = 0;
    }
    return (int)written;
}
