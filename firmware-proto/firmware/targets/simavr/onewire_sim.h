/*
 * DS18B20s on the emulated MCU's one-wire pins (PORTH3-6, buses 0-3), answering the firmware's time
 * slots as a device on the wire would: a presence pulse after a reset, a 0 bit held low for 30 us.
 * The device logic is the host target's ds18b20_sim; this file turns pin edges into its bits.
 */
#ifndef ONEWIRE_SIM_H
#define ONEWIRE_SIM_H

#include <sim_avr.h>

#include "../host/ds18b20_sim.h"

#define ONEWIRE_SIM_BUSES 4

void onewire_sim_init(avr_t *avr);
ds18b20_sim *onewire_sim_probe(int bus);

#endif
