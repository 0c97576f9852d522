import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestBridge } from '@regiobox/cloud-bridge/testing';
import { parseConfig, type Station, type StationConfig, startStation } from '@regiobox/edge';
import { SimulatedBoard, SimulatedSerialBinding, TcpProxy } from '@regiobox/simulated-devices';
import { pino } from 'pino';

export interface VanStation {
  readonly station: Station;
  readonly config: StationConfig;
  readonly board: SimulatedBoard;
  /** the van's cellular link: `partition()` drops it silently, `heal()` brings it back */
  readonly link: TcpProxy;
  dispose(): Promise<void>;
}

export const DRIVER_CODE = '731904';

/**
 * A sales van on a simulated board, registered at the test bridge: compartment 1 a chilled cold box
 * (probe `coldbox`, 5 °C), 2 and 3 ambient lockers; its position from gpsd on `gpsdPort`, its link to
 * the broker through a relay that can cut it, its kiosk on a free port.
 */
export const startVanStation = async (
  bridge: TestBridge,
  stationId: string,
  gpsdPort: number,
): Promise<VanStation> => {
  const dir = mkdtempSync(join(tmpdir(), 'regiobox-van-'));
  const path = `/dev/serial/by-id/usb-regiobox-${stationId}`;
  const creds = await bridge.bridge.registry.addStation(stationId);
  writeFileSync(join(dir, 'mqtt-password'), creds.password, { mode: 0o600 });
  writeFileSync(join(dir, 'command-key'), creds.commandKey, { mode: 0o600 });
  writeFileSync(join(dir, 'driver-code'), DRIVER_CODE, { mode: 0o600 });
  const board = new SimulatedBoard({ lockChannels: 3, probes: 1, occupancySensors: true, cooldownMs: 0 });
  board.setProbe(0, 5);
  const binding = new SimulatedSerialBinding();
  binding.plug(path, board);
  const link = await TcpProxy.start(Number(new URL(bridge.bridge.brokerUrl).port));
  const config = parseConfig({
    stationId,
    kind: 'van',
    dataDir: join(dir, 'data'),
    compartments: [
      { no: 1, lockChannel: 0, doorInput: 0, size: 'M', zone: 'chilled', probes: ['coldbox'] },
      { no: 2, lockChannel: 1, doorInput: 1, size: 'S', zone: 'ambient', probes: [] },
      { no: 3, lockChannel: 2, doorInput: 2, size: 'S', zone: 'ambient', probes: [] },
    ],
    probes: [{ id: 'coldbox', boardIndex: 0 }],
    hardware: { driver: 'serial-board', path },
    mqtt: {
      url: link.url,
      username: creds.username,
      passwordFile: join(dir, 'mqtt-password'),
      commandKeyFile: join(dir, 'command-key'),
      keepaliveSeconds: 5,
      telemetryIntervalSeconds: 5,
    },
    kiosk: { host: '127.0.0.1', port: 0, displayName: 'Verkaufswagen Spreewald' },
    // an excursion counts at once in the test (a real van keeps the zone's delay against door spikes)
    thresholds: { chilled: { delaySeconds: 0 } },
    van: {
      gpsd: { host: '127.0.0.1', port: gpsdPort },
      graceMinutes: 15,
      fixMaxAgeSeconds: 5,
      positionEventSeconds: 10,
      driverCodeFile: join(dir, 'driver-code'),
    },
  });
  const station = await startStation(config, {
    logger: pino({ level: 'silent' }),
    binding,
    sampleIntervalMs: 250,
  });
  return {
    station,
    config,
    board,
    link,
    dispose: async () => {
      await station.stop();
      await link.close();
      board.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
