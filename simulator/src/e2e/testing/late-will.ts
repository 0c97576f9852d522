import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STATION_CLIENT_ID_PREFIX, StatusMessage, stationTopics } from '@regiobox/contract';
import { parseConfig, type Station, startStation } from '@regiobox/edge';
import { MemoryStationHardware } from '@regiobox/simulated-devices';
import mqtt from 'mqtt';
import { pino } from 'pino';

export interface StationLogin {
  readonly username: string;
  readonly password: string;
}

/** A real edge station (doors in memory) linked to any broker with its own login. */
export const stationOnBroker = async (
  brokerUrl: string,
  stationId: string,
  login: StationLogin,
): Promise<{ station: Station; dispose(): Promise<void> }> => {
  const dir = mkdtempSync(join(tmpdir(), 'regiobox-late-will-'));
  writeFileSync(join(dir, 'mqtt-password'), login.password, { mode: 0o600 });
  const config = parseConfig({
    stationId,
    dataDir: join(dir, 'data'),
    compartments: [{ no: 1, lockChannel: 0, doorInput: 0, size: 'M', zone: 'ambient', probes: [] }],
    probes: [],
    hardware: { driver: 'serial-board', path: '/dev/null' },
    mqtt: { url: brokerUrl, username: login.username, passwordFile: join(dir, 'mqtt-password') },
  });
  const station = await startStation(config, {
    logger: pino({ level: 'silent' }),
    hardware: new MemoryStationHardware({ doors: 1 }),
    kiosk: false,
    mqttBackoff: { minMs: 50, maxMs: 400 },
  });
  return {
    station,
    dispose: async () => {
      await station.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

const until = async <T>(what: string, probe: () => T | undefined, ms = 10_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/**
 * The retained status a newcomer reads (through a login that may read it), read again until it
 * passes `wanted` or 10 s have passed; then the last one read.
 */
export const retainedStatus = async (
  brokerUrl: string,
  stationId: string,
  login: StationLogin,
  wanted: (status: StatusMessage) => boolean,
): Promise<StatusMessage> => {
  const deadline = Date.now() + 10_000;
  for (let attempt = 0; ; attempt++) {
    const client = await mqtt.connectAsync(brokerUrl, {
      ...login,
      clientId: `${STATION_CLIENT_ID_PREFIX}${stationId}.newcomer-${attempt}`,
      reconnectPeriod: 0,
    });
    try {
      const received: StatusMessage[] = [];
      client.on('message', (_t, p) => received.push(StatusMessage.parse(JSON.parse(p.toString()))));
      await client.subscribeAsync(stationTopics(stationId).status, { qos: 1 });
      const status = await until('the retained status', () => received[0]);
      if (wanted(status) || Date.now() > deadline) return status;
    } finally {
      await client.endAsync(true);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
};

/**
 * What a broker does when it publishes the will of an older connection late: a retained `offline` of
 * a lower session lands on the status topic after the station's birth. Sent here with the station's
 * own login (as the broker would, on its behalf) under a client id of its own.
 */
export const publishLateWill = async (
  brokerUrl: string,
  stationId: string,
  login: StationLogin,
  session: number,
): Promise<void> => {
  const client = await mqtt.connectAsync(brokerUrl, {
    ...login,
    clientId: `${STATION_CLIENT_ID_PREFIX}${stationId}.late-will`,
    reconnectPeriod: 0,
  });
  const will: StatusMessage = {
    v: 1,
    stationId,
    state: 'offline',
    session,
    sessionId: 'an-older-connection',
    at: new Date().toISOString(),
  };
  await client.publishAsync(stationTopics(stationId).status, JSON.stringify(will), { qos: 1, retain: true });
  await client.endAsync();
};

export { until as waitFor };
