import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attachBoardToPty, createPtyPair, SimulatedBoard } from '@regiobox/simulated-devices';
import type { BenchArgs } from './args.js';
import { type AedesBroker, startAedes } from './brokers.js';
import { type CompiledStation, compiledStation } from './build.js';
import { type StationProcess, spawnStation } from './station-process.js';
import { until } from './until.js';
import { WALL_COMPARTMENTS, WALL_PROBES, type WallOptions, wallConfig } from './wall-config.js';

/** The benchmark wall (48 doors, 16 probes) as systemd runs it, its board on a PTY, aedes as broker. */
export interface WallRig {
  readonly station: CompiledStation;
  readonly process: StationProcess;
  readonly board: SimulatedBoard;
  readonly broker: AedesBroker;
  readonly dir: string;
  close(): Promise<void>;
}

export const startWallRig = async (
  args: BenchArgs,
  o: {
    kioskPort?: number;
    occupancySensors?: boolean;
    /** the simulated solenoid's rest between pulses (1 s by default) */
    cooldownMs?: number;
    mqtt?: WallOptions['mqtt'];
    /** pulse length of the locks (400 ms by default; the door-cycle benchmark shortens it) */
    pulseMs?: number;
  } = {},
): Promise<WallRig> => {
  const dir = mkdtempSync(join(tmpdir(), 'regiobox-bench-wall-'));
  const configFile = join(dir, 'station.json');
  const station = compiledStation({
    build: !args.noBuild,
    runtime: args.runtime,
    unitFlags: !args.plain,
    configFile,
  });
  const pty = await createPtyPair();
  const board = new SimulatedBoard({
    lockChannels: WALL_COMPARTMENTS,
    probes: WALL_PROBES,
    occupancySensors: o.occupancySensors ?? true,
    ...(o.cooldownMs !== undefined ? { cooldownMs: o.cooldownMs } : {}),
    initialCelsius: 4,
  });
  const boardLine = await attachBoardToPty(board, pty.boardPath);
  const broker = await startAedes();
  const config = wallConfig({
    dataDir: join(dir, 'data'),
    serialPath: pty.hostPath,
    brokerUrl: broker.url,
    ...(o.kioskPort !== undefined ? { kioskPort: o.kioskPort } : {}),
    ...(o.mqtt ? { mqtt: o.mqtt } : {}),
  });
  writeFileSync(
    configFile,
    JSON.stringify(o.pulseMs !== undefined ? { ...config, doors: { pulseMs: o.pulseMs } } : config),
  );
  const closeRest = async () => {
    await boardLine.close();
    board.stop();
    await pty.close();
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  };
  let process: StationProcess;
  try {
    process = await spawnStation(station, dir, { nodeOptions: args.nodeOptions });
    await until('the station to reach its broker', () => broker.clients() > 0, 20_000);
  } catch (err) {
    await closeRest();
    throw err;
  }
  return {
    station,
    process,
    board,
    broker,
    dir,
    close: async () => {
      await process.stop();
      await closeRest();
    },
  };
};
