import {
  createSerialBoardHardware,
  type SimulatedHardwareOptions,
  type StationHardware,
} from '@regiobox/edge/hardware';
import type { Logger } from 'pino';
import { SimulatedRig, type SimulatedRigOptions } from './simulated-rig.js';
import type { RigCompartment } from './station-thermal.js';

// On globalThis so that the copy of this module edge loads by its computed specifier and the copy the
// simulator imports statically (two module instances under some loaders) share one registry.
const RIGS = Symbol.for('regiobox.simulator.rigs');
type RigRegistry = WeakMap<object, SimulatedRig>;

const registry = (): RigRegistry => {
  const holder = globalThis as { [RIGS]?: RigRegistry };
  holder[RIGS] ??= new WeakMap();
  return holder[RIGS];
};

/** The parts of a station config a rig is built from (edge's parsed StationConfig fits). */
export interface RigStationConfig {
  readonly stationId: string;
  readonly hardware: object & { readonly driver: string; readonly occupancySensors?: boolean };
  readonly compartments: readonly RigCompartment[];
  readonly probes: SimulatedRigOptions['probes'];
}

/**
 * Builds the rig (board, cable, thermal world) for a station config whose `hardware.driver` is
 * `simulated`, and registers it, so that `startStation(config)` drives exactly this board and the
 * caller can work its doors, probes and faults. Call before `startStation`.
 */
export function prepareSimulatedRig(
  config: RigStationConfig,
  options: Omit<SimulatedRigOptions, 'name' | 'compartments' | 'probes' | 'occupancySensors'> = {},
): SimulatedRig {
  const rig = new SimulatedRig({
    ...options,
    name: config.stationId,
    compartments: config.compartments,
    probes: config.probes,
    occupancySensors: config.hardware.occupancySensors ?? true,
  });
  registry().set(config.hardware, rig);
  return rig;
}

/** The rig serving this `hardware` config object (the one `startStation` was given), if any. */
export function simulatedRigFor(hardwareConfig: object): SimulatedRig | undefined {
  return registry().get(hardwareConfig);
}

/**
 * `hardware: { driver: simulated }`: edge's real serial-board driver over the simulator's in-process
 * serialport binding to a simulated board, so the whole protocol path runs. Uses the rig prepared for
 * this config; without one (a config tried on its own) it builds a board with every channel and one
 * chilled space per probe, which stops with the station.
 */
export function createSimulatedHardware(options: SimulatedHardwareOptions): StationHardware {
  const prepared = simulatedRigFor(options.config);
  const rig =
    prepared ??
    new SimulatedRig({
      name: 'standalone',
      probes: options.probes,
      occupancySensors: options.config.occupancySensors,
      ...(options.clock ? { clock: options.clock } : {}),
    });
  if (!prepared) registry().set(options.config, rig);
  return boardHardwareOn(rig, options.logger, options.clock, { shutdownRigOnStop: !prepared });
}

/** READ_STATES every 250 ms of real time: 15 simulated seconds at the scenarios' usual 60×. */
export const SIM_HEARTBEAT_MS = 250;

/** The station's serial-board driver talking to the rig's board, reporting itself as `simulated`. */
export function boardHardwareOn(
  rig: SimulatedRig,
  logger: Logger,
  clock?: { now(): Date },
  options: { shutdownRigOnStop?: boolean } = {},
): StationHardware {
  const hardware = createSerialBoardHardware(
    // The heartbeat (READ_STATES) runs in real time while the station's timeouts run on the simulated
    // clock; at 60× a 2 s heartbeat would be 2 simulated minutes, longer than a door stays open.
    {
      driver: 'serial-board',
      path: rig.path,
      baudRate: 115200,
      replyTimeoutMs: 250,
      heartbeatMs: SIM_HEARTBEAT_MS,
    },
    rig.options.probes,
    { logger, binding: rig.binding, ...(clock ? { clock } : {}) },
  );
  return {
    ...hardware,
    driver: 'simulated',
    start: async () => {
      rig.run();
      rig.step();
      await hardware.start();
    },
    stop: async () => {
      await hardware.stop();
      rig.pause();
      if (options.shutdownRigOnStop) rig.shutdown();
    },
  };
}
