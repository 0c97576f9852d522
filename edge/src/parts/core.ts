import type { StationHealth } from '@regiobox/contract';
import type { StationHardware } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import type { StationConfig } from '../config/schema.js';
import type { Clock } from '../domain/clock.js';
import type { RandomSource } from '../domain/random.js';
import { createHardware } from '../hardware/factory.js';
import { JobScheduler } from '../jobs/scheduler.js';
import { stationJobs } from '../jobs/station-jobs.js';
import { ClockWatch, TIMESYNCD } from '../monitoring/clock-watch.js';
import { StationMonitor } from '../monitoring/station-monitor.js';
import type { StationEvents } from '../station/events.js';
import { type StationDeps, StationService } from '../station/index.js';
import type { Db } from '../store/database.js';
import type { Outbox } from '../store/outbox.js';
import type { StationOverrides } from './overrides.js';
import type { StopStack } from './stop-stack.js';

/** What every part is built with. */
export interface Basics {
  readonly config: StationConfig;
  readonly overrides: StationOverrides;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly stops: StopStack;
  /** the station's one bus: every part hears and tells through it */
  readonly events: StationEvents;
}

/** The station's view of its clock; the latest time known to have passed is written at stop. */
export const watchClock = (b: Basics, db: Db): ClockWatch => {
  const o = b.overrides;
  const clockWatch = new ClockWatch({
    db,
    clock: b.clock,
    logger: b.logger,
    timeService: o.timeService !== undefined ? o.timeService : o.clock ? null : TIMESYNCD,
    alarmAfterMs: o.clockAlarmAfterMs,
    events: b.events,
  });
  b.stops.push('clock watch', () => clockWatch.persist());
  return clockWatch;
};

/** The devices the config names, or the ones a test or the simulator hands in. */
export const startHardware = async (b: Basics): Promise<StationHardware> => {
  const o = b.overrides;
  const hardware =
    o.hardware ??
    (await createHardware(b.config.hardware, b.config.probes, {
      logger: b.logger.child({ component: 'hardware' }),
      binding: o.binding,
      gpioBackend: o.gpioBackend,
      clock: b.clock,
      random: b.random,
    }));
  b.stops.push('hardware', () => hardware.stop());
  await hardware.start();
  return hardware;
};

/** The station core: it reconciles the doors with the records before anything else may open one. */
export const startService = async (
  b: Basics,
  p: Pick<StationDeps, 'db' | 'outbox' | 'hardware' | 'stationKey' | 'deadlines' | 'pickupGate'>,
): Promise<StationService> => {
  const { config, clock, random, logger, events } = b;
  const service = new StationService({ ...p, config, clock, random, logger, events });
  b.stops.push('station', () => service.stop());
  await service.start();
  return service;
};

/** Probes, alarms and the cold chain; door changes missed in a storage fault are caught up after it. */
export const startMonitor = (
  b: Basics,
  p: {
    db: Db;
    outbox: Outbox;
    hardware: StationHardware;
    service: StationService;
    clockWatch: ClockWatch;
    positionNow?: () => { lat: number; lon: number } | null;
  },
): StationMonitor => {
  const o = b.overrides;
  const monitor = new StationMonitor({
    ...p,
    station: p.service,
    config: b.config,
    clock: b.clock,
    logger: b.logger,
    sampleIntervalMs: o.sampleIntervalMs,
    tickIntervalMs: o.tickIntervalMs,
    alarmSettings: o.alarmSettings,
  });
  b.stops.push('monitor', () => monitor.stop());
  monitor.start();
  const off = b.events.on('health.changed', (h) => {
    if (h.part === 'storage' && h.ok) void p.service.resync();
  });
  b.stops.push('storage resync', off);
  return monitor;
};

export const startJobs = async (
  b: Basics,
  p: {
    db: Db;
    service: StationService;
    monitor: StationMonitor;
    outbox: Outbox;
    replayRetentionHours?: number;
  },
): Promise<void> => {
  const jobs = new JobScheduler({ db: p.db, clock: b.clock, logger: b.logger.child({ component: 'jobs' }) });
  for (const job of stationJobs({ ...p, clock: b.clock, logger: b.logger })) jobs.add(job);
  b.stops.push('jobs', () => jobs.stop());
  await jobs.start();
};

/** Board, storage, clock and probes in one word each: for the status birth and the state message. */
export const stationHealth =
  (hardware: StationHardware, monitor: StationMonitor, clockWatch: ClockWatch) => (): StationHealth => {
    const h = hardware.health();
    return {
      board: !h.reachable ? 'unreachable' : monitor.serialLineNoisy() ? 'degraded' : 'ok',
      storage: monitor.storageOk() ? 'ok' : 'fault',
      clock: clockWatch.status().state,
      probesFaulty: monitor
        .readings()
        .filter((r) => r.status !== 'ok')
        .map((r) => r.probeId),
      ...(h.line ? { serialLine: h.line } : {}),
    };
  };
