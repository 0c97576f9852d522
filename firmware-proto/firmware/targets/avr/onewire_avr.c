#include "onewire_avr.h"

#include <avr/io.h>
#include <util/atomic.h>
#include <util/delay.h>

/* Standard-speed timings from Maxim application note 126. The line is driven low by making the pin
 * an output (PORT bit 0) and released by making it an input; the pull-up raises it. */
#define FIRST_PIN 3u

static uint8_t mask(uint8_t bus) { return (uint8_t)_BV(FIRST_PIN + bus); }
static void drive_low(uint8_t m) {
    PORTH &= (uint8_t)~m;
    DDRH |= m;
}
static void release(uint8_t m) { DDRH &= (uint8_t)~m; }
static uint8_t line_high(uint8_t m) { return (PINH & m) != 0; }

uint8_t onewire_avr_reset(uint8_t bus) {
    uint8_t m = mask(bus);
    uint8_t presence;
    /* 480 us low with interrupts on: only the sample must be on time, and the UART must not overrun. */
    drive_low(m);
    _delay_us(480);
    ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
        release(m);
        _delay_us(70);
        presence = !line_high(m);
    }
    _delay_us(410);
    return presence;
}

void onewire_avr_write_bit(uint8_t bus, uint8_t bit) {
    uint8_t m = mask(bus);
    ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
        drive_low(m);
        if (bit) {
            _delay_us(6);
            release(m);
            _delay_us(64);
        } else {
            _delay_us(60);
            release(m);
            _delay_us(10);
        }
    }
}

uint8_t onewire_avr_read_bit(uint8_t bus) {
    uint8_t m = mask(bus);
    uint8_t bit;
    ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
        drive_low(m);
        _delay_us(6);
        release(m);
        _delay_us(9);
        bit = line_high(m);
    }
    _delay_us(55);
    return bit;
}
