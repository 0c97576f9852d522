#include "command_ids.h"

void command_ids_init(command_ids *ids) {
    ids->count = 0;
    ids->next = 0;
}

command_match command_ids_match(const command_ids *ids, uint32_t id, uint8_t channel, uint16_t pulse_ms) {
    for (uint8_t i = 0; i < ids->count; i++) {
        const remembered_unlock *e = &ids->entries[i];
        if (e->id != id) continue;
        return (e->channel == channel && e->pulse_ms == pulse_ms) ? COMMAND_REPEAT : COMMAND_CONFLICT;
    }
    return COMMAND_NEW;
}

void command_ids_remember(command_ids *ids, uint32_t id, uint8_t channel, uint16_t pulse_ms) {
    remembered_unlock *e = &ids->entries[ids->next];
    e->id = id;
    e->channel = channel;
    e->pulse_ms = pulse_ms;
    ids->next = (uint8_t)((ids->next + 1) % COMMAND_IDS_REMEMBERED);
    if (ids->count < COMMAND_IDS_REMEMBERED) ids->count++;
}
