import type { StationHealth } from '@regiobox/contract';
import type { StationHardware } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import { createCommandRouter } from '../commands/router.js';
import type { StationConfig } from '../config/schema.js';
import type { BackoffOptions } from '../domain/backoff.js';
import type { Clock } from '../domain/clock.js';
import { readableOrderKey } from '../domain/order-key.js';
import type { RandomSource } from '../domain/random.js';
import { MqttLink, TelemetryBatcher } from '../link/index.js';
import type { StationMonitor } from '../monitoring/station-monitor.js';
import type { StationEvents } from '../station/events.js';
import type { StationService } from '../station/index.js';
import { AuditRepo } from '../store/audit-repo.js';
import type { Db } from '../store/database.js';
import type { Outbox } from '../store/outbox.js';
import { VanError } from '../van/errors.js';
import type { TourKeeper } from '../van/tour-keeper.js';
import { readSecret } from './errors.js';
import type { StopStack } from './stop-stack.js';

export interface LinkParts {
  readonly config: StationConfig;
  readonly db: Db;
  readonly outbox: Outbox;
  readonly hardware: StationHardware;
  readonly service: StationService;
  readonly monitor: StationMonitor;
  readonly health: () => StationHealth;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly logger: Logger;
  readonly backoff?: Partial<BackoffOptions>;
  readonly events: StationEvents;
  readonly van: TourKeeper | null;
}

/** The `read_audit` reply: the repository's rows in the contract's shape. */
export const readAudit = (audit: AuditRepo, query: { limit: number; compartment?: number }) =>
  audit
    .list({
      limit: query.limit,
      ...(query.compartment !== undefined ? { compartmentNo: query.compartment } : {}),
    })
    .map((r) => ({
      id: r.id,
      at: r.at,
      action: r.action,
      compartmentNo: r.compartmentNo ?? null,
      reason: r.reason ?? null,
      // the station's local key read as `tenant/order id` (the order id alone for the default tenant)
      orderId: r.orderId ? readableOrderKey(r.orderId) : null,
      parcelId: r.parcelId ?? null,
      by: r.by ?? null,
      detail: r.detail ?? null,
    }));

/** The MQTT link and the telemetry batches; null when the config names no broker. */
export const startLink = (p: LinkParts, stops: StopStack): MqttLink | null => {
  const { config, hardware, service, monitor } = p;
  const m = config.mqtt;
  if (!m) return null;
  const password = m.passwordFile ? readSecret(m.passwordFile, 'mqtt.passwordFile') : undefined;
  const commandKey = m.commandKeyFile
    ? Buffer.from(readSecret(m.commandKeyFile, 'mqtt.commandKeyFile'), 'hex')
    : undefined;
  const audit = new AuditRepo(p.db);
  const link: MqttLink = new MqttLink({
    stationId: config.stationId,
    broker: {
      url: m.url,
      username: m.username,
      password,
      keepaliveSeconds: m.keepaliveSeconds,
      backoff: p.backoff,
    },
    db: p.db,
    outbox: p.outbox,
    logger: p.logger.child({ component: 'link' }),
    clock: p.clock,
    random: p.random,
    status: () => ({
      kind: config.kind,
      capabilities: {
        compartments: config.compartments.length,
        zones: [...new Set(config.compartments.map((c) => c.zone))],
        occupancySensors: hardware.health().occupancySensors,
        firmware: hardware.health().firmware,
        driver: hardware.driver,
      },
      health: p.health(),
      limits: monitor.compartmentLimits().map((c) => ({
        compartment: c.compartment,
        zone: c.zone,
        ...c.thresholds,
      })),
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
        setThresholds: (zone, limits, by) => monitor.setThresholds(zone, limits, by),
        resendState: async () => (await link.publishState()) !== undefined,
        readAudit: (query) => readAudit(audit, query),
        setTour: (tour) => {
          if (!p.van) throw new VanError('NOT_A_VAN', `${config.stationId} is not a van (config kind)`);
          return p.van.setTour(tour);
        },
      }),
      commandKey,
    },
  });
  // a health change is news for the marketplace at once: never a healthy birth for a broken station
  const publishStatus = () => void link.publishStatus().catch(() => undefined);
  const offs = [
    p.events.on('hardware.health', publishStatus),
    p.events.on('health.changed', publishStatus),
    p.events.on('clock.status', publishStatus),
    p.events.on('compartments_changed', () => void link.publishState().catch(() => undefined)),
  ];
  stops.push('link news', () => {
    for (const off of offs) off();
  });
  const telemetry = new TelemetryBatcher({
    stationId: config.stationId,
    outbox: p.outbox,
    clock: p.clock,
    logger: p.logger.child({ component: 'telemetry' }),
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
    serialLine: () => hardware.health().line,
  });
  stops.push('link', () => link.stop());
  link.start();
  stops.push('telemetry', () => telemetry.stop());
  telemetry.start();
  return link;
};
