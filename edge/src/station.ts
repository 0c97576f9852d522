import { mkdirSync, readFileSync } from 'node:fs';
import type { StationHealth } from '@regiobox/contract';
import type { Logger } from 'pino';
import { createCommandRouter } from './commands/router.js';
import type { StationConfig } from './config/schema.js';
import type { AlarmSettings } from './domain/alarms/settings.js';
import { type Clock, systemClock } from './domain/clock.js';
import { cryptoRandom, type RandomSource } from './domain/random.js';
import { createHardware, type HardwareDeps, type StationHardware } from './hardware/index.js';
import { JobScheduler } from './jobs/scheduler.js';
import { stationJobs } from './jobs/station-jobs.js';
import { type Kiosk, startKiosk } from './kiosk/server.js';
import type { BackoffOptions } from './link/backoff.js';
import { MqttLink, TelemetryBatcher } from './link/index.js';
import { createLogger } from './log.js';
import { ClockWatch, TIMESYNCD, type TimeService } from './monitoring/clock-watch.js';
import { StationMonitor } from './monitoring/station-monitor.js';
import { StationService } from './station/index.js';
import { type Db, openDatabase } from './store/database.js';
import { Outbox } from './store/outbox.js';
import { openStationKey, StationKeyError } from './store/station-key.js';
import { stationDatabaseFile } from './store/station-records.js';

/** What tests, the simulator and the CLI may replace: time, randomness, and the devices. */
export interface StationOverrides {
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly random?: RandomSource;
  readonly hardware?: StationHardware;
  readonly binding?: HardwareDeps['binding'];
  readonly gpioBackend?: HardwareDeps['gpioBackend'];
  /** false: no kiosk page (a headless test or a simulated station in the demo) */
  readonly kiosk?: boolean;
  readonly sampleIntervalMs?: number;
  /** the monitor's tick: clock check, alarm timers, storage probe; default 5 s */
  readonly tickIntervalMs?: number;
  /**
   * Where the OS says its clock is synchronised; null: none. Default: systemd-timesyncd's marker with
   * the system clock, none with an injected clock (the host's time service knows nothing of it).
   */
  readonly timeService?: TimeService | null;
  /** how long an unsynchronised clock is tolerated before clock_unsynced; default 2 min */
  readonly clockAlarmAfterMs?: number;
  readonly alarmSettings?: Partial<AlarmSettings>;
  /** the MQTT link's reconnect backoff; default 1 s to 60 s */
  readonly mqttBackoff?: Partial<BackoffOptions>;
}

export interface Station {
  readonly service: StationService;
  readonly hardware: StationHardware;
  readonly monitor: StationMonitor;
  readonly clockWatch: ClockWatch;
  readonly link: MqttLink | null;
  readonly kiosk: Kiosk | null;
  readonly outbox: Outbox;
  readonly db: Db;
  health(): StationHealth;
  stop(): Promise<void>;
}

export class StartupError extends Error {
  constructor(
    readonly code: 'DATA_DIR_UNUSABLE' | 'SECRET_FILE_UNREADABLE' | StationKeyError['code'],
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StartupError';
  }
}

const readSecret = (file: string, what: string): string => {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (cause) {
    throw new StartupError('SECRET_FILE_UNREADABLE', `${what} ${file} cannot be read`, { cause });
  }
};

/**
 * The station in one screen. Start order: storage, devices, the station core (which reconciles the
 * doors), the monitor, jobs, the link to the marketplace, the kiosk. Stop runs it backwards and leaves
 * every lock output off. Missing devices or a missing broker never stop it; they are retried for ever.
 */
export const startStation = async (config: StationConfig, o: StationOverrides = {}): Promise<Station> => {
  const logger = o.logger ?? createLogger({ level: config.logLevel }).child({ stationId: config.stationId });
  const clock = o.clock ?? systemClock;
  const random = o.random ?? cryptoRandom;
  try {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  } catch (cause) {
    throw new StartupError('DATA_DIR_UNUSABLE', `dataDir ${config.dataDir} cannot be created`, { cause });
  }
  let db: Db;
  try {
    db = openDatabase(stationDatabaseFile(config.dataDir));
  } catch (cause) {
    throw new StartupError('DATA_DIR_UNUSABLE', `dataDir ${config.dataDir}: the database cannot be opened`, {
      cause,
    });
  }
  // The station's own connection never waits on itself; only an outside writer (a sqlite3 shell, a
  // backup tool) can hold the lock, and waiting seconds for it would freeze the event loop: fail fast,
  // report a storage fault, and try again on the next write.
  db.pragma('busy_timeout = 250');
  let stationKey: Buffer;
  try {
    stationKey = openStationKey(config.dataDir, db, (why) => logger.warn({ file: 'station.key' }, why));
  } catch (cause) {
    db.close();
    if (cause instanceof StationKeyError) throw new StartupError(cause.code, cause.message, { cause });
    throw cause;
  }
  const clockWatch = new ClockWatch({
    db,
    clock,
    logger,
    timeService: o.timeService !== undefined ? o.timeService : o.clock ? null : TIMESYNCD,
    alarmAfterMs: o.clockAlarmAfterMs,
  });
  const outbox = new Outbox(db, config.stationId, clockWatch);
  clockWatch.attach(outbox);

  const hardware =
    o.hardware ??
    (await createHardware(config.hardware, config.probes, {
      logger: logger.child({ component: 'hardware' }),
      binding: o.binding,
      gpioBackend: o.gpioBackend,
      clock,
      random: Math.random,
    }));
  await hardware.start();

  const service = new StationService({
    db,
    outbox,
    hardware,
    clock,
    random,
    config,
    logger,
    stationKey,
    deadlines: clockWatch,
  });
  const monitor = new StationMonitor({
    db,
    outbox,
    hardware,
    station: service,
    config,
    clock,
    logger,
    sampleIntervalMs: o.sampleIntervalMs,
    tickIntervalMs: o.tickIntervalMs,
    clockWatch,
    alarmSettings: o.alarmSettings,
  });
  await service.start();
  monitor.start();
  // door changes that could not be written during a storage fault are caught up once it is over
  let storageWasOk = monitor.storageOk();
  monitor.onHealthChange(() => {
    const ok = monitor.storageOk();
    if (ok && !storageWasOk) void service.resync();
    storageWasOk = ok;
  });

  const jobs = new JobScheduler({ db, clock, logger: logger.child({ component: 'jobs' }) });
  for (const job of stationJobs({ db, service, monitor, outbox, clock, logger })) jobs.add(job);
  await jobs.start();

  const health = (): StationHealth => {
    const h = hardware.health();
    return {
      board: h.reachable ? 'ok' : 'unreachable',
      storage: monitor.storageOk() ? 'ok' : 'fault',
      clock: clockWatch.status().state,
      probesFaulty: monitor
        .readings()
        .filter((r) => r.status !== 'ok')
        .map((r) => r.probeId),
    };
  };

  let link: MqttLink | null = null;
  let telemetry: TelemetryBatcher | null = null;
  if (config.mqtt) {
    const m = config.mqtt;
    const password = m.passwordFile ? readSecret(m.passwordFile, 'mqtt.passwordFile') : undefined;
    const commandKey = m.commandKeyFile
      ? Buffer.from(readSecret(m.commandKeyFile, 'mqtt.commandKeyFile'), 'hex')
      : undefined;
    const linked: MqttLink = new MqttLink({
      stationId: config.stationId,
      broker: {
        url: m.url,
        username: m.username,
        password,
        keepaliveSeconds: m.keepaliveSeconds,
        backoff: o.mqttBackoff,
      },
      db,
      outbox,
      logger: logger.child({ component: 'link' }),
      clock,
      random: Math.random,
      status: () => ({
        capabilities: {
          compartments: config.compartments.length,
          zones: [...new Set(config.compartments.map((c) => c.zone))],
          occupancySensors: hardware.health().occupancySensors,
          firmware: hardware.health().firmware,
          driver: hardware.driver,
        },
        health: health(),
      }),
      state: () => ({
        compartments: service.snapshot(),
        openAlarms: monitor.alarms.active().map((a) => ({
          alarmId: a.alarmId,
          kind: a.kind,
          compartment: a.compartment,
          raisedAt: a.raisedAt.toISOString(),
        })),
      }),
      commands: {
        handler: createCommandRouter({
          station: service,
          acknowledgeAlarm: (id, by, note) => monitor.acknowledgeAlarm(id, by, note),
          setThresholds: (zone, limits) => monitor.setThresholds(zone, limits),
          resendState: async () => (await linked.publishState()) !== undefined,
        }),
        commandKey,
      },
    });
    link = linked;
    // a health change is news for the marketplace at once: never a healthy birth for a broken station
    hardware.onHealthChange(() => void linked.publishStatus().catch(() => undefined));
    monitor.onHealthChange(() => void linked.publishStatus().catch(() => undefined));
    service.onNotice((n) => {
      if (n.type === 'compartments_changed') void linked.publishState().catch(() => undefined);
    });
    telemetry = new TelemetryBatcher({
      stationId: config.stationId,
      outbox,
      clock,
      logger: logger.child({ component: 'telemetry' }),
      batchEveryMs: m.telemetryIntervalSeconds * 1000,
      readings: () => ({
        probes: monitor.readings().map((r) => ({
          probeId: r.probeId,
          compartment: config.compartments.find((c) => c.probes.includes(r.probeId))?.no ?? null,
          celsius: r.celsius,
          status: r.status,
        })),
        doors: service.snapshot().map((c) => ({ compartment: c.no, open: c.doorOpen })),
      }),
    });
    link.start();
    telemetry.start();
  }

  const kiosk =
    o.kiosk === false
      ? null
      : await startKiosk({
          api: service,
          host: config.kiosk.host,
          port: config.kiosk.port,
          logger: logger.child({ component: 'kiosk' }),
          stationId: config.stationId,
          health: () => ({ boardReachable: hardware.health().reachable, storageOk: monitor.storageOk() }),
        });
  logger.info(
    { driver: hardware.driver, kiosk: kiosk?.url ?? null, mqtt: config.mqtt?.url ?? null },
    'station started',
  );

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await kiosk?.close();
      await telemetry?.stop();
      await link?.stop();
      await jobs.stop();
      await monitor.stop();
      await service.stop();
      await hardware.stop();
      clockWatch.persist();
      db.close();
      logger.info('station stopped');
    })();
    return stopping;
  };
  return { service, hardware, monitor, clockWatch, link, kiosk, outbox, db, health, stop };
};
