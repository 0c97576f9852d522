import type { EventBody, EventMessage, StatusMessage } from '@regiobox/contract';
import type { TestMarketplace } from '../../link/testing/marketplace.js';
import { until } from '../../link/testing/until.js';

/**
 * What the marketplace knows after dropping duplicates by seq, over every subscriber it had (a test
 * reconnects one after a broker restart). A seq that arrived with two different ids would be two
 * events under one number: that is a station bug, and fails loudly here.
 */
export const deliveredEvents = (markets: readonly TestMarketplace[]): EventMessage[] => {
  const bySeq = new Map<number, EventMessage>();
  for (const m of markets)
    for (const e of m.events) {
      const seen = bySeq.get(e.seq);
      if (seen && seen.id !== e.id) throw new Error(`seq ${e.seq} arrived as ${seen.id} and as ${e.id}`);
      bySeq.set(e.seq, e);
    }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
};

/** 1 … n without a gap: nothing lost. */
export const seqs = (events: readonly EventMessage[]): number[] => events.map((e) => e.seq);
export const oneTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

export const bodies = <T extends EventBody['type']>(
  events: readonly EventMessage[],
  type: T,
): Extract<EventBody, { type: T }>[] =>
  events.map((e) => e.event).filter((e): e is Extract<EventBody, { type: T }> => e.type === type);

/** The station's status as a marketplace that keeps the highest session (and its newest birth) sees it. */
export const latestStatus = (markets: readonly TestMarketplace[]): StatusMessage | undefined => {
  let latest: StatusMessage | undefined;
  for (const m of markets) for (const s of m.statuses) if (!latest || s.session >= latest.session) latest = s;
  return latest;
};

/**
 * Waits until the station's outbox is empty and the marketplace holds as many distinct events as the
 * station ever wrote; returns them in seq order.
 */
export const allDelivered = (
  markets: readonly TestMarketplace[],
  station: { readonly outbox: { size(): { events: number }; lastSeq(): number } },
  timeoutMs = 15_000,
): Promise<EventMessage[]> =>
  until(
    'every event at the marketplace',
    () => {
      const events = deliveredEvents(markets);
      return station.outbox.size().events === 0 && events.length === station.outbox.lastSeq()
        ? events
        : undefined;
    },
    timeoutMs,
  );
