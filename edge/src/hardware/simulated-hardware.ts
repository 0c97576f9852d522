import {
  type ProbeConfig,
  SerialBoardConfig,
  type SimulatedConfig,
  type StationHardware,
} from '@regiobox/hardware-api';
import { rememberRig, SimulatedRig, simulatedRigFor } from '@regiobox/simulated-devices';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Clock } from '../domain/clock.js';
import { createSerialBoardHardware } from './board/board-hardware.js';

export interface SimulatedHardwareOptions {
  readonly config: z.infer<typeof SimulatedConfig>;
  readonly probes: readonly ProbeConfig[];
  readonly logger: Logger;
  readonly clock?: Pick<Clock, 'now'>;
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
  if (!prepared) rememberRig(options.config, rig);
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
    SerialBoardConfig.parse({ driver: 'serial-board', path: rig.path, heartbeatMs: SIM_HEARTBEAT_MS }),
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
