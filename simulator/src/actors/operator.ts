import { z } from 'zod';
import type { ActorContext } from './context.js';
import { isAbort } from './context.js';
import { MarketplaceApiError } from './marketplace-client.js';
import type { Range } from './traffic.js';

export interface OperatorProfile {
  readonly name: string;
  /** simulated ms between looks at the alarm list */
  readonly checkEveryMs: number;
  /** an alarm is acknowledged once it has been open this long (simulated ms) */
  readonly ackAfterMs: Range;
}

/**
 * An operator at the marketplace's desk: looks at the fleet's open alarms now and then and
 * acknowledges each one after a while, through the bridge's API (which signs the command); and
 * decides about goods held after a cold-chain breach: thawed frozen goods are discarded, the rest
 * released after a check on site.
 */
export async function operatorShift(ctx: ActorContext, profile: OperatorProfile): Promise<void> {
  const patience = new Map<string, number>();
  const asked = new Map<string, number>();
  while (!ctx.signal.aborted) {
    try {
      for (const alarm of await ctx.marketplace.alarms({ state: 'all' })) {
        if (alarm.acknowledged) continue;
        const key = `${alarm.stationId}/${alarm.alarmId}`;
        let waitMs = patience.get(key);
        if (waitMs === undefined) {
          waitMs = ctx.dice.between(profile.ackAfterMs);
          patience.set(key, waitMs);
        }
        const now = ctx.clock.nowMs();
        if (now - Date.parse(alarm.raisedAt) < waitMs) continue;
        // a queued acknowledgement reaches the station when it is back; do not send it again and again
        if (now - (asked.get(key) ?? Number.NEGATIVE_INFINITY) < 30 * 60_000) continue;
        asked.set(key, now);
        const outcome = await ctx.marketplace.acknowledge(alarm, profile.name, 'seen on the dashboard');
        if (outcome.status === 'done')
          ctx.log.say(
            alarm.stationId,
            `operator ${profile.name} acknowledges ${alarm.kind} (${alarm.alarmId})`,
          );
      }
      await decideHolds(ctx, profile, patience, asked);
    } catch (err) {
      if (isAbort(err)) return;
      // the bridge may be restarting: the operator looks again later
    }
    try {
      await ctx.clock.sleep(profile.checkEveryMs, ctx.signal);
    } catch (err) {
      if (isAbort(err)) return;
      throw err;
    }
  }
}

const HeldParcel = z.object({ orderId: z.string(), parcelId: z.string(), reason: z.string() });

/**
 * Parcels the marketplace was told are held (webhook `parcel.held`): after a while the operator looks
 * the order up and, while the parcel is still held, decides. A decision that did not reach the station
 * (it was offline: signed commands live only 30 s) is tried again half an hour later.
 */
async function decideHolds(
  ctx: ActorContext,
  profile: OperatorProfile,
  patience: Map<string, number>,
  asked: Map<string, number>,
): Promise<void> {
  for (const e of ctx.inbox.events()) {
    if (e.type !== 'parcel.held') continue;
    const held = HeldParcel.safeParse(e.data);
    if (!held.success) continue;
    const { orderId, parcelId, reason } = held.data;
    const key = `hold/${e.id}`;
    let waitMs = patience.get(key);
    if (waitMs === undefined) {
      waitMs = ctx.dice.between(profile.ackAfterMs);
      patience.set(key, waitMs);
    }
    const now = ctx.clock.nowMs();
    if (now - Date.parse(e.occurredAt) < waitMs) continue;
    if (now - (asked.get(key) ?? Number.NEGATIVE_INFINITY) < 30 * 60_000) continue;
    asked.set(key, now);
    const order = await ctx.marketplace.order(orderId);
    if (order?.parcels.find((p) => p.parcelId === parcelId)?.state !== 'held') {
      asked.set(key, Number.POSITIVE_INFINITY); // decided already, or gone: never again
      continue;
    }
    let decision =
      reason === 'thawed'
        ? { decision: 'discard' as const, why: 'frozen goods thawed; they go back to the producer' }
        : { decision: 'release' as const, why: 'core temperature checked on site, within the limit' };
    let outcome: Awaited<ReturnType<typeof ctx.marketplace.decideHold>>;
    try {
      outcome = await ctx.marketplace.decideHold(orderId, parcelId, { ...decision, by: profile.name });
    } catch (err) {
      // the station refuses to release (frozen goods that also thawed): they are discarded instead
      if (!(err instanceof MarketplaceApiError) || decision.decision !== 'release') throw err;
      decision = { decision: 'discard', why: `not releasable: ${err.message}` };
      outcome = await ctx.marketplace.decideHold(orderId, parcelId, { ...decision, by: profile.name });
    }
    if (outcome.status !== 'done') continue;
    asked.set(key, Number.POSITIVE_INFINITY);
    ctx.log.say(
      e.stationId,
      `${orderId}: operator ${profile.name} ${decision.decision === 'release' ? 'releases' : 'discards'} the held ${parcelId} (${decision.why})`,
    );
  }
}
