import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestBridge } from '@regiobox/cloud-bridge/testing';
import {
  parseConfig as parseStationConfig,
  type Station,
  type StationConfigInput,
  startStation,
} from '@regiobox/edge';
import { SimulatedBoard, SimulatedSerialBinding } from '@regiobox/simulated-devices';
import { pino } from 'pino';

export interface LinkedStation {
  readonly station: Station;
  readonly board: SimulatedBoard;
  dispose(): Promise<void>;
}

/**
 * A real edge station on a simulated board, registered at the test bridge and linked to its broker:
 * compartment 1 is a chilled fridge with probe `fridge` (board probe 0, 5 °C), compartment 2 ambient.
 */
export interface LinkedStationOptions {
  /** more compartments than the two (one lock channel and door input each, in order) */
  readonly compartments?: StationConfigInput['compartments'];
  /** the station's `tenants` config: admitted tenants and compartments reserved per tenant */
  readonly tenants?: StationConfigInput['tenants'];
}

export const startLinkedStation = async (
  bridge: TestBridge,
  stationId: string,
  options: LinkedStationOptions = {},
): Promise<LinkedStation> => {
  const dir = mkdtempSync(join(tmpdir(), 'regiobox-linked-'));
  const path = `/dev/serial/by-id/usb-regiobox-${stationId}`;
  const creds = await bridge.bridge.registry.addStation(stationId);
  writeFileSync(join(dir, 'mqtt-password'), creds.password, { mode: 0o600 });
  writeFileSync(join(dir, 'command-key'), creds.commandKey, { mode: 0o600 });
  const compartments = options.compartments ?? [
    { no: 1, lockChannel: 0, doorInput: 0, size: 'M', zone: 'chilled', probes: ['fridge'] },
    { no: 2, lockChannel: 1, doorInput: 1, size: 'L', zone: 'ambient', probes: [] },
  ];
  const board = new SimulatedBoard({
    lockChannels: compartments.length,
    probes: 1,
    occupancySensors: true,
    cooldownMs: 0,
  });
  board.setProbe(0, 5);
  const binding = new SimulatedSerialBinding();
  binding.plug(path, board);
  const config = parseStationConfig({
    stationId,
    dataDir: join(dir, 'data'),
    compartments,
    ...(options.tenants ? { tenants: options.tenants } : {}),
    probes: [{ id: 'fridge', boardIndex: 0 }],
    hardware: { driver: 'serial-board', path },
    mqtt: {
      url: bridge.bridge.brokerUrl,
      username: creds.username,
      passwordFile: join(dir, 'mqtt-password'),
      commandKeyFile: join(dir, 'command-key'),
      telemetryIntervalSeconds: 5,
    },
  });
  const station = await startStation(config, {
    logger: pino({ level: 'silent' }),
    binding,
    kiosk: false,
    sampleIntervalMs: 100,
  });
  return {
    station,
    board,
    dispose: async () => {
      await station.stop();
      board.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
