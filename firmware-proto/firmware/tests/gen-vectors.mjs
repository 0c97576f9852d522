// Turns ../../test-vectors.json into a C header of expected messages, so that the C test program
// checks the C codec against every vector without a JSON parser. Run by the Makefile.
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: node gen-vectors.mjs test-vectors.json out.h');

const TYPES = {
  HELLO: 0x01,
  PING: 0x02,
  UNLOCK: 0x03,
  RELEASE_ALL: 0x04,
  READ_STATES: 0x05,
  READ_TEMPS: 0x06,
  CAPABILITIES: 0x41,
  PONG: 0x42,
  STATES: 0x45,
  TEMPS: 0x46,
  ACK: 0x70,
  NACK: 0x71,
  DOOR_EVENT: 0x80,
};
const NACK_CODES = {
  UNKNOWN_CHANNEL: 1,
  PULSE_OUT_OF_RANGE: 2,
  COOLDOWN: 3,
  COMMAND_ID_CONFLICT: 4,
  BAD_PAYLOAD: 5,
  UNSUPPORTED_TYPE: 6,
  BAD_VERSION: 7,
};
const PROBE_STATUS = { ok: 0, missing: 1, fault: 2 };
const ERRORS = [
  'OVERSIZE',
  'BAD_FRAMING',
  'TRUNCATED',
  'BAD_CRC',
  'BAD_VERSION',
  'BAD_LENGTH',
  'UNKNOWN_TYPE',
  'BAD_PAYLOAD',
];

function known(table, key, what) {
  if (!(key in table)) throw new Error(`unknown ${what} ${key}`);
  return table[key];
}

function bitmap(bits) {
  const bytes = new Array(8).fill(0);
  bits.forEach((bit, i) => {
    if (bit) bytes[i >> 3] |= 1 << (i & 7);
  });
  return `{${bytes.join(', ')}}`;
}

function body(m) {
  switch (m.type) {
    case 'UNLOCK':
      return `.body.unlock = {${m.channel}, ${m.pulseMs}, ${m.commandId}u}`;
    case 'CAPABILITIES':
      return `.body.capabilities = {${m.firmware.major}, ${m.firmware.minor}, ${m.firmware.patch}, ${m.lockChannels}, ${m.doorInputs}, ${m.probes}, ${m.maxPulseMs}, ${m.cooldownMs}, ${m.watchdogMs}, ${bitmap(m.occupancySensors)}}`;
    case 'STATES':
      return `.body.states = {${m.locks.length}, ${bitmap(m.locks)}, ${m.doors.length}, ${bitmap(m.doors)}, ${bitmap(m.occupancy.map((o) => o !== null))}, ${bitmap(m.occupancy.map((o) => o === true))}}`;
    case 'TEMPS': {
      const probes = m.probes.map(
        (p) => `{${known(PROBE_STATUS, p.status, 'probe status')}, ${p.centiCelsius ?? 0}}`,
      );
      return `.body.temps = {${m.probes.length}, {${probes.length ? probes.join(', ') : '{0, 0}'}}}`;
    }
    case 'NACK':
      return `.body.nack = {${known(NACK_CODES, m.code, 'NACK code')}, ${m.retryAfterMs}}`;
    case 'DOOR_EVENT':
      return `.body.door_event = {${m.boardSeq}, ${m.input}, ${m.open ? 1 : 0}}`;
    default:
      return null;
  }
}

const vectors = JSON.parse(readFileSync(input, 'utf8'));
const rows = vectors.map((v) => {
  const bytes = Buffer.from(v.hex, 'hex');
  const wire = `(const uint8_t[]){${[...bytes].join(', ')}}`;
  const name = JSON.stringify(v.name);
  if (!v.valid) {
    known(Object.fromEntries(ERRORS.map((e) => [e, e])), v.error, 'error');
    return `    {${name}, ${wire}, ${bytes.length}, 0, "${v.error}", {0}}`;
  }
  const fields = [`.type = ${known(TYPES, v.message.type, 'type')}`, `.seq = ${v.message.seq}`];
  const payload = body(v.message);
  if (payload) fields.push(payload);
  return `    {${name}, ${wire}, ${bytes.length}, 1, "OK", {${fields.join(', ')}}}`;
});

writeFileSync(
  output,
  `/* Generated from test-vectors.json by gen-vectors.mjs; do not edit. */
#include "messages.h"
#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *name;
    const uint8_t *wire;
    size_t wire_len;
    int valid;
    const char *error;
    fp_message message;
} test_vector;

static const test_vector TEST_VECTORS[] = {
${rows.join(',\n')}
};

#define TEST_VECTOR_COUNT ${rows.length}
`,
);
