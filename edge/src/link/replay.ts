import { MAX_REPLAY_EVENTS, type ReplayResult } from '@regiobox/contract';
import type { DeliveredEvents } from '../store/delivered-events.js';

/** Publishes one event payload on the events topic, QoS 1; resolves on PUBACK. */
export type EventPublisher = (payload: string) => Promise<void>;

/** replay_events publishes this many at once, then waits for their PUBACKs. */
const WINDOW = 16;

/**
 * Answers `replay_events`: the delivered events the station still keeps, from `fromSeq` to `toSeq`,
 * published again as they were sent (same id and seq; codes.issued with its codes blanked). Events
 * still in the outbox are not replayed: the drain sends them anyway.
 */
export const replayEvents = async (
  delivered: DeliveredEvents,
  publish: EventPublisher,
  request: { readonly fromSeq: number; readonly toSeq?: number | undefined },
  limit: number = MAX_REPLAY_EVENTS,
): Promise<ReplayResult> => {
  const toSeq = request.toSeq ?? Number.MAX_SAFE_INTEGER;
  // one more than the limit tells whether the range holds more
  const events = delivered.range(request.fromSeq, toSeq, limit + 1);
  const batch = events.slice(0, limit);
  for (let i = 0; i < batch.length; i += WINDOW) {
    await Promise.all(batch.slice(i, i + WINDOW).map((e) => publish(e.payload)));
  }
  return {
    fromSeq: request.fromSeq,
    replayed: batch.length,
    lastReplayedSeq: batch.at(-1)?.seq ?? null,
    oldestRetainedSeq: delivered.oldestSeq(),
    more: events.length > limit,
  };
};
