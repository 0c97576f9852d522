import type { StationHealth } from '@regiobox/contract';
import type { StationConfig } from './config/schema.js';
import { systemClock } from './domain/clock.js';
import { cryptoRandom } from './domain/random.js';
import type { StationHardware } from './hardware/index.js';
import type { Kiosk } from './kiosk/server.js';
import type { MqttLink } from './link/index.js';
import { createLogger } from './log.js';
import type { ClockWatch } from './monitoring/clock-watch.js';
import type { StationMonitor } from './monitoring/station-monitor.js';
import {
  startHardware,
  startJobs,
  startMonitor,
  startService,
  stationHealth,
  watchClock,
} from './parts/core.js';
import { startKioskPart } from './parts/kiosk.js';
import { startLink } from './parts/link.js';
import type { StationOverrides } from './parts/overrides.js';
import { StopStack } from './parts/stop-stack.js';
import { openStorage } from './parts/storage.js';
import { startVan } from './parts/van.js';
import { StationEvents } from './station/events.js';
import type { StationService } from './station/index.js';
import type { Db } from './store/database.js';
import { Outbox } from './store/outbox.js';
import type { TourKeeper } from './van/tour-keeper.js';

export { StartupError } from './parts/errors.js';
export type { StationOverrides } from './parts/overrides.js';

export interface Station {
  readonly service: StationService;
  readonly hardware: StationHardware;
  readonly monitor: StationMonitor;
  readonly clockWatch: ClockWatch;
  readonly link: MqttLink | null;
  readonly kiosk: Kiosk | null;
  readonly outbox: Outbox;
  readonly db: Db;
  /** a sales van's tour and position; null for every other kind of station */
  readonly van: TourKeeper | null;
  health(): StationHealth;
  stop(): Promise<void>;
}

/**
 * The station in one screen. Start order: storage, devices, a van's tour and position, the station core (which reconciles the
 * doors), the monitor, jobs, the link to the marketplace, the kiosk. Each part is pushed on a stop
 * stack as it starts: stop, or a failure half-way through start-up, unwinds it backwards and leaves
 * every lock output off. Missing devices or a missing broker never stop it; they are retried for ever.
 */
export const startStation = async (config: StationConfig, o: StationOverrides = {}): Promise<Station> => {
  const logger = o.logger ?? createLogger({ level: config.logLevel }).child({ stationId: config.stationId });
  const clock = o.clock ?? systemClock;
  const random = o.random ?? cryptoRandom;
  const stops = new StopStack(logger);
  stops.push('log', () => logger.info('station stopped'));
  const events = new StationEvents(logger);
  const b = { config, overrides: o, logger, clock, random, stops, events };
  try {
    const { db, stationKey } = openStorage(config, logger, stops);
    const clockWatch = watchClock(b, db);
    const outbox = new Outbox(db, config.stationId, clockWatch);
    clockWatch.attach(outbox);
    const hardware = await startHardware(b);
    const van = startVan(b, { db, outbox, deadlines: clockWatch });

    const service = await startService(b, {
      db,
      outbox,
      hardware,
      stationKey,
      deadlines: clockWatch,
      ...(van ? { pickupGate: (orderId: string) => van.gate(orderId) } : {}),
    });
    const monitor = startMonitor(b, {
      db,
      outbox,
      hardware,
      service,
      clockWatch,
      ...(van ? { positionNow: () => van.freshFix() } : {}),
    });
    await startJobs(b, {
      db,
      service,
      monitor,
      outbox,
      replayRetentionHours: config.mqtt.replayRetentionHours,
    });

    const health = stationHealth(hardware, monitor, clockWatch);
    const parts = { db, outbox, hardware, service, monitor, health, van, backoff: o.mqttBackoff };
    const link = startLink({ ...b, ...parts }, stops);
    const kiosk = await startKioskPart(b, { service, hardware, monitor, van });
    logger.info(
      { driver: hardware.driver, kiosk: kiosk?.url ?? null, mqtt: config.mqtt?.url ?? null },
      'station started',
    );

    const stop = () => stops.unwind();
    return { service, hardware, monitor, clockWatch, link, kiosk, outbox, db, van, health, stop };
  } catch (err) {
    await stops.unwind();
    throw err;
  }
};
