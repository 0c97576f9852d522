import type { Logger } from 'pino';

/** A set of listeners where one that throws is logged and the others still hear the news. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  emit(value: T): void {
    for (const listener of this.set) {
      try {
        listener(value);
      } catch (err) {
        this.logger.error({ err, listenerOf: this.what }, 'listener failed');
      }
    }
  }
}
