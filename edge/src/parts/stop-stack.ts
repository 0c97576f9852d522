import type { Logger } from 'pino';

/**
 * What the composition root started, to be stopped in reverse. A part is registered before it
 * starts, so a part that fails half-way through its own start is stopped too; a stop step that
 * throws is logged and the others still run.
 */
export class StopStack {
  private readonly steps: { readonly part: string; readonly stop: () => unknown }[] = [];
  private unwinding: Promise<void> | null = null;

  constructor(private readonly logger: Logger) {}

  push(part: string, stop: () => unknown): void {
    this.steps.push({ part, stop });
  }

  /** Stops every registered part, last first; a second call waits for the first. */
  unwind(): Promise<void> {
    this.unwinding ??= (async () => {
      for (const step of this.steps.splice(0).reverse()) {
        try {
          await step.stop();
        } catch (err) {
          this.logger.error({ err, part: step.part }, 'stop step failed');
        }
      }
    })();
    return this.unwinding;
  }
}
