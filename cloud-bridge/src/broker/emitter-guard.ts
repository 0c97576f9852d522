/**
 * aedes routes every message through an mqemitter with a concurrency limit. Once the limit is
 * reached (a bridge that reads slowly holds the slots), further messages wait in a queue; when a slot
 * frees, mqemitter starts the next queued message in the same call stack, and a message nobody
 * subscribes to (aedes' own `$SYS/…/disconnect/clients` notice for every closed connection) frees its
 * slot synchronously. A queue of some thousands of such messages — a fleet whose sockets die at once,
 * each leaving a notice and a last will — recursed past the stack limit and killed the process with
 * `RangeError: Maximum call stack size exceeded` (mcollina/mqemitter#204, open upstream).
 */

/** The private parts of mqemitter's `MQEmitter` the guard reads and wraps; checked at start. */
interface QueueingEmitter {
  current: number;
  concurrency: number;
  readonly length: number;
  _do(message: unknown, callback: unknown): unknown;
}

export interface DeliveryBacklog {
  /** messages being delivered now (at most `limits.concurrency`) */
  readonly inFlight: number;
  /** messages waiting for a free delivery slot */
  readonly queued: number;
}

export class EmitterInternalsChangedError extends Error {
  readonly code = 'BROKER_INTERNALS_CHANGED';
  constructor(what: string) {
    super(
      `the embedded broker's message emitter has changed (${what}); the recursion guard cannot be applied`,
    );
    this.name = 'EmitterInternalsChangedError';
  }
}

const isQueueingEmitter = (mq: unknown): mq is QueueingEmitter => {
  if (typeof mq !== 'object' || mq === null) return false;
  const m = mq as Partial<Record<keyof QueueingEmitter, unknown>>;
  return typeof m._do === 'function' && typeof m.current === 'number' && typeof m.concurrency === 'number';
};

/** Past this many nested starts in one call stack, the next message starts on the next turn. */
export const MAX_NESTED_STARTS = 64;

/**
 * Wraps the broker's emitter so that nested starts of queued messages are cut at
 * `MAX_NESTED_STARTS` and continued with `setImmediate`, as mqemitter's author proposed for #204. The
 * deferred message keeps its delivery slot meanwhile, so nothing overtakes it: messages are still
 * started in the order they were published. Throws when aedes no longer has the emitter it wraps (an
 * upgrade must not silently remove the guard).
 */
export const guardEmitterRecursion = (broker: object): QueueingEmitter => {
  const mq: unknown = (broker as { mq?: unknown }).mq;
  if (!isQueueingEmitter(mq)) throw new EmitterInternalsChangedError('no mqemitter with _do and current');
  const start = mq._do;
  let depth = 0;
  mq._do = function guardedStart(this: QueueingEmitter, message: unknown, callback: unknown) {
    if (depth >= MAX_NESTED_STARTS) {
      this.current++;
      setImmediate(() => {
        this.current--;
        start.call(this, message, callback);
      });
      return this;
    }
    depth++;
    try {
      return start.call(this, message, callback);
    } finally {
      depth--;
    }
  };
  return mq;
};

export const deliveryBacklog = (mq: QueueingEmitter): DeliveryBacklog => ({
  inFlight: mq.current,
  queued: mq.length,
});
