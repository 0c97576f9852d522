#ifndef FP_CRC16_H
#define FP_CRC16_H

#include <stddef.h>
#include <stdint.h>

/* CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final xor (PROTOCOL.md section 3). */
uint16_t crc16_ccitt_false(const uint8_t *data, size_t len);

#endif
