/* The regiobox lock board on an Arduino Mega 2560 (ATmega2560, 16 MHz). */
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/sleep.h>
#include <avr/wdt.h>
#include <string.h>

#include "../../core/board.h"
#include "clock.h"
#include "onewire_avr.h"
#include "pins.h"
#include "uart.h"

/* Pulse, cooldown and watchdog settings; the Makefile passes the values chosen at build time. */
#ifndef BOARD_MAX_PULSE_MS
#define BOARD_MAX_PULSE_MS 2000
#endif
#ifndef BOARD_COOLDOWN_MS
#define BOARD_COOLDOWN_MS 1000
#endif
#ifndef BOARD_WATCHDOG_MS
#define BOARD_WATCHDOG_MS 6000
#endif
#ifndef BOARD_DEBOUNCE_MS
#define BOARD_DEBOUNCE_MS 30
#endif

#if AVR_LOCK_CHANNELS > LOCKS_MAX || AVR_DOOR_INPUTS > DOORS_MAX || AVR_PROBES > PROBES_MAX
#error "the pin map has more channels, inputs or probes than the core is built for (see the Makefile)"
#endif

static uint32_t hal_millis(void *ctx) {
    (void)ctx;
    return clock_millis();
}
static void hal_set_lock(void *ctx, uint8_t channel, uint8_t on) {
    (void)ctx;
    pins_set_lock(channel, on);
}
static uint8_t hal_door_open(void *ctx, uint8_t input) {
    (void)ctx;
    return pins_door_open(input);
}
static uint8_t hal_occupied(void *ctx, uint8_t input) {
    (void)ctx;
    return pins_occupied(input);
}
static void hal_uart_write(void *ctx, const uint8_t *bytes, size_t len) {
    (void)ctx;
    uart_write(bytes, len);
}
static uint8_t hal_ow_reset(void *ctx, uint8_t bus) {
    (void)ctx;
    return onewire_avr_reset(bus);
}
static void hal_ow_write_bit(void *ctx, uint8_t bus, uint8_t bit) {
    (void)ctx;
    onewire_avr_write_bit(bus, bit);
}
static uint8_t hal_ow_read_bit(void *ctx, uint8_t bus) {
    (void)ctx;
    return onewire_avr_read_bit(bus);
}

static const fp_hal hal = {
    NULL, hal_millis, hal_set_lock, hal_door_open, hal_occupied, hal_uart_write,
    hal_ow_reset, hal_ow_write_bit, hal_ow_read_bit,
};

static board the_board;

int main(void) {
    /* After a watchdog reset the watchdog stays on with its shortest period: turn it off first. */
    MCUSR = 0;
    wdt_disable();
    pins_init();
    clock_init();
    uart_init();
    sei();

    board_config config;
    memset(&config, 0, sizeof config);
    config.lock_channels = AVR_LOCK_CHANNELS;
    config.door_inputs = AVR_DOOR_INPUTS;
    config.probes = AVR_PROBES;
    config.max_pulse_ms = BOARD_MAX_PULSE_MS;
    config.cooldown_ms = BOARD_COOLDOWN_MS;
    config.watchdog_ms = BOARD_WATCHDOG_MS;
    config.debounce_ms = BOARD_DEBOUNCE_MS;
    config.occupancy_fitted[0] = (uint8_t)((1u << AVR_OCCUPANCY_INPUTS) - 1u);
    board_init(&the_board, &config, &hal);

    /* A hung main loop resets the MCU, and a reset leaves every lock output off. */
    wdt_enable(WDTO_1S);
    for (;;) {
        wdt_reset();
        int byte;
        while ((byte = uart_read()) >= 0) board_receive(&the_board, (uint8_t)byte);
        board_poll(&the_board);
        /* Idle until the next interrupt (the 1 ms tick or a received byte); checked with interrupts
         * off, so that a byte arriving in between is not left waiting for the next tick. */
        set_sleep_mode(SLEEP_MODE_IDLE);
        cli();
        if (!uart_pending()) {
            sleep_enable();
            sei();
            sleep_cpu();
            sleep_disable();
        }
        sei();
    }
}
