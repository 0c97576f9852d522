import type { StationSite } from '../station/site.js';
import type { CodeSource } from '../station/terminal.js';
import { visitCounter } from './at-the-counter.js';
import { type DoorVisit, type VisitResult, visitWithCode } from './at-the-station.js';
import { type ActorContext, isAbort } from './context.js';

export type Purpose = 'loading' | 'pickup' | 'retrieval' | 'wrong';

/** Refusals after which a person comes back later rather than giving up. */
const TRY_AGAIN = new Set(['BOARD_UNREACHABLE', 'OUT_OF_SERVICE', 'BUSY', 'DOOR_COOLING_DOWN', 'LOCKED_OUT']);

/**
 * One person's attempt(s) at the station with one code: when the station is down or cannot open
 * right now, they come back a few minutes later, up to `attempts` times. Each try is journaled.
 */
export async function visit(
  ctx: ActorContext,
  stationId: string,
  who: { orderId: string | null; purpose: Purpose; code: string; source: CodeSource },
  door: (site: StationSite) => DoorVisit,
  attempts = 6,
): Promise<VisitResult | null> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const site = ctx.station(stationId);
    let result: VisitResult;
    try {
      result = site.isCounter
        ? await visitCounter(site, site.nextClerk?.() ?? null, who.code, who.source, door(site), (line) =>
            ctx.log.say(stationId, line),
          )
        : await visitWithCode(site, ctx.clock, who.code, who.source, door(site));
    } catch (err) {
      if (isAbort(err)) throw err;
      // the kiosk did not answer (a station process just died): treat like a dark screen
      result = { kind: 'station_down' };
    }
    const at = ctx.clock.nowMs();
    if (result.kind === 'station_down') {
      ctx.journal.add({
        kind: 'code',
        stationId,
        orderId: who.orderId,
        purpose: who.purpose,
        ok: false,
        reason: 'STATION_DOWN',
        opened: [],
        at,
      });
    } else {
      const o = result.outcome;
      ctx.journal.add({
        kind: 'code',
        stationId,
        orderId: who.orderId,
        purpose: who.purpose,
        ok: o.ok,
        ...(o.ok ? {} : { reason: o.reason }),
        opened: result.opened.map((c) => c.no),
        at,
      });
      if (o.ok || !TRY_AGAIN.has(o.reason) || who.purpose === 'wrong') return result;
    }
    if (attempt < attempts) await ctx.clock.sleep(ctx.dice.between([3 * 60_000, 10 * 60_000]), ctx.signal);
  }
  return null;
}
