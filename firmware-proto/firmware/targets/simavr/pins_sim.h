/* The outside world of the emulated MCU's input pins: the level each pin is held at. */
#ifndef PINS_SIM_H
#define PINS_SIM_H

#include <stdint.h>

#include <sim_avr.h>

void pins_sim_init(avr_t *avr);
/* The pin's outside level; it wins over the MCU's internal pull-up, as a switch to GND does. */
void pins_sim_drive(char port, int pin, uint8_t high);

#endif
