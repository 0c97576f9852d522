/* One-wire time slots bit-banged on PORTH3-6 (D6-D9), one bus per pin, 4.7 kOhm pull-up each. */
#ifndef AVR_ONEWIRE_H
#define AVR_ONEWIRE_H

#include <stdint.h>

uint8_t onewire_avr_reset(uint8_t bus);
void onewire_avr_write_bit(uint8_t bus, uint8_t bit);
uint8_t onewire_avr_read_bit(uint8_t bus);

#endif
