/* USART0 (pins D0/D1, the Mega's USB-serial chip) at 115200 8N1, interrupt driven both ways. */
#ifndef AVR_UART_H
#define AVR_UART_H

#include <stddef.h>
#include <stdint.h>

void uart_init(void);
/* The next received byte, or -1 when none is waiting. */
int uart_read(void);
/* 1 when a received byte is waiting. */
uint8_t uart_pending(void);
/* Queues bytes; waits only while the transmit buffer is full. */
void uart_write(const uint8_t *bytes, size_t len);

#endif
