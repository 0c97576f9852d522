#include "pins.h"

#include <avr/io.h>

/* Lock outputs drive a relay or MOSFET input; build with -DLOCK_ACTIVE_LOW for relay modules that
 * switch on a low input. Until pins_init runs, the pins float: fit pull-downs (or pull-ups) so that a
 * resetting board never energises a lock. */
#ifdef LOCK_ACTIVE_LOW
#define LOCK_LEVEL(on) (!(on))
#else
#define LOCK_LEVEL(on) (on)
#endif

static void write_bit(volatile uint8_t *port, uint8_t bit, uint8_t high) {
    if (high) *port |= (uint8_t)_BV(bit);
    else *port &= (uint8_t)~_BV(bit);
}

void pins_init(void) {
    for (uint8_t channel = 0; channel < AVR_LOCK_CHANNELS; channel++) pins_set_lock(channel, 0);
    DDRA = 0xFF;
    DDRC = 0xFF;
    /* Inputs with pull-ups. */
    DDRF = 0x00;
    PORTF = 0xFF;
    DDRK = 0x00;
    PORTK = 0xFF;
    DDRL = 0x00;
    PORTL = 0xFF;
}

void pins_set_lock(uint8_t channel, uint8_t on) {
    uint8_t level = LOCK_LEVEL(on) ? 1 : 0;
    if (channel < 8) write_bit(&PORTA, channel, level);
    else write_bit(&PORTC, (uint8_t)(15u - channel), level); /* D30 is PC7, D37 is PC0 */
}

uint8_t pins_door_open(uint8_t input) {
    uint8_t levels = input < 8 ? PINF : PINK;
    return (uint8_t)((levels >> (input & 7u)) & 1u);
}

uint8_t pins_occupied(uint8_t input) {
    if (input >= AVR_OCCUPANCY_INPUTS) return 0;
    return (uint8_t)(((PINL >> (7u - input)) & 1u) == 0); /* D42 is PL7, D49 is PL0 */
}
