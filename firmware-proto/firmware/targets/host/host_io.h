/* The host target's hardware: a pseudo-terminal as the UART, and inputs and outputs held in memory. */
#ifndef HOST_IO_H
#define HOST_IO_H

#include <stdint.h>

#include "../../hal/hal.h"
#include "../../core/messages.h"
#include "ds18b20_sim.h"

typedef struct {
    int uart_fd;
    uint8_t lock_on[FP_MAX_CHANNELS];
    uint8_t door_open[FP_MAX_INPUTS];
    uint8_t occupied[FP_MAX_INPUTS];
    ds18b20_sim probes[FP_MAX_PROBES];
    fp_hal hal;
} host_io;

void host_io_init(host_io *io, int uart_fd);
uint32_t host_millis(void);

#endif
