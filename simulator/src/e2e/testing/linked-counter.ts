import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestBridge } from '@regiobox/cloud-bridge/testing';
import { hashStaffPassword, parseConfig, type Station, startStation } from '@regiobox/edge';
import { SimulatedBoard, SimulatedSerialBinding } from '@regiobox/simulated-devices';
import { pino } from 'pino';

export const COUNTER_STAFF = { id: 'anna', name: 'Anna Schulz', password: 'kasse-anna-1' } as const;

export interface LinkedCounter {
  readonly station: Station;
  readonly board: SimulatedBoard;
  /** the staff page, e.g. http://127.0.0.1:40123/counter/ */
  readonly staffPage: string;
  dispose(): Promise<void>;
}

/**
 * A farm shop's counter station linked to the test bridge: no locks; a board only for its probes
 * (fridge 5 °C, freezer −20 °C); places: two shelves, a fridge and a freezer; one staff login; the
 * staff page on the station's local server, port 0.
 */
export const startLinkedCounter = async (bridge: TestBridge, stationId: string): Promise<LinkedCounter> => {
  const dir = mkdtempSync(join(tmpdir(), 'regiobox-counter-'));
  const path = `/dev/serial/by-id/usb-regiobox-${stationId}`;
  const creds = await bridge.bridge.registry.addStation(stationId);
  writeFileSync(join(dir, 'mqtt-password'), creds.password, { mode: 0o600 });
  writeFileSync(join(dir, 'command-key'), creds.commandKey, { mode: 0o600 });
  const board = new SimulatedBoard({ lockChannels: 1, probes: 2, occupancySensors: false, cooldownMs: 0 });
  board.setProbe(0, 5);
  board.setProbe(1, -20);
  const binding = new SimulatedSerialBinding();
  binding.plug(path, board);
  const config = parseConfig({
    stationId,
    kind: 'counter',
    dataDir: join(dir, 'data'),
    places: [
      { no: 1, type: 'shelf', name: { de: 'Regal 1', en: 'Shelf 1' } },
      { no: 2, type: 'shelf', name: { de: 'Regal 2', en: 'Shelf 2' } },
      { no: 3, type: 'fridge', name: { de: 'Kühlschrank', en: 'Fridge' }, probes: ['fridge'] },
      { no: 4, type: 'freezer', name: { de: 'Tiefkühltruhe', en: 'Freezer' }, probes: ['freezer'] },
    ],
    staff: [
      {
        id: COUNTER_STAFF.id,
        name: COUNTER_STAFF.name,
        passwordHash: await hashStaffPassword(
          COUNTER_STAFF.password,
          { bytes: (n) => randomBytes(n) },
          {
            ln: 10,
            r: 8,
            p: 1,
          },
        ),
      },
    ],
    probes: [
      { id: 'fridge', boardIndex: 0 },
      { id: 'freezer', boardIndex: 1 },
    ],
    hardware: { driver: 'serial-board', path },
    mqtt: {
      url: bridge.bridge.brokerUrl,
      username: creds.username,
      passwordFile: join(dir, 'mqtt-password'),
      commandKeyFile: join(dir, 'command-key'),
      telemetryIntervalSeconds: 5,
    },
    kiosk: { host: '127.0.0.1', port: 0, displayName: 'Hofladen Sonnenwiese' },
  });
  const station = await startStation(config, {
    logger: pino({ level: 'silent' }),
    binding,
    sampleIntervalMs: 100,
  });
  if (!station.kiosk) throw new Error('the counter has no local server');
  return {
    station,
    board,
    staffPage: `${station.kiosk.url}counter/`,
    dispose: async () => {
      await station.stop();
      board.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
