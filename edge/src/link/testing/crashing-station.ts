/**
 * A station process for crash tests: it writes door events into its outbox as fast as a busy station
 * would and drains them over a real link, until the test kills it with SIGKILL.
 * Usage: crashing-station.ts <database file> <broker url> <station id> [--drain-only]
 */
import { pino } from 'pino';
import { openDatabase } from '../../store/database.js';
import { Outbox } from '../../store/outbox.js';
import { MqttLink } from '../mqtt-link.js';

const [dbFile, url, stationId] = process.argv.slice(2);
if (!dbFile || !url || !stationId)
  throw new Error('usage: crashing-station.ts <db> <url> <stationId> [--drain-only]');
const db = openDatabase(dbFile);
const outbox = new Outbox(db, stationId);
const link = new MqttLink({
  stationId,
  db,
  outbox,
  logger: pino({ level: 'silent' }),
  broker: { url, keepaliveSeconds: 5, backoff: { minMs: 20, maxMs: 200 } },
  status: () => ({
    capabilities: { compartments: 4, zones: ['chilled'], occupancySensors: false, driver: 'crash-test' },
    health: { board: 'ok', storage: 'ok', clock: 'synced', probesFaulty: [] },
  }),
  state: () => ({ compartments: [], openAlarms: [] }),
  commands: { handler: async () => ({}) },
});
link.onStateChange((c) => {
  if (c.state === 'online') process.stdout.write('online\n');
});
link.start();
if (!process.argv.includes('--drain-only')) {
  let n = 0;
  // As in the station: the event is written in the transaction of its change, so the seq counter and
  // the outbox row commit together and a kill cannot leave a gap.
  const doorChanged = db.transaction((k: number) =>
    outbox.appendEvent({ type: 'compartment.door', compartment: (k % 4) + 1, open: k % 2 === 1 }, new Date()),
  );
  setInterval(() => {
    n += 1;
    doorChanged(n);
  }, 3);
}
