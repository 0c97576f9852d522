/* Bytes and the Maxim CRC-8 on top of the HAL's one-wire bit slots. */
#ifndef FP_ONEWIRE_H
#define FP_ONEWIRE_H

#include <stddef.h>
#include <stdint.h>

#include "../hal/hal.h"

void onewire_write_byte(const fp_hal *hal, uint8_t bus, uint8_t byte);
uint8_t onewire_read_byte(const fp_hal *hal, uint8_t bus);
/* CRC-8/MAXIM (poly x^8 + x^5 + x^4 + 1, reflected), as in the DS18B20 scratchpad and ROM code. */
uint8_t onewire_crc8(const uint8_t *data, size_t len);

#endif
