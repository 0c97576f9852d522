/* The board's behaviour (PROTOCOL.md section 7) through its public interface, on a fake HAL. */
#include <stdio.h>
#include <string.h>

#include "../core/onewire.h"
#include "fake_hal.h"

static int failures_in_test;

#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (!(cond)) {                                                              \
            printf("  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);       \
            failures_in_test++;                                                     \
        }                                                                           \
    } while (0)

static fake f;

static int is_ack(uint16_t seq) {
    const fp_message *r = fake_last_reply(&f);
    return r && r->type == FP_ACK && r->seq == seq;
}

static int is_nack(uint16_t seq, uint8_t code) {
    const fp_message *r = fake_last_reply(&f);
    return r && r->type == FP_NACK && r->seq == seq && r->body.nack.code == code;
}

static void unlock_pulses_for_exactly_pulse_ms(void) {
    fake_init(&f, NULL);
    fp_message req = unlock_request(1, 2, 500, 77);
    CHECK(fake_send(&f, &req) == 1);
    CHECK(is_ack(1));
    CHECK(f.lock_on[2]);
    fake_advance(&f, 499);
    CHECK(f.lock_on[2]);
    fake_advance(&f, 1);
    CHECK(!f.lock_on[2]);
    CHECK(f.lock_switch_ons[2] == 1);
}

static void cooldown_nacks_with_the_time_until_free(void) {
    fake_init(&f, NULL);
    fp_message first = unlock_request(1, 0, 500, 1);
    fake_send(&f, &first);
    fake_advance(&f, 200);
    fp_message during = unlock_request(2, 0, 500, 2);
    fake_send(&f, &during);
    CHECK(is_nack(2, FP_NACK_COOLDOWN));
    CHECK(fake_last_reply(&f)->body.nack.retry_after_ms == 300 + 1000);
    fake_advance(&f, 300 + 400);
    fake_send(&f, &during);
    CHECK(is_nack(2, FP_NACK_COOLDOWN));
    CHECK(fake_last_reply(&f)->body.nack.retry_after_ms == 600);
    fake_advance(&f, 600);
    /* The NACKed id was not remembered: the same id is a fresh attempt and pulses. */
    fake_send(&f, &during);
    CHECK(is_ack(2));
    CHECK(f.lock_on[0]);
    CHECK(f.lock_switch_ons[0] == 2);
    /* Another channel is not held up by channel 0. */
    fp_message other = unlock_request(3, 1, 100, 3);
    fake_send(&f, &other);
    CHECK(is_ack(3));
    CHECK(f.lock_on[0] && f.lock_on[1]);
}

static void a_repeated_command_id_never_pulses_twice(void) {
    fake_init(&f, NULL);
    fp_message req = unlock_request(1, 3, 400, 0xA1B2C3D4u);
    fake_send(&f, &req);
    fake_advance(&f, 5000);
    req.seq = 2; /* the retry of a lost ACK: new seq, same commandId */
    fake_send(&f, &req);
    CHECK(is_ack(2));
    CHECK(!f.lock_on[3]);
    CHECK(f.lock_switch_ons[3] == 1);
    CHECK(f.board.stats.pulses == 1);
    fp_message conflicting = unlock_request(3, 3, 401, 0xA1B2C3D4u);
    fake_send(&f, &conflicting);
    CHECK(is_nack(3, FP_NACK_COMMAND_ID_CONFLICT));
    fp_message other_channel = unlock_request(4, 2, 400, 0xA1B2C3D4u);
    fake_send(&f, &other_channel);
    CHECK(is_nack(4, FP_NACK_COMMAND_ID_CONFLICT));
    CHECK(f.lock_switch_ons[2] == 0);
}

static void sixteen_command_ids_are_remembered(void) {
    fake_init(&f, NULL);
    for (uint32_t id = 100; id < 117; id++) { /* 17 unlocks: id 100 is the oldest and is forgotten */
        fp_message req = unlock_request((uint16_t)id, (uint8_t)(id % 4), 10, id);
        fake_send(&f, &req);
        CHECK(is_ack((uint16_t)id));
        fake_advance(&f, 1100);
    }
    fp_message repeat_of_second = unlock_request(500, 101 % 4, 10, 101);
    uint32_t before = f.board.stats.pulses;
    fake_send(&f, &repeat_of_second);
    CHECK(is_ack(500));
    CHECK(f.board.stats.pulses == before);
    fp_message repeat_of_first = unlock_request(501, 100 % 4, 10, 100);
    fake_send(&f, &repeat_of_first);
    CHECK(is_ack(501));
    CHECK(f.board.stats.pulses == before + 1);
}

static void unlock_checks_channel_then_pulse(void) {
    fake_init(&f, NULL);
    fp_message bad_channel = unlock_request(1, 4, 100, 1);
    fake_send(&f, &bad_channel);
    CHECK(is_nack(1, FP_NACK_UNKNOWN_CHANNEL));
    fp_message zero = unlock_request(2, 0, 0, 2);
    fake_send(&f, &zero);
    CHECK(is_nack(2, FP_NACK_PULSE_OUT_OF_RANGE));
    fp_message too_long = unlock_request(3, 0, 2001, 3);
    fake_send(&f, &too_long);
    CHECK(is_nack(3, FP_NACK_PULSE_OUT_OF_RANGE));
    fp_message longest = unlock_request(4, 0, 2000, 4);
    fake_send(&f, &longest);
    CHECK(is_ack(4));
    CHECK(f.board.stats.pulses == 1);
}

static void the_clock_may_wrap_and_a_channel_may_idle_for_weeks(void) {
    fake_init(&f, NULL);
    f.now = 0xFFFFFFFFu - 200u; /* the AVR's millisecond counter wraps after 49.7 days */
    fp_message first = unlock_request(1, 0, 500, 1);
    fake_send(&f, &first);
    fake_advance(&f, 499);
    CHECK(f.lock_on[0]);
    fake_advance(&f, 1);
    CHECK(!f.lock_on[0]);
    fake_advance(&f, 1000);
    f.now += 25u * 24u * 3600u * 1000u; /* 25 days without an unlock on this channel */
    board_poll(&f.board);
    fp_message later = unlock_request(2, 0, 500, 2);
    fake_send(&f, &later);
    CHECK(is_ack(2));
    CHECK(f.lock_on[0]);
}

static void release_all_ends_pulses_and_starts_the_cooldown(void) {
    fake_init(&f, NULL);
    fp_message a = unlock_request(1, 0, 2000, 1), b = unlock_request(2, 1, 2000, 2);
    fake_send(&f, &a);
    fake_send(&f, &b);
    fake_advance(&f, 100);
    fp_message release = plain_request(3, FP_RELEASE_ALL);
    fake_send(&f, &release);
    CHECK(is_ack(3));
    CHECK(!f.lock_on[0] && !f.lock_on[1]);
    fp_message again = unlock_request(4, 0, 100, 4);
    fake_send(&f, &again);
    CHECK(is_nack(4, FP_NACK_COOLDOWN));
    CHECK(fake_last_reply(&f)->body.nack.retry_after_ms == 1000);
    /* The remembered ids survive RELEASE_ALL: a late retry of an executed unlock still does not pulse. */
    fake_advance(&f, 1000);
    a.seq = 5;
    fake_send(&f, &a);
    CHECK(is_ack(5));
    CHECK(!f.lock_on[0]);
}

static void host_silence_drops_every_output(void) {
    board_config config = fake_default_config();
    config.max_pulse_ms = 10000;
    config.watchdog_ms = 1500;
    fake_init(&f, &config);
    fp_message req = unlock_request(1, 1, 10000, 9);
    fake_send(&f, &req);
    CHECK(f.lock_on[1]);
    fake_advance(&f, 1000);
    fp_message ping = plain_request(2, FP_PING);
    fake_send(&f, &ping); /* restarts the watchdog */
    CHECK(fake_last_reply(&f)->type == FP_PONG);
    fake_advance(&f, 1499);
    CHECK(f.lock_on[1]);
    CHECK(f.board.stats.watchdog_trips == 0);
    fake_advance(&f, 1);
    CHECK(!f.lock_on[1]);
    CHECK(f.board.stats.watchdog_trips == 1);
    fake_advance(&f, 5000);
    CHECK(f.board.stats.watchdog_trips == 1);
    /* The board keeps answering, and UNLOCK works again once the host is back. */
    fp_message next = unlock_request(3, 2, 100, 10);
    fake_send(&f, &next);
    CHECK(is_ack(3));
    CHECK(f.lock_on[2]);
}

static void a_frame_with_a_bad_crc_does_not_feed_the_watchdog(void) {
    board_config config = fake_default_config();
    config.watchdog_ms = 1000;
    fake_init(&f, &config);
    fp_message req = unlock_request(1, 0, 2000, 1);
    fake_send(&f, &req);
    fake_advance(&f, 900);
    const uint8_t bad_crc[] = {0x00, 0x04, 0x01, 0x02, 0x01, 0x01, 0x03, 0x05, 0x9e, 0x00};
    fake_send_bytes(&f, bad_crc, sizeof bad_crc);
    CHECK(f.reply_count == 1);
    fake_advance(&f, 100);
    CHECK(!f.lock_on[0]);
    /* A frame with a good CRC but a bad payload does feed it, and is NACKed. */
    fp_message again = unlock_request(2, 1, 2000, 2);
    fake_send(&f, &again);
    fake_advance(&f, 900);
    const uint8_t hello_with_payload[] = {0x00, 0x04, 0x01, 0x01, 0x01, 0x02, 0x01, 0x03, 0x64, 0xa4, 0x00};
    fake_send_bytes(&f, hello_with_payload, sizeof hello_with_payload);
    CHECK(is_nack(1, FP_NACK_BAD_PAYLOAD));
    fake_advance(&f, 900);
    CHECK(f.lock_on[1]);
}

static void malformed_frames_are_nacked_as_the_protocol_says(void) {
    fake_init(&f, NULL);
    const uint8_t version2[] = {0x00, 0x04, 0x02, 0x02, 0x01, 0x01, 0x03, 0xd7, 0x8f, 0x00};
    fake_send_bytes(&f, version2, sizeof version2);
    CHECK(is_nack(1, FP_NACK_BAD_VERSION));
    const uint8_t type3f[] = {0x00, 0x04, 0x01, 0x3f, 0x01, 0x01, 0x03, 0x6a, 0x74, 0x00};
    fake_send_bytes(&f, type3f, sizeof type3f);
    CHECK(is_nack(1, FP_NACK_UNSUPPORTED_TYPE));
    fp_message pong = plain_request(7, FP_PONG);
    fake_send(&f, &pong);
    CHECK(is_nack(7, FP_NACK_UNSUPPORTED_TYPE));
    const uint8_t truncated_unlock[] = {0x00, 0x04, 0x01, 0x03, 0x01, 0x07, 0x07, 0x05, 0xf4, 0x01, 0x36, 0x9e, 0x00};
    fake_send_bytes(&f, truncated_unlock, sizeof truncated_unlock);
    CHECK(is_nack(1, FP_NACK_BAD_PAYLOAD));
    int before = f.reply_count;
    uint8_t noise[300];
    memset(noise, 0x41, sizeof noise);
    fake_send_bytes(&f, noise, sizeof noise);
    const uint8_t delimiter = 0;
    fake_send_bytes(&f, &delimiter, 1);
    CHECK(f.reply_count == before);
    CHECK(f.board.stats.errors[FP_ERR_OVERSIZE] == 1);
    /* The receiver is back in step at the next delimiter. */
    fp_message ping = plain_request(8, FP_PING);
    fake_send(&f, &ping);
    CHECK(fake_last_reply(&f)->type == FP_PONG && fake_last_reply(&f)->seq == 8);
}

static void hello_reports_the_capabilities(void) {
    fake_init(&f, NULL);
    fp_message hello = plain_request(1, FP_HELLO);
    fake_send(&f, &hello);
    const fp_message *r = fake_last_reply(&f);
    CHECK(r->type == FP_CAPABILITIES && r->seq == 1);
    CHECK(r->body.capabilities.fw_major == BOARD_FW_MAJOR);
    CHECK(r->body.capabilities.lock_channels == 4 && r->body.capabilities.door_inputs == 4);
    CHECK(r->body.capabilities.probes == 2 && r->body.capabilities.max_pulse_ms == 2000);
    CHECK(r->body.capabilities.cooldown_ms == 1000 && r->body.capabilities.watchdog_ms == 6000);
    CHECK(r->body.capabilities.occupancy_fitted[0] == 0x0A);
}

static void door_changes_are_debounced_and_numbered(void) {
    fake_init(&f, NULL);
    f.door_open[2] = 1;
    fake_advance(&f, 10);
    f.door_open[2] = 0; /* a bounce */
    fake_advance(&f, 100);
    CHECK(f.reply_count == 0);
    f.door_open[2] = 1; /* the next poll, 1 ms on, sees it; it must then hold for 30 ms */
    fake_advance(&f, 30);
    CHECK(f.reply_count == 0);
    fake_advance(&f, 1);
    CHECK(f.reply_count == 1);
    const fp_message *e = fake_last_reply(&f);
    CHECK(e->type == FP_DOOR_EVENT && e->seq == 0);
    CHECK(e->body.door_event.board_seq == 0 && e->body.door_event.input == 2 && e->body.door_event.open == 1);
    f.door_open[2] = 0;
    f.door_open[0] = 1;
    fake_advance(&f, 31);
    CHECK(f.reply_count == 3);
    CHECK(f.replies[1].body.door_event.board_seq == 1 && f.replies[1].body.door_event.input == 0);
    CHECK(f.replies[2].body.door_event.board_seq == 2 && f.replies[2].body.door_event.open == 0);
}

static void states_report_locks_doors_and_fitted_occupancy(void) {
    fake_init(&f, NULL);
    f.door_open[3] = 1;
    f.occupied[0] = 1; /* no sensor fitted on input 0: must read as 0 */
    f.occupied[1] = 1;
    fake_advance(&f, 40);
    fp_message req = unlock_request(1, 1, 500, 1);
    fake_send(&f, &req);
    fp_message read = plain_request(2, FP_READ_STATES);
    fake_send(&f, &read);
    const fp_message *r = fake_last_reply(&f);
    CHECK(r->type == FP_STATES && r->seq == 2);
    CHECK(r->body.states.lock_count == 4 && r->body.states.locks[0] == 0x02);
    CHECK(r->body.states.door_count == 4 && r->body.states.doors[0] == 0x08);
    CHECK(r->body.states.fitted[0] == 0x0A && r->body.states.occupied[0] == 0x02);
}

static void temps_come_from_the_last_completed_conversion(void) {
    fake_init(&f, NULL);
    f.probes[0].present = 1;
    f.probes[0].centi_celsius = -1825;
    fp_message read = plain_request(1, FP_READ_TEMPS);
    fake_send(&f, &read);
    const fp_message *r = fake_last_reply(&f);
    CHECK(r->type == FP_TEMPS && r->body.temps.count == 2);
    CHECK(r->body.temps.probes[0].status == FP_PROBE_MISSING); /* no conversion has completed yet */
    fake_advance(&f, PROBES_CONVERSION_MS + 10);
    fake_send(&f, &read);
    r = fake_last_reply(&f);
    CHECK(r->body.temps.probes[0].status == FP_PROBE_OK && r->body.temps.probes[0].centi_celsius == -1825);
    CHECK(r->body.temps.probes[1].status == FP_PROBE_MISSING && r->body.temps.probes[1].centi_celsius == 0);
    f.probes[0].corrupt_crc = 1;
    f.probes[1].present = 1;
    f.probes[1].centi_celsius = 412; /* 4.12 °C is 65.92/16: the sensor reports 66/16 = 4.125 -> 413 */
    fake_advance(&f, 2 * (PROBES_CONVERSION_MS + 10));
    fake_send(&f, &read);
    r = fake_last_reply(&f);
    CHECK(r->body.temps.probes[0].status == FP_PROBE_FAULT && r->body.temps.probes[0].centi_celsius == 0);
    CHECK(r->body.temps.probes[1].status == FP_PROBE_OK && r->body.temps.probes[1].centi_celsius == 413);
}

static void a_scratchpad_is_checked_before_it_is_believed(void) {
    uint8_t power_on[9] = {0x50, 0x05, 0x4B, 0x46, 0x7F, 0xFF, 0x0C, 0x10, 0};
    power_on[8] = onewire_crc8(power_on, 8);
    CHECK(probes_parse_scratchpad(power_on).status == FP_PROBE_FAULT);
    uint8_t minus_55[9] = {0x90, 0xFC, 0x4B, 0x46, 0x7F, 0xFF, 0x0C, 0x10, 0};
    minus_55[8] = onewire_crc8(minus_55, 8);
    fp_probe p = probes_parse_scratchpad(minus_55);
    CHECK(p.status == FP_PROBE_OK && p.centi_celsius == -5500);
    uint8_t all_ones[9];
    memset(all_ones, 0xFF, sizeof all_ones);
    CHECK(probes_parse_scratchpad(all_ones).status == FP_PROBE_FAULT);
    /* The DS18B20 datasheet's example ROM code 0x02 1C B8 01 00 00 00 has CRC 0xA2. */
    const uint8_t rom[7] = {0x02, 0x1C, 0xB8, 0x01, 0x00, 0x00, 0x00};
    CHECK(onewire_crc8(rom, 7) == 0xA2);
}

typedef struct {
    const char *name;
    void (*run)(void);
} test_case;

int main(void) {
    static const test_case tests[] = {
        {"an unlock pulses for exactly pulseMs", unlock_pulses_for_exactly_pulse_ms},
        {"cooldown NACKs with the time until the channel is free", cooldown_nacks_with_the_time_until_free},
        {"a repeated commandId never pulses twice", a_repeated_command_id_never_pulses_twice},
        {"16 command ids are remembered", sixteen_command_ids_are_remembered},
        {"UNLOCK checks the channel, then the pulse", unlock_checks_channel_then_pulse},
        {"the clock may wrap and a channel may idle for weeks", the_clock_may_wrap_and_a_channel_may_idle_for_weeks},
        {"RELEASE_ALL ends pulses and starts the cooldown", release_all_ends_pulses_and_starts_the_cooldown},
        {"host silence drops every output", host_silence_drops_every_output},
        {"a bad CRC does not feed the watchdog", a_frame_with_a_bad_crc_does_not_feed_the_watchdog},
        {"malformed frames are NACKed as the protocol says", malformed_frames_are_nacked_as_the_protocol_says},
        {"HELLO reports the capabilities", hello_reports_the_capabilities},
        {"door changes are debounced and numbered", door_changes_are_debounced_and_numbered},
        {"STATES reports locks, doors and fitted occupancy", states_report_locks_doors_and_fitted_occupancy},
        {"TEMPS comes from the last completed conversion", temps_come_from_the_last_completed_conversion},
        {"a scratchpad is checked before it is believed", a_scratchpad_is_checked_before_it_is_believed},
    };
    int passed = 0, failed = 0;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        failures_in_test = 0;
        tests[i].run();
        if (f.undecodable) failures_in_test++;
        if (failures_in_test == 0) {
            passed++;
        } else {
            failed++;
            printf("FAIL %s\n", tests[i].name);
        }
    }
    printf("board behaviour: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
