import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig as parseBridgeConfig, type RunningBridge, startBridge } from '@regiobox/cloud-bridge';
import { parseConfig, type Station, startStation } from '@regiobox/edge';
import { SimulatedBoard, SimulatedSerialBinding } from '@regiobox/simulated-devices';
import { benchLogger } from './logger.js';
import { until } from './until.js';
import { WALL_COMPARTMENTS, WALL_PROBES, wallConfig } from './wall-config.js';

export const BENCH_STATION = 'bench-wall-48';
const SERIAL = '/dev/serial/by-id/usb-regiobox_bench_board-if00';

export interface LinkedStation {
  readonly bridge: RunningBridge;
  readonly station: Station;
  readonly board: SimulatedBoard;
  close(): Promise<void>;
}

/**
 * A real bridge (embedded broker, SQLite, HTTP on port 0) and a real station registered with it:
 * its own broker login and command key in 0600 files, as in production, and the lock board
 * simulated in-process.
 */
export const startLinkedStation = async (dir: string): Promise<LinkedStation> => {
  const bridge = await startBridge(
    parseBridgeConfig({
      database: { file: join(dir, 'bridge', 'bridge.db') },
      broker: { port: 0 },
      http: { port: 0 },
      log: { level: 'silent' },
    }),
  );
  const board = new SimulatedBoard({
    lockChannels: WALL_COMPARTMENTS,
    probes: WALL_PROBES,
    initialCelsius: 4,
  });
  let station: Station | undefined;
  try {
    const login = await bridge.registry.addStation(BENCH_STATION);
    const secrets = join(dir, 'etc');
    mkdirSync(secrets, { recursive: true, mode: 0o700 });
    writeFileSync(join(secrets, 'mqtt-password'), login.password, { mode: 0o600 });
    writeFileSync(join(secrets, 'command-key'), login.commandKey, { mode: 0o600 });
    const binding = new SimulatedSerialBinding();
    binding.plug(SERIAL, board);
    const config = parseConfig(
      wallConfig({
        stationId: BENCH_STATION,
        dataDir: join(dir, 'station'),
        serialPath: SERIAL,
        brokerUrl: bridge.brokerUrl,
        mqtt: {
          username: login.username,
          passwordFile: join(secrets, 'mqtt-password'),
          commandKeyFile: join(secrets, 'command-key'),
        },
      }),
    );
    station = await startStation(config, { logger: benchLogger(), binding, kiosk: false });
    const s = station;
    await until('the lock board to be reachable', () => s.hardware.health().reachable, 20_000);
    await until(
      'the bridge to see the station online',
      async () => (await bridge.store.presence(BENCH_STATION))?.state === 'online',
      30_000,
      20,
    );
    return {
      bridge,
      station: s,
      board,
      close: async () => {
        await s.stop();
        board.stop();
        await bridge.stop();
      },
    };
  } catch (err) {
    await station?.stop();
    board.stop();
    await bridge.stop();
    throw err;
  }
};
