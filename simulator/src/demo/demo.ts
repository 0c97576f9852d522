import { randomBytes } from 'node:crypto';
import { SteeredPosition } from '@regiobox/edge';
import { DayCurve, INDOOR, SimClock } from '@regiobox/simulated-devices';
import type { Logger } from 'pino';
import { marketplaceOrders } from '../actors/marketplace.js';
import { operatorShift } from '../actors/operator.js';
import type { TrafficProfile } from '../actors/traffic.js';
import { vanTours } from '../actors/van-tour.js';
import { LiveLog } from '../world/live-log.js';
import { observe } from '../world/observers.js';
import { World } from '../world/world.js';

/** Busier than a real village, so that something happens every few seconds at the demo's speed. */
export const DEMO_TRAFFIC: TrafficProfile = {
  ordersPerHour: 8,
  parcelsPerOrder: [1, 2],
  producerDelayMs: [60_000, 8 * 60_000],
  pickupDelayMs: [2 * 60_000, 25 * 60_000],
  pickupWindowMs: 3 * 3_600_000,
  lateShare: 0.05,
  wrongCodeShare: 0.2,
  qrShare: 0.3,
  doorOpenMs: [10_000, 45_000],
};

export const DEMO_STATIONS = [
  {
    id: 'dorfplatz-kuehlbox',
    label: 'Kühlbox am Dorfplatz',
    shape: 'cold-box',
    ambient: new DayCurve({ meanCelsius: 17, amplitudeCelsius: 7 }),
  },
  { id: 'spreewald-luebben-1', label: 'Regiomarkt Lübben', shape: 'mixed-wall-12', ambient: INDOOR },
  { id: 'hofladen-wendt', label: 'Hofladen Wendt', shape: 'wall-24', ambient: INDOOR },
] as const;

/** A sales van on a tour through three villages; its position is steered along the route (no gpsd needed). */
export const DEMO_VAN = {
  id: 'verkaufswagen-spreewald',
  label: 'Verkaufswagen Spreewald',
  shape: 'van',
  ambient: new DayCurve({ meanCelsius: 17, amplitudeCelsius: 7 }),
} as const;

/** A farm shop that hands orders out over its counter; its staff serve the people at the till. */
export const DEMO_SHOP = {
  id: 'hofladen-sonnenwiese',
  label: 'Hofladen Sonnenwiese (Theke)',
  shape: 'shop-counter',
  ambient: INDOOR,
} as const;

/** The dashboard login the demo prints; a fresh password on every start. */
const DEMO_OPERATOR = 'operator';

export interface DemoOptions {
  readonly dataDir: string;
  readonly speed: number;
  readonly logger: Logger;
  readonly print: (line: string) => void;
  readonly signal: AbortSignal;
  /** simulated minutes after the start at which the 12-door wall's freezer 11 loses its cooling */
  readonly coolingFailureAtMin?: number;
}

export interface DemoSummary {
  readonly reserved: number;
  readonly pickedUp: number;
  readonly alarms: number;
}

/**
 * The whole system on one machine: the bridge with its embedded broker, three stations of different
 * shapes and a sales van on simulated hardware, a marketplace placing orders, producers, customers and an operator.
 * Runs until `signal` aborts; then stops everything and resolves with what happened.
 */
export async function runDemo(o: DemoOptions): Promise<DemoSummary> {
  const clock = new SimClock({ speed: o.speed });
  const log = new LiveLog(clock, o.print, 2000);
  const operator = { name: DEMO_OPERATOR, password: randomBytes(9).toString('base64url') };
  const world = await World.start({
    dataDir: o.dataDir,
    clock,
    logger: o.logger,
    log,
    seed: Date.now() % 100_000,
    traffic: DEMO_TRAFFIC,
    dashboardOperator: operator,
    stationLabels: Object.fromEntries([...DEMO_STATIONS, DEMO_SHOP, DEMO_VAN].map((s) => [s.id, s.label])),
  });
  let stopObserving = () => {};
  const actors: Promise<unknown>[] = [];
  try {
    for (const { label: _label, ...spec } of [...DEMO_STATIONS, DEMO_SHOP])
      await world.addStation({ ...spec, telemetryIntervalSeconds: 10 });
    const vanGps = new SteeredPosition();
    const { label: _vanLabel, ...van } = DEMO_VAN;
    await world.addStation({ ...van, position: vanGps, telemetryIntervalSeconds: 10 });
    await world.awaitStationsOnline();
    printWhereToLook(world, o, operator);
    stopObserving = observe(world, { temperatureEveryMs: 20 * 60_000 });
    const ctx = world.actorContext(o.signal, DEMO_TRAFFIC);
    actors.push(
      operatorShift(ctx, {
        name: 'Anna (operator)',
        checkEveryMs: 2 * 60_000,
        ackAfterMs: [3 * 60_000, 15 * 60_000],
      }),
    );
    for (const s of [...DEMO_STATIONS, DEMO_SHOP])
      actors.push(marketplaceOrders(ctx, s.id, Number.POSITIVE_INFINITY));
    actors.push(vanTours(ctx, DEMO_VAN.id, vanGps));
    actors.push(coolingFailure(world, o));
    await new Promise<void>((resolve) => {
      if (o.signal.aborted) resolve();
      o.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    o.print('stopping …');
    await Promise.allSettled(actors);
    return {
      reserved: world.journal.entries.filter((e) => e.kind === 'reserved').length,
      pickedUp: world.journal.codes().filter((c) => c.purpose === 'pickup' && c.ok).length,
      alarms: world.inbox.events().filter((e) => e.type === 'alarm.raised').length,
    };
  } finally {
    stopObserving();
    await world.stop();
  }
}

async function coolingFailure(world: World, o: DemoOptions): Promise<void> {
  const at = o.coolingFailureAtMin ?? 25;
  try {
    await world.clock.sleep(at * 60_000, o.signal);
    const wall = world.station('spreewald-luebben-1');
    wall.rig.thermal.setCoolingCapacity(11, 0);
    world.log.say(wall.stationId, 'the cooling unit of freezer 11 fails (simulated fault)');
    await world.clock.sleep(50 * 60_000, o.signal);
    wall.rig.thermal.setCoolingCapacity(11, 1);
    world.log.say(wall.stationId, 'a technician repairs the cooling unit of freezer 11');
  } catch {
    // the demo ended first
  }
}

function printWhereToLook(
  world: World,
  o: DemoOptions,
  operator: { readonly name: string; readonly password: string },
): void {
  const p = o.print;
  p('');
  p(
    'regiobox demo — the bridge, three stations, a shop counter and a sales van on simulated hardware, and the people around them',
  );
  p(`  simulated time runs ${o.speed}× faster than real time`);
  p(
    `  bridge API     ${world.bridge.httpUrl}/v1/stations   (header: authorization: Bearer ${world.marketplace.apiKey})`,
  );
  p(
    `  dashboard      ${world.bridge.httpUrl}/dashboard   (log in as ${operator.name}, password ${operator.password})`,
  );
  p(`  MQTT broker    ${world.bridge.brokerUrl}`);
  for (const s of world.stations.values()) {
    const staff = world.staffLogins.get(s.stationId)?.[0];
    if (staff) {
      p(
        `  staff page     ${s.kioskUrl() ?? '(none)'}counter/   ${s.stationId} (${s.compartments.length} places; log in as ${staff.id}, password ${staff.password})`,
      );
      continue;
    }
    p(
      `  kiosk          ${s.kioskUrl() ?? '(none)'}   ${s.stationId} (${s.compartments.length === 1 ? '1 door' : `${s.compartments.length} doors`})`,
    );
  }
  p(`  technical log  ${o.dataDir}/regiobox.log`);
  p('  Ctrl-C stops everything.');
  p('');
}
