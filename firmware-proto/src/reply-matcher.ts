/**
 * Matches replies to outstanding requests by key (the frame sequence number), each with its own
 * deadline: the "waitress" layer between frames and the client.
 */
interface Waiter<T> {
  resolve(value: T): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class ReplyMatcher<T> {
  private readonly waiters = new Map<number, Waiter<T>>();

  get size(): number {
    return this.waiters.size;
  }

  has(key: number): boolean {
    return this.waiters.has(key);
  }

  /** Resolves with the value passed to `resolve(key, ...)`, or rejects with `onTimeout()` after `timeoutMs`. */
  waitFor(key: number, timeoutMs: number, onTimeout: () => Error): Promise<T> {
    if (this.waiters.has(key)) throw new Error(`already waiting for ${key}`);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        reject(onTimeout());
      }, timeoutMs);
      this.waiters.set(key, { resolve, reject, timer });
    });
  }

  /** Returns false when nobody waits for `key` (a late or stray reply). */
  resolve(key: number, value: T): boolean {
    const waiter = this.waiters.get(key);
    if (!waiter) return false;
    this.settle(key, waiter);
    waiter.resolve(value);
    return true;
  }

  rejectAll(error: Error): void {
    for (const [key, waiter] of [...this.waiters]) {
      this.settle(key, waiter);
      waiter.reject(error);
    }
  }

  private settle(key: number, waiter: Waiter<T>): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(key);
  }
}
