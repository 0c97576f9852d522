import type { Tour } from '@regiobox/contract';
import type { SteeredPosition } from '@regiobox/edge';
import { putGoods, takeGoods } from './at-the-station.js';
import { type ActorContext, isAbort, withBridge } from './context.js';
import { ARRIVAL_CELSIUS, PRODUCERS } from './traffic.js';
import { visit } from './visits.js';

interface Place {
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
}

/** The demo van's day in the Spreewald: a depot and three village stops. */
export const SPREEWALD_TOUR = {
  depot: { name: 'Depot Lübbenau', lat: 51.8676, lon: 13.9606 },
  stops: [
    { name: 'Lübben, Marktplatz', lat: 51.9416, lon: 13.8925 },
    { name: 'Straupitz, Dorfanger', lat: 51.9128, lon: 13.9462 },
    { name: 'Burg, Festplatz', lat: 51.8413, lon: 14.1503 },
  ],
} as const;

const MIN = 60_000;
const DRIVE_MS = 12 * MIN;
const STAND_MS = 30 * MIN;
const STEER_EVERY_MS = 30_000;

/** Moves the van from `from` to `to` over `ms` simulated time, a fix every simulated half-minute. */
async function drive(ctx: ActorContext, gps: SteeredPosition, from: Place, to: Place, ms: number) {
  const steps = Math.max(1, Math.round(ms / STEER_EVERY_MS));
  for (let i = 1; i <= steps; i++) {
    await ctx.clock.sleep(STEER_EVERY_MS, ctx.signal);
    const f = i / steps;
    gps.moveTo({
      lat: from.lat + (to.lat - from.lat) * f,
      lon: from.lon + (to.lon - from.lon) * f,
      at: ctx.clock.now(),
    });
  }
}

/** Stands at `at` for `ms`, a fix every simulated half-minute (GPS keeps reporting while parked). */
async function stand(ctx: ActorContext, gps: SteeredPosition, at: Place, ms: number) {
  for (let waited = 0; waited < ms; waited += STEER_EVERY_MS) {
    gps.moveTo({ lat: at.lat, lon: at.lon, at: ctx.clock.now() });
    await ctx.clock.sleep(STEER_EVERY_MS, ctx.signal);
  }
}

/**
 * A sales van's days, over and over: at the depot the marketplace reserves one order per stop and
 * the producers load them; the marketplace sends the tour; the van drives it. At each stop that
 * stop's customer collects, and the next stop's customer, who came a stop too early, is told where
 * and when the van will be.
 */
export async function vanTours(ctx: ActorContext, stationId: string, gps: SteeredPosition): Promise<void> {
  const { depot, stops } = SPREEWALD_TOUR;
  try {
    for (let day = 1; ; day++) {
      gps.moveTo({ ...depot, at: ctx.clock.now() });
      const orders: { orderId: string; pin: string; parcelId: string; compartment: number }[] = [];
      for (const [i, stop] of stops.entries()) {
        const orderId = `van-${day}-${i + 1}`;
        const zone = i === 0 ? 'chilled' : 'ambient';
        const parcelId = `${orderId}-p1`;
        const answer = await withBridge(ctx, () =>
          ctx.marketplace.reserve(stationId, {
            orderId,
            parcels: [
              {
                parcelId,
                producer: ctx.dice.pick(PRODUCERS),
                zone,
                size: zone === 'chilled' ? 'M' : 'S',
                deadline: new Date(ctx.clock.nowMs() + 12 * 3_600_000).toISOString(),
              },
            ],
          }),
        );
        const r = answer.kind === 'reserved' ? answer.reservation : null;
        const p = r?.parcels?.[0];
        if (!r?.pickupPin || !p) {
          ctx.log.say(stationId, `${orderId} for ${stop.name}: not reserved`);
          continue;
        }
        const loaded = await visit(
          ctx,
          stationId,
          { orderId, purpose: 'loading', code: p.loadingCode, source: 'keypad' },
          (site) => ({
            holdMs: 20_000,
            inside: (c) =>
              putGoods(site, c, {
                id: parcelId,
                massKg: 1.5,
                celsius: ctx.dice.between(ARRIVAL_CELSIUS[zone] ?? [4, 6]),
              }),
          }),
        );
        if (loaded?.kind === 'answered' && loaded.outcome.ok) {
          orders.push({ orderId, pin: r.pickupPin, parcelId, compartment: p.compartment });
          ctx.log.say(
            stationId,
            `${orderId} for ${stop.name} loaded into compartment ${p.compartment} at the depot · PIN ${r.pickupPin}`,
          );
        }
      }
      const start = ctx.clock.nowMs() + 2 * MIN;
      const tour: Tour = {
        tourId: `spreewald-${day}`,
        stops: stops.map((s, i) => {
          const from = start + i * (DRIVE_MS + STAND_MS) + DRIVE_MS;
          return {
            stopId: `stop-${i + 1}`,
            place: { ...s, radius: 200 },
            window: { from: new Date(from).toISOString(), to: new Date(from + STAND_MS).toISOString() },
            orderIds: orders.filter((o) => o.orderId.endsWith(`-${i + 1}`)).map((o) => o.orderId),
          };
        }),
      };
      const sent = await withBridge(ctx, () => ctx.marketplace.setTour(stationId, tour));
      ctx.log.say(stationId, `tour ${tour.tourId}: ${stops.map((s) => s.name).join(' → ')} (${sent.status})`);
      await ctx.clock.sleep(2 * MIN, ctx.signal);
      let from: Place = depot;
      for (const [i, stop] of stops.entries()) {
        await drive(ctx, gps, from, stop, DRIVE_MS);
        ctx.log.say(stationId, `the van stands at ${stop.name}`);
        const here = orders.find((o) => o.orderId.endsWith(`-${i + 1}`));
        const early = orders.find((o) => o.orderId.endsWith(`-${i + 2}`));
        await Promise.all([stand(ctx, gps, stop, STAND_MS), customers(ctx, stationId, here, early)]);
        from = stop;
      }
      await drive(ctx, gps, from, depot, DRIVE_MS);
      ctx.log.say(stationId, `tour spreewald-${day} done; back at the depot`);
    }
  } catch (err) {
    if (!isAbort(err)) throw err;
  }
}

type VanOrder = { orderId: string; pin: string; parcelId: string; compartment: number };

async function customers(ctx: ActorContext, stationId: string, here?: VanOrder, early?: VanOrder) {
  await ctx.clock.sleep(5 * MIN, ctx.signal);
  if (early) {
    const r = await visit(
      ctx,
      stationId,
      { orderId: early.orderId, purpose: 'pickup', code: early.pin, source: 'keypad' },
      () => ({ holdMs: 0 }),
      1,
    );
    if (r?.kind === 'answered' && !r.outcome.ok)
      ctx.log.say(stationId, `${early.orderId}: a customer one stop too early is told: ${r.outcome.message}`);
  }
  if (!here) return;
  await ctx.clock.sleep(5 * MIN, ctx.signal);
  const r = await visit(
    ctx,
    stationId,
    { orderId: here.orderId, purpose: 'pickup', code: here.pin, source: 'keypad' },
    (site) => ({
      holdMs: 20_000,
      inside: (c) => takeGoods(site, c, here.parcelId),
    }),
  );
  const ok = r?.kind === 'answered' && r.outcome.ok;
  ctx.log.say(
    stationId,
    ok
      ? `${here.orderId}: the customer collects compartment ${here.compartment}`
      : `${here.orderId}: the customer could not collect`,
  );
}
