import { type ActorContext, isAbort } from './context.js';
import { type OrderStory, orderLife } from './order-life.js';

/**
 * The marketplace's customers ordering for one station: orders arrive as a Poisson process until
 * `untilMs` (simulated), each living its own life. Resolves when every order's story has ended.
 */
export async function marketplaceOrders(
  ctx: ActorContext,
  stationId: string,
  untilMs: number,
  firstOrderNo = 1,
): Promise<Map<string, OrderStory | 'failed'>> {
  const stories = new Map<string, OrderStory | 'failed'>();
  const lives: Promise<void>[] = [];
  let n = firstOrderNo;
  const prefix = stationId
    .split('-')
    .map((w) => w[0])
    .join('');
  while (!ctx.signal.aborted) {
    const wait =
      n === firstOrderNo ? ctx.dice.between([0, 60_000]) : ctx.dice.nextArrivalMs(ctx.traffic.ordersPerHour);
    if (ctx.clock.nowMs() + wait > untilMs) break;
    try {
      await ctx.clock.sleep(wait, ctx.signal);
    } catch (err) {
      if (isAbort(err)) break;
      throw err;
    }
    const orderId = `${prefix}-${String(n++).padStart(4, '0')}`;
    lives.push(
      orderLife(ctx, stationId, orderId).then(
        (story) => {
          stories.set(orderId, story);
          if (story !== 'refused')
            ctx.journal.add({ kind: 'order_done', stationId, orderId, story, at: ctx.clock.nowMs() });
        },
        (err: unknown) => {
          if (isAbort(err)) {
            stories.set(orderId, 'cut_short');
            return;
          }
          stories.set(orderId, 'failed');
          ctx.log.say(stationId, `${orderId}: ${(err as Error).message}`);
        },
      ),
    );
  }
  await Promise.all(lives);
  return stories;
}
