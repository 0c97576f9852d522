#include "uart.h"

#include <avr/interrupt.h>
#include <avr/io.h>

#define BAUD 115200UL
/* Power-of-two ring sizes, so that the indexes wrap with a mask. */
#define RX_SIZE 128u
#define TX_SIZE 256u

static volatile uint8_t rx_buffer[RX_SIZE];
static volatile uint8_t rx_head, rx_tail;
static volatile uint8_t tx_buffer[TX_SIZE];
static volatile uint8_t tx_head, tx_tail;

ISR(USART0_RX_vect) {
    uint8_t byte = UDR0;
    uint8_t next = (uint8_t)((rx_head + 1u) & (RX_SIZE - 1u));
    /* A full buffer drops the byte: the frame fails its CRC and the host retries. */
    if (next != rx_tail) {
        rx_buffer[rx_head] = byte;
        rx_head = next;
    }
}

ISR(USART0_UDRE_vect) {
    if (tx_head == tx_tail) {
        UCSR0B &= (uint8_t)~_BV(UDRIE0);
        return;
    }
    UDR0 = tx_buffer[tx_tail];
    tx_tail = (uint8_t)(tx_tail + 1u); /* TX_SIZE is 256: a uint8_t index wraps by itself */
}

void uart_init(void) {
    /* Double speed: 16 MHz / (8 * (16 + 1)) = 117647 baud, 2.1 % off 115200, as the Arduino core does. */
    UCSR0A = _BV(U2X0);
    UBRR0 = (uint16_t)((F_CPU / (8UL * BAUD)) - 1UL);
    UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);
    UCSR0B = _BV(RXEN0) | _BV(TXEN0) | _BV(RXCIE0);
}

uint8_t uart_pending(void) { return rx_head != rx_tail; }

int uart_read(void) {
    if (rx_head == rx_tail) return -1;
    uint8_t byte = rx_buffer[rx_tail];
    rx_tail = (uint8_t)((rx_tail + 1u) & (RX_SIZE - 1u));
    return byte;
}

void uart_write(const uint8_t *bytes, size_t len) {
    for (size_t i = 0; i < len; i++) {
        uint8_t next = (uint8_t)(tx_head + 1u);
        while (next == tx_tail) {
        }
        tx_buffer[tx_head] = bytes[i];
        tx_head = next;
        UCSR0B |= _BV(UDRIE0);
    }
}
