import type { Logger } from 'pino';
import type { StationNotice } from './api.js';

/** In-process fan-out of notices; a failing listener is logged and never breaks the station. */
export class Notices {
  private readonly listeners = new Set<(n: StationNotice) => void>();

  constructor(private readonly logger: Logger) {}

  on(listener: (n: StationNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(notice: StationNotice): void {
    for (const l of this.listeners) {
      try {
        l(notice);
      } catch (err) {
        this.logger.error({ err, notice: notice.type }, 'notice listener failed');
      }
    }
  }
}
