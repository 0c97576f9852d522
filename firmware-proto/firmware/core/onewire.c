#include "onewire.h"

/* One-wire sends every byte least significant bit first. */
void onewire_write_byte(const fp_hal *hal, uint8_t bus, uint8_t byte) {
    for (uint8_t bit = 0; bit < 8; bit++) hal->onewire_write_bit(hal->ctx, bus, (uint8_t)((byte >> bit) & 1u));
}

uint8_t onewire_read_byte(const fp_hal *hal, uint8_t bus) {
    uint8_t byte = 0;
    for (uint8_t bit = 0; bit < 8; bit++) {
        if (hal->onewire_read_bit(hal->ctx, bus)) byte = (uint8_t)(byte | (1u << bit));
    }
    return byte;
}

uint8_t onewire_crc8(const uint8_t *data, size_t len) {
    uint8_t crc = 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t byte = data[i];
        for (uint8_t bit = 0; bit < 8; bit++) {
            uint8_t mix = (uint8_t)((crc ^ byte) & 1u);
            crc = (uint8_t)(crc >> 1);
            if (mix) crc ^= 0x8C;
            byte = (uint8_t)(byte >> 1);
        }
    }
    return crc;
}
