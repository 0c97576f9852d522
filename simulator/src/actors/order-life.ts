import { putGoods, takeGoods } from './at-the-station.js';
import { type ActorContext, waitFor, withBridge } from './context.js';
import type { Reservation } from './marketplace-api.js';
import { ARRIVAL_CELSIUS, PRODUCERS } from './traffic.js';
import { visit } from './visits.js';
import type { Webhook } from './webhook-inbox.js';

export type OrderStory =
  | 'picked_up'
  | 'retrieved'
  | 'refused'
  | 'not_loaded'
  | 'not_collected'
  /** the station held the goods after a cold-chain breach: an operator decides, not the people */
  | 'held'
  /** still under way when the scenario's time was up */
  | 'cut_short';

type ReservedParcel = NonNullable<Reservation['parcels']>[number];

/** The marketplace reserves; it asks the bridge once more while the station has not answered. */
async function reserve(ctx: ActorContext, stationId: string, orderId: string): Promise<Reservation | null> {
  const site = ctx.station(stationId);
  const free =
    (await withBridge(ctx, () => ctx.marketplace.stations())).find((s) => s.stationId === stationId)
      ?.availability ?? [];
  const offered = site.compartments.filter((c) =>
    free.some((a) => a.zone === c.zone && a.size === c.size && a.free > 0),
  );
  if (offered.length === 0) {
    ctx.log.say(stationId, `${orderId}: the marketplace finds no free compartment here`);
    return null;
  }
  const count = Math.min(ctx.dice.int(ctx.traffic.parcelsPerOrder), offered.length);
  const deadline = new Date(ctx.clock.nowMs() + ctx.traffic.pickupWindowMs).toISOString();
  const parcels = Array.from({ length: count }, (_, i) => {
    const c = ctx.dice.pick(offered);
    return {
      parcelId: `${orderId}-p${i + 1}`,
      producer: ctx.dice.pick(PRODUCERS),
      zone: c.zone,
      size: c.size,
      deadline,
    };
  });
  const answer = await withBridge(ctx, () => ctx.marketplace.reserve(stationId, { orderId, parcels }));
  if (answer.kind === 'refused') {
    ctx.log.say(stationId, `reservation ${orderId} refused: ${answer.code}`);
    return null;
  }
  if (answer.kind === 'reserved') return answer.reservation;
  ctx.log.say(stationId, `reservation ${orderId} ${answer.reservation.status}: ${answer.reservation.detail}`);
  return (
    (await waitFor(
      ctx,
      async () => {
        const r = await withBridge(ctx, () => ctx.marketplace.reservation(answer.reservation.reservationId));
        if (r.status === 'reserved') return r;
        return ['rejected', 'expired', 'unanswered', 'withdrawn'].includes(r.status) ? null : undefined;
      },
      60_000,
      ctx.traffic.pickupWindowMs / 2,
    )) ?? null
  );
}

const retrievalCode = (events: readonly Webhook[], orderId: string, parcelId: string): string | undefined => {
  for (const e of events) {
    if (e.type !== 'codes.issued' || e.data.orderId !== orderId) continue;
    const codes = e.data.retrievalCodes as { parcelId: string; code: string }[] | undefined;
    const hit = codes?.find((c) => c.parcelId === parcelId);
    if (hit) return hit.code;
  }
  return undefined;
};

/**
 * The life of one order, as the people around it live it: the marketplace reserves, each producer
 * brings their parcel with its loading code, the customer comes with the PIN or the QR token (some
 * late, some typing a wrong code first), and what is not collected in time the producer takes back.
 */
export async function orderLife(ctx: ActorContext, stationId: string, orderId: string): Promise<OrderStory> {
  const t = ctx.traffic;
  const r = await reserve(ctx, stationId, orderId);
  if (!r?.parcels || !r.pickupPin || !r.qrToken) return 'refused';
  ctx.journal.add({ kind: 'reserved', stationId, orderId, at: ctx.clock.nowMs() });
  const where = r.parcels.map((p) => `${p.compartment} (${p.zone})`).join(', ');
  const loading = r.parcels.map((p) => p.loadingCode).join(', ');
  // a simulation shows its codes: there is nothing to protect, and people want to try them at the kiosk
  ctx.log.say(
    stationId,
    `reserved ${orderId} → compartment ${where} · PIN ${r.pickupPin} · loading ${loading}`,
  );

  const loaded = await Promise.all(r.parcels.map((p) => produce(ctx, stationId, orderId, p)));
  const inside = r.parcels.filter((_, i) => loaded[i]);
  if (inside.length === 0) return 'not_loaded';

  const late = ctx.dice.chance(t.lateShare);
  const deadline = Date.parse(r.parcels[0]?.deadline ?? '');
  const arrival = late
    ? deadline + ctx.dice.between([10 * 60_000, 40 * 60_000]) - ctx.clock.nowMs()
    : Math.min(ctx.dice.between(t.pickupDelayMs), deadline - ctx.clock.nowMs() - 30 * 60_000);
  await ctx.clock.sleep(Math.max(0, arrival), ctx.signal);
  if (ctx.dice.chance(t.wrongCodeShare)) {
    await visit(
      ctx,
      stationId,
      { orderId, purpose: 'wrong', code: ctx.dice.digits(10), source: 'keypad' },
      () => ({
        holdMs: 0,
      }),
    );
    ctx.log.say(stationId, `${orderId}: customer mistypes the PIN`);
  }
  const qr = ctx.dice.chance(t.qrShare);
  const pickup = await visit(
    ctx,
    stationId,
    { orderId, purpose: 'pickup', code: qr ? r.qrToken : r.pickupPin, source: qr ? 'scanner' : 'keypad' },
    (site) => ({
      holdMs: ctx.dice.between(t.doorOpenMs),
      inside: (c) => {
        for (const p of inside.filter((x) => x.compartment === c.no)) takeGoods(site, c, p.parcelId);
      },
    }),
  );
  if (pickup?.kind === 'answered' && pickup.outcome.ok) {
    const nos = pickup.opened.map((c) => c.no).join(', ');
    ctx.log.say(
      stationId,
      `${orderId}: customer ${qr ? 'scans the QR code' : 'types the PIN'}, takes compartment ${nos}${late ? ' (late, but still valid)' : ''}`,
    );
    return 'picked_up';
  }
  const why = pickup?.kind === 'answered' && !pickup.outcome.ok ? pickup.outcome.reason : 'station down';
  ctx.log.say(stationId, `${orderId}: customer ${late ? 'came too late' : 'could not collect'} (${why})`);
  const order = await withBridge(ctx, () => ctx.marketplace.order(orderId)).catch(() => null);
  if (order?.parcels.some((p) => p.state === 'held')) {
    ctx.log.say(stationId, `${orderId}: the goods are held after a cold-chain breach; an operator decides`);
    return 'held';
  }
  const back = await Promise.all(inside.map((p) => retrieve(ctx, stationId, orderId, p)));
  return back.every(Boolean) ? 'retrieved' : 'not_collected';
}

async function produce(ctx: ActorContext, stationId: string, orderId: string, p: ReservedParcel) {
  await ctx.clock.sleep(ctx.dice.between(ctx.traffic.producerDelayMs), ctx.signal);
  const range = ARRIVAL_CELSIUS[p.zone] ?? [10, 15];
  const result = await visit(
    ctx,
    stationId,
    { orderId, purpose: 'loading', code: p.loadingCode, source: 'keypad' },
    (site) => ({
      holdMs: ctx.dice.between(ctx.traffic.doorOpenMs),
      inside: (c) =>
        putGoods(site, c, {
          id: p.parcelId,
          massKg: ctx.dice.between([0.5, 4]),
          celsius: ctx.dice.between(range),
        }),
    }),
  );
  const ok =
    result?.kind === 'answered' && result.outcome.ok && result.opened.some((c) => c.no === p.compartment);
  ctx.log.say(
    stationId,
    ok
      ? `${orderId}: producer loads compartment ${p.compartment}`
      : `${orderId}: producer could not load compartment ${p.compartment}`,
  );
  return ok;
}

async function retrieve(ctx: ActorContext, stationId: string, orderId: string, p: ReservedParcel) {
  const code = await waitFor(
    ctx,
    () => retrievalCode(ctx.inbox.events(), orderId, p.parcelId),
    5 * 60_000,
    12 * 3_600_000,
  );
  if (!code) return false;
  const result = await visit(
    ctx,
    stationId,
    { orderId, purpose: 'retrieval', code, source: 'keypad' },
    (site) => ({
      holdMs: ctx.dice.between(ctx.traffic.doorOpenMs),
      inside: (c) => takeGoods(site, c, p.parcelId),
    }),
  );
  const ok = result?.kind === 'answered' && result.outcome.ok;
  ctx.log.say(
    stationId,
    `${orderId}: producer ${ok ? 'takes back' : 'could not take back'} compartment ${p.compartment}`,
  );
  return ok;
}
