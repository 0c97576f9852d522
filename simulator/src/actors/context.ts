import type { SimClock } from '@regiobox/simulated-devices';
import type { StationSite } from '../station/site.js';
import type { Journal } from '../world/journal.js';
import type { LiveLog } from '../world/live-log.js';
import type { MarketplaceClient } from './marketplace-client.js';
import type { Dice, TrafficProfile } from './traffic.js';
import type { WebhookInbox } from './webhook-inbox.js';

/** Everything an actor works with. `signal` ends every actor when the scenario is over. */
export interface ActorContext {
  readonly clock: SimClock;
  readonly dice: Dice;
  readonly marketplace: MarketplaceClient;
  readonly inbox: WebhookInbox;
  readonly log: LiveLog;
  readonly journal: Journal;
  readonly traffic: TrafficProfile;
  readonly signal: AbortSignal;
  /** the station, as it is now (a restarted child station is a new terminal) */
  station(stationId: string): StationSite;
}

/** Ends an actor quietly when the scenario is aborted. */
export const isAbort = (err: unknown): boolean => err instanceof Error && err.name === 'AbortError';

/** Polls `probe` every `everyMs` simulated ms until it returns a value, or gives up after `forMs`. */
export async function waitFor<T>(
  ctx: ActorContext,
  probe: () => Promise<T | undefined> | T | undefined,
  everyMs: number,
  forMs: number,
): Promise<T | undefined> {
  const until = ctx.clock.nowMs() + forMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (ctx.clock.nowMs() >= until) return undefined;
    await ctx.clock.sleep(everyMs, ctx.signal);
  }
}

/** The bridge is restarting or unreachable: worth another try in a moment. */
const bridgeAway = (err: unknown): boolean =>
  err instanceof TypeError ||
  (err instanceof Error && err.name === 'TimeoutError') ||
  (err instanceof Error && 'status' in err && Number(err.status) >= 503);

/**
 * Calls the bridge; while it is away (a restart, a dropped connection) tries again a few simulated
 * minutes later, as a marketplace's job queue would.
 */
export async function withBridge<T>(ctx: ActorContext, call: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (attempt >= attempts || !bridgeAway(err)) throw err;
      await ctx.clock.sleep(ctx.dice.between([60_000, 180_000]), ctx.signal);
    }
  }
}
