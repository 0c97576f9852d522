import { join } from 'node:path';
import type { StationLauncher } from '../world/world.js';
import { ChildStation } from './child-station.js';

/** Starts `process: child` stations as their own processes on a PTY, logging into `logDir`. */
export const childStationLauncher =
  (options: { logDir: string }): StationLauncher =>
  (spec, config, world) =>
    ChildStation.start({
      config,
      clock: world.clock,
      logFile: join(options.logDir, `${spec.id}.log`),
      ...(spec.ambient ? { ambient: spec.ambient } : {}),
      seed: world.seed + world.stations.size,
    });
