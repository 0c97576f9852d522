/*
 * The hardware the core needs, and nothing more. A target fills in one struct of functions; the core
 * never touches a register, a file descriptor or a clock of its own. ctx is handed back unchanged.
 */
#ifndef FP_HAL_H
#define FP_HAL_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    void *ctx;
    /* A free-running millisecond clock; it may wrap, the core compares times modulo 2^32. */
    uint32_t (*millis)(void *ctx);
    /* Energise (on = 1) or de-energise lock output channel. */
    void (*set_lock)(void *ctx, uint8_t channel, uint8_t on);
    /* Raw, undebounced door switch: 1 = open. */
    uint8_t (*door_open)(void *ctx, uint8_t input);
    /* Occupancy sensor of a fitted input: 1 = goods inside. */
    uint8_t (*occupied)(void *ctx, uint8_t input);
    /* Queue bytes for the UART towards the host. */
    void (*uart_write)(void *ctx, const uint8_t *bytes, size_t len);
    /* One-wire bus primitives (one bus per probe slot): reset returns 1 when a device answered with a
     * presence pulse; bits are written and read one time slot at a time. */
    uint8_t (*onewire_reset)(void *ctx, uint8_t bus);
    void (*onewire_write_bit)(void *ctx, uint8_t bus, uint8_t bit);
    uint8_t (*onewire_read_bit)(void *ctx, uint8_t bus);
} fp_hal;

#endif
