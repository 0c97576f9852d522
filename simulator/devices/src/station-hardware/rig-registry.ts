import { SimulatedRig, type SimulatedRigOptions } from './simulated-rig.js';
import type { RigCompartment } from './station-thermal.js';

// On globalThis so that two instances of this module (source and built copies under some loaders)
// share one registry.
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

/** Registers a rig that the station's simulated driver built itself for a config tried on its own. */
export function rememberRig(hardwareConfig: object, rig: SimulatedRig): void {
  registry().set(hardwareConfig, rig);
}
