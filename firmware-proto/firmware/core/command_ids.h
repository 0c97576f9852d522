/* The commandIds of the most recent executed UNLOCKs, so that a retry never pulses twice (PROTOCOL.md 7.2). */
#ifndef FP_COMMAND_IDS_H
#define FP_COMMAND_IDS_H

#include <stdint.h>

#define COMMAND_IDS_REMEMBERED 16

typedef struct {
    uint32_t id;
    uint16_t pulse_ms;
    uint8_t channel;
} remembered_unlock;

typedef struct {
    remembered_unlock entries[COMMAND_IDS_REMEMBERED];
    uint8_t count;
    uint8_t next;
} command_ids;

typedef enum { COMMAND_NEW, COMMAND_REPEAT, COMMAND_CONFLICT } command_match;

void command_ids_init(command_ids *ids);
command_match command_ids_match(const command_ids *ids, uint32_t id, uint8_t channel, uint16_t pulse_ms);
/* Remembers an executed UNLOCK; the oldest of 16 is forgotten. */
void command_ids_remember(command_ids *ids, uint32_t id, uint8_t channel, uint16_t pulse_ms);

#endif
