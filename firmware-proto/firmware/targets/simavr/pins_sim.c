#include "pins_sim.h"

#include <avr_ioport.h>

static avr_t *sim;
/* Doors shut (PORTF/PORTK low), no goods (PORTL high), one-wire lines at their pull-ups (PORTH high). */
static uint8_t levels[26];

static uint8_t *levels_of(char port) { return &levels[port - 'A']; }

void pins_sim_drive(char port, int pin, uint8_t high) {
    uint8_t *level = levels_of(port);
    if (high) *level = (uint8_t)(*level | (1u << pin));
    else *level = (uint8_t)(*level & ~(1u << pin));
    avr_ioport_external_t external = {.name = (unsigned)port, .mask = 0xFF, .value = *level};
    avr_ioctl(sim, AVR_IOCTL_IOPORT_SET_EXTERNAL(port), &external);
    avr_raise_irq(avr_io_getirq(sim, AVR_IOCTL_IOPORT_GETIRQ(port), pin), high);
}

void pins_sim_init(avr_t *avr) {
    sim = avr;
    *levels_of('L') = 0xFF;
    *levels_of('H') = 0xFF;
    static const char ports[] = {'F', 'K', 'L', 'H'};
    for (unsigned p = 0; p < sizeof ports; p++) {
        for (int pin = 0; pin < 8; pin++) pins_sim_drive(ports[p], pin, (*levels_of(ports[p]) >> pin) & 1u);
    }
}
