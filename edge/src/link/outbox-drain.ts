import type { Logger } from 'pino';
import { type Clock, systemClock } from '../domain/clock.js';
import type { Outbox } from '../store/outbox.js';
import type { BrokerConnection } from './connection.js';

export interface DrainOptions {
  /** publishes awaiting PUBACK at once; order on the wire is kept, deletion waits for the oldest ack */
  readonly window: number;
  /** when more telemetry batches than this wait, the oldest are dropped … */
  readonly maxTelemetryBacklog: number;
  /** … down to this many newest ones. Events are never dropped. */
  readonly keepTelemetry: number;
  /** how often new appends trigger a look at the backlog (also while offline) */
  readonly thinCheckEveryMs: number;
}

export /** how soon an acknowledged entry whose deletion the storage refused is tried again */
const REMOVE_RETRY_MS = 1_000;

export const DEFAULT_DRAIN: DrainOptions = {
  window: 16,
  maxTelemetryBacklog: 2_000,
  keepTelemetry: 500,
  thinCheckEveryMs: 60_000,
};

interface Slot {
  readonly pos: number;
  acked: boolean;
}

/**
 * Publishes the outbox in `pos` order, QoS 1, never retained, and deletes an entry only after its
 * PUBACK — and only once every older entry is acknowledged too, so that after a broken connection
 * the next one resends from the oldest unacknowledged entry and a receiver sees no holes.
 */
export class OutboxDrain {
  private connection: BrokerConnection | undefined;
  private wakeUp: (() => void) | undefined;
  private lastThinCheckMs = Number.NEGATIVE_INFINITY;
  private stuckPos: number | undefined = -1;
  private removalScheduled = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly outbox: Outbox,
    private readonly topics: { readonly events: string; readonly telemetry: string },
    private readonly opts: DrainOptions,
    private readonly log: Logger,
    /** when an entry counts as delivered (kept that long for replay_events) */
    private readonly clock: Clock = systemClock,
  ) {
    this.unsubscribe = outbox.onAppend(() => this.onAppend());
  }

  /** Stops listening to the outbox; a running loop ends with its connection. */
  dispose(): void {
    this.unsubscribe();
    this.connection = undefined;
    this.signal();
  }

  /** Starts draining over this connection; stops by itself when it ends. */
  attach(connection: BrokerConnection): Promise<void> {
    this.connection = connection;
    return this.loop(connection).catch((e: unknown) => {
      this.log.error({ err: e }, 'outbox drain stopped');
      connection.close(e instanceof Error ? e : new Error(String(e)));
    });
  }

  /** Drops the oldest telemetry when the backlog is too long; returns how many batches were dropped. */
  thinIfNeeded(): number {
    this.lastThinCheckMs = performance.now();
    const { telemetry } = this.outbox.size();
    if (telemetry <= this.opts.maxTelemetryBacklog) return 0;
    const dropped = this.outbox.thinTelemetry(this.opts.keepTelemetry);
    this.log.warn({ dropped, kept: this.opts.keepTelemetry }, 'telemetry backlog thinned');
    return dropped;
  }

  private onAppend(): void {
    // Counting rows on every append would cost more than the appends; check now and then.
    try {
      if (performance.now() - this.lastThinCheckMs >= this.opts.thinCheckEveryMs) this.thinIfNeeded();
    } catch (e) {
      this.log.error({ err: e }, 'could not thin the telemetry backlog');
    }
    this.signal();
  }

  private signal(): void {
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    wake?.();
  }

  private async loop(connection: BrokerConnection): Promise<void> {
    const inFlight: Slot[] = [];
    let after = 0;
    const stopWaiting = connection.onLost(() => this.signal());
    try {
      this.thinIfNeeded();
      while (!connection.closed && this.connection === connection) {
        this.removeAcknowledged(inFlight);
        const room = this.opts.window - inFlight.length;
        const entries = room > 0 ? this.outbox.peek(room, after) : [];
        for (const entry of entries) {
          after = entry.pos;
          const slot: Slot = { pos: entry.pos, acked: false };
          inFlight.push(slot);
          const topic = entry.kind === 'event' ? this.topics.events : this.topics.telemetry;
          connection.publish(topic, entry.payload).then(
            () => {
              slot.acked = true;
              // PUBACKs come in bursts: the acknowledged run is deleted once, in one transaction
              if (!this.removalScheduled) {
                this.removalScheduled = true;
                setImmediate(() => {
                  this.removalScheduled = false;
                  this.removeAcknowledged(inFlight);
                  this.signal();
                });
              }
            },
            () => this.signal(),
          );
        }
        if (entries.length === 0 || inFlight.length >= this.opts.window) {
          // an acknowledged entry still at the head could not be deleted: try again soon
          const stuck = inFlight[0]?.acked === true;
          await new Promise<void>((resolve) => {
            this.wakeUp = resolve;
            if (stuck) setTimeout(resolve, REMOVE_RETRY_MS).unref();
          });
        }
      }
    } finally {
      stopWaiting();
    }
  }

  /**
   * Deletes acknowledged entries from the head. When the storage refuses (disk full, read-only,
   * locked) the entry stays at the head and is tried again later; should the connection end first it
   * is sent once more, which receivers drop by seq.
   */
  private removeAcknowledged(inFlight: Slot[]): void {
    let run = 0;
    while (inFlight[run]?.acked) run++;
    if (run === 0) return;
    const positions = inFlight.slice(0, run).map((s) => s.pos);
    try {
      this.outbox.removeMany(positions, this.clock.now());
    } catch (e) {
      const head = positions[0];
      if (this.stuckPos !== head)
        this.log.warn({ err: e, pos: head }, 'delivered entry not deleted yet; storage refuses writes');
      this.stuckPos = head;
      return;
    }
    inFlight.splice(0, run);
  }
}
