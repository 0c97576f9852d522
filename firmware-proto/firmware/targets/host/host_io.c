#include "host_io.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

uint32_t host_millis(void) {
    static struct timespec start;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (start.tv_sec == 0 && start.tv_nsec == 0) start = now;
    return (uint32_t)((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000);
}

static uint32_t io_millis(void *ctx) {
    (void)ctx;
    return host_millis();
}

/* Every output change is a line on stdout, so that a test can see each pulse and each release. */
static void io_set_lock(void *ctx, uint8_t channel, uint8_t on) {
    host_io *io = ctx;
    if (io->lock_on[channel] == on) return;
    io->lock_on[channel] = on;
    printf("lock %u %s %lu\n", channel, on ? "on" : "off", (unsigned long)host_millis());
}

static uint8_t io_door_open(void *ctx, uint8_t input) { return ((host_io *)ctx)->door_open[input]; }
static uint8_t io_occupied(void *ctx, uint8_t input) { return ((host_io *)ctx)->occupied[input]; }

/* Like a UART with nobody listening: bytes the pseudo-terminal cannot take are lost, never waited on. */
static void io_uart_write(void *ctx, const uint8_t *bytes, size_t len) {
    host_io *io = ctx;
    while (len > 0) {
        ssize_t written = write(io->uart_fd, bytes, len);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return;
        bytes += written;
        len -= (size_t)written;
    }
}

static uint8_t io_ow_reset(void *ctx, uint8_t bus) { return ds18b20_sim_reset(&((host_io *)ctx)->probes[bus]); }
static void io_ow_write_bit(void *ctx, uint8_t bus, uint8_t bit) { ds18b20_sim_write_bit(&((host_io *)ctx)->probes[bus], bit); }
static uint8_t io_ow_read_bit(void *ctx, uint8_t bus) { return ds18b20_sim_read_bit(&((host_io *)ctx)->probes[bus]); }

void host_io_init(host_io *io, int uart_fd) {
    io->uart_fd = uart_fd;
    for (int i = 0; i < FP_MAX_CHANNELS; i++) io->lock_on[i] = 0;
    for (int i = 0; i < FP_MAX_INPUTS; i++) {
        io->door_open[i] = 0;
        io->occupied[i] = 0;
    }
    for (int i = 0; i < FP_MAX_PROBES; i++) ds18b20_sim_init(&io->probes[i]);
    io->hal.ctx = io;
    io->hal.millis = io_millis;
    io->hal.set_lock = io_set_lock;
    io->hal.door_open = io_door_open;
    io->hal.occupied = io_occupied;
    io->hal.uart_write = io_uart_write;
    io->hal.onewire_reset = io_ow_reset;
    io->hal.onewire_write_bit = io_ow_write_bit;
    io->hal.onewire_read_bit = io_ow_read_bit;
}
