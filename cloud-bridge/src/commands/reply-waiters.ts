import type { ReplyMessage } from '@regiobox/contract';

interface Waiter {
  readonly resolve: (reply: ReplyMessage | undefined) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Lets an HTTP request wait a bounded time for a station's reply. A reply that arrives after the
 * wait ended finds no waiter and takes the asynchronous path (stored, webhook) instead.
 */
export class ReplyWaiters {
  private readonly waiters = new Map<string, Waiter>();

  /** Register before publishing, so a fast reply cannot slip past. Resolves undefined on timeout. */
  wait(commandId: string, timeoutMs: number): Promise<ReplyMessage | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(commandId, undefined), timeoutMs);
      this.waiters.set(commandId, { resolve, timer });
    });
  }

  /** true when someone was waiting and now has the reply */
  deliver(reply: ReplyMessage): boolean {
    return this.settle(reply.commandId, reply);
  }

  cancel(commandId: string): void {
    this.settle(commandId, undefined);
  }

  /** Settles every pending wait (with no reply) so that no request hangs on shutdown. */
  cancelAll(): void {
    for (const id of [...this.waiters.keys()]) this.settle(id, undefined);
  }

  private settle(commandId: string, reply: ReplyMessage | undefined): boolean {
    const waiter = this.waiters.get(commandId);
    if (!waiter) return false;
    this.waiters.delete(commandId);
    clearTimeout(waiter.timer);
    waiter.resolve(reply);
    return reply !== undefined;
  }
}
