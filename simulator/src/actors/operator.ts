import type { ActorContext } from './context.js';
import { isAbort } from './context.js';
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
 * acknowledges each one after a while, through the bridge's API (which signs the command).
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
