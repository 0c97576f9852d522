import type { Logger } from 'pino';

type Listener<T> = (payload: T) => void;

/**
 * A typed in-process event bus, as Zigbee2MQTT's: `on` returns its unsubscribe, and a listener that
 * throws is logged while the emitter and the other listeners carry on.
 */
export class EventBus<M extends object> {
  private readonly listeners = new Map<keyof M, Set<Listener<never>>>();

  constructor(private readonly logger: Logger) {}

  on<K extends keyof M>(event: K, listener: Listener<M[K]>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emit<K extends keyof M>(event: K, payload: M[K]): void {
    const set = this.listeners.get(event) as Set<Listener<M[K]>> | undefined;
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (err) {
        this.logger.error({ err, event: String(event) }, 'event listener failed');
      }
    }
  }
}
