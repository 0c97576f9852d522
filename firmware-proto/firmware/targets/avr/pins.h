/*
 * The Arduino Mega 2560 pin map (README.md has the wiring table):
 *   lock channels 0-7   D22-D29  PORTA0-7          lock channels 8-15  D30-D37  PORTC7-0
 *   door inputs   0-7   A0-A7    PORTF0-7          door inputs   8-15  A8-A15   PORTK0-7
 *   occupancy     0-7   D42-D49  PORTL7-0 (for door inputs 0-7)
 *   one-wire buses 0-3  D6-D9    PORTH3-6 (one DS18B20 each)
 *   UART                D0/D1    USART0 (the USB-serial chip)
 */
#ifndef AVR_PINS_H
#define AVR_PINS_H

#include <stdint.h>

#define AVR_LOCK_CHANNELS 16
#define AVR_DOOR_INPUTS 16
#define AVR_OCCUPANCY_INPUTS 8
#define AVR_PROBES 4

void pins_init(void);
void pins_set_lock(uint8_t channel, uint8_t on);
/* Door switches read high (pull-up) when the door is open: the reed contact closes to GND when shut. */
uint8_t pins_door_open(uint8_t input);
/* Occupancy sensors pull their input to GND when goods are inside. */
uint8_t pins_occupied(uint8_t input);

#endif
