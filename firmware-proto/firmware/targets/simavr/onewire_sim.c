#include "onewire_sim.h"

#include <avr_ioport.h>
#include <sim_cycle_timers.h>
#include <sim_time.h>

#include <stddef.h>

#include "pins_sim.h"

#define FIRST_PIN 3
/* Maxim AN126: a master's reset is at least 480 us low, a written 1 at most 15 us. */
#define RESET_MIN_US 400
#define WRITE_ONE_MAX_US 15
#define PRESENCE_DELAY_US 30
#define PRESENCE_US 120
#define ZERO_HOLD_US 30

typedef struct {
    ds18b20_sim device;
    int bus;
    uint8_t master_low;
    avr_cycle_count_t fell_at;
} bus_state;

static avr_t *sim;
static bus_state buses[ONEWIRE_SIM_BUSES];

static avr_cycle_count_t release_line(avr_t *avr, avr_cycle_count_t when, void *param) {
    (void)avr;
    (void)when;
    pins_sim_drive('H', FIRST_PIN + ((bus_state *)param)->bus, 1);
    return 0;
}

static avr_cycle_count_t presence_pulse(avr_t *avr, avr_cycle_count_t when, void *param) {
    (void)when;
    pins_sim_drive('H', FIRST_PIN + ((bus_state *)param)->bus, 0);
    avr_cycle_timer_register_usec(avr, PRESENCE_US, release_line, param);
    return 0;
}

static void master_pulls_low(bus_state *b) {
    b->fell_at = sim->cycle;
    /* A read slot: a 0 is the device holding the line low past the master's sample point. */
    if (ds18b20_sim_sending(&b->device) && ds18b20_sim_read_bit(&b->device) == 0) {
        pins_sim_drive('H', FIRST_PIN + b->bus, 0);
        avr_cycle_timer_register_usec(sim, ZERO_HOLD_US, release_line, b);
    }
}

static void master_releases(bus_state *b) {
    uint64_t low_us = avr_cycles_to_usec(sim, sim->cycle - b->fell_at);
    if (low_us >= RESET_MIN_US) {
        if (ds18b20_sim_reset(&b->device)) avr_cycle_timer_register_usec(sim, PRESENCE_DELAY_US, presence_pulse, b);
    } else if (!ds18b20_sim_sending(&b->device)) {
        ds18b20_sim_write_bit(&b->device, low_us <= WRITE_ONE_MAX_US);
    }
}

/* The firmware drives a line low by making its pin an output (PORT bit 0) and releases it as input. */
static void direction_changed(struct avr_irq_t *irq, uint32_t ddr, void *param) {
    (void)irq;
    (void)param;
    for (int i = 0; i < ONEWIRE_SIM_BUSES; i++) {
        bus_state *b = &buses[i];
        uint8_t low = (ddr >> (FIRST_PIN + i)) & 1u;
        if (low == b->master_low) continue;
        b->master_low = low;
        if (low) master_pulls_low(b);
        else master_releases(b);
    }
}

void onewire_sim_init(avr_t *avr) {
    sim = avr;
    for (int i = 0; i < ONEWIRE_SIM_BUSES; i++) {
        ds18b20_sim_init(&buses[i].device);
        buses[i].bus = i;
        buses[i].master_low = 0;
    }
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('H'), IOPORT_IRQ_DIRECTION_ALL),
                            direction_changed, NULL);
}

ds18b20_sim *onewire_sim_probe(int bus) { return &buses[bus].device; }
