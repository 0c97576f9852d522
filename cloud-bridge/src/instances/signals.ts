/**
 * Short signals between the bridge instances that share one store: "the reply to command X is
 * stored", "station Y changed". They only wake; what they point at is read from the shared store, so a
 * lost signal costs a delay (the waiting side also polls), never data.
 */
export type SignalChannel = 'regiobox_replies' | 'regiobox_fleet';

export type SignalHandler = (payload: string) => void;

export interface InstanceSignals {
  /** delivered to every instance's subscribers, this one's included */
  publish(channel: SignalChannel, payload: string): Promise<void>;
  /** returns the way to stop */
  subscribe(channel: SignalChannel, handler: SignalHandler): Promise<() => void>;
  /** called when signals may have been missed (a lost listening connection is back) */
  onResync(hook: () => void): () => void;
}

/**
 * One instance alone (SQLite, or tests that run several in one process): signals go to the
 * subscribers of this object, on a later turn, as they would arrive from the database.
 */
export class InProcessSignals implements InstanceSignals {
  private readonly handlers = new Map<SignalChannel, Set<SignalHandler>>();

  async publish(channel: SignalChannel, payload: string): Promise<void> {
    for (const h of [...(this.handlers.get(channel) ?? [])]) queueMicrotask(() => h(payload));
  }

  async subscribe(channel: SignalChannel, handler: SignalHandler): Promise<() => void> {
    const set = this.handlers.get(channel) ?? new Set();
    this.handlers.set(channel, set);
    set.add(handler);
    return () => set.delete(handler);
  }

  onResync(): () => void {
    return () => {};
  }
}

/** Structurally `PgDatabase`: LISTEN/NOTIFY on the shared PostgreSQL. */
export interface NotifyingDatabase {
  notify(channel: string, payload?: string): Promise<void>;
  listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
  onReconnect(hook: () => void): () => void;
}

/** Several instances on one PostgreSQL: NOTIFY reaches every instance that LISTENs. */
export class PostgresSignals implements InstanceSignals {
  constructor(private readonly db: NotifyingDatabase) {}

  publish(channel: SignalChannel, payload: string): Promise<void> {
    return this.db.notify(channel, payload);
  }

  async subscribe(channel: SignalChannel, handler: SignalHandler): Promise<() => void> {
    const stop = await this.db.listen(channel, handler);
    return () => void stop();
  }

  onResync(hook: () => void): () => void {
    return this.db.onReconnect(hook);
  }
}
