/* Timer0 as a 1 kHz tick: the millisecond clock of the HAL. */
#ifndef AVR_CLOCK_H
#define AVR_CLOCK_H

#include <stdint.h>

void clock_init(void);
uint32_t clock_millis(void);

#endif
