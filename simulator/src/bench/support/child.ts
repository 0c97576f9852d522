import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { BenchTimeoutError } from './until.js';

/** A helper process of a benchmark (a broker, a fleet of stations), talking over Node's IPC channel. */
export interface BenchChild<M> {
  readonly process: ChildProcess;
  /** every message received and not consumed by `onMessage`, in order */
  readonly messages: readonly M[];
  /** forgets the messages received so far, so that `next` waits for a new one */
  clear(): void;
  /** the first message (already received or still to come) that matches */
  next<T extends M>(match: (m: M) => m is T, ms: number, what: string): Promise<T>;
  send(message: unknown): void;
  /** SIGTERM, SIGKILL after `graceMs` (default 5 s) */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `script` with the same node and loader flags as this process (tsx when run from source),
 * so that the helper competes for the same two cores the way a separate program would.
 */
export const spawnBenchChild = <M>(
  script: string,
  args: readonly string[] = [],
  /** sees every message first; returning true consumes it (a stream of data, not worth keeping) */
  onMessage?: (m: M) => boolean,
): BenchChild<M> => {
  const child = spawn(process.execPath, [...process.execArgv, script, ...args], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: M[] = [];
  const waiting = new Set<() => void>();
  child.on('message', (m) => {
    if (onMessage?.(m as M)) return;
    messages.push(m as M);
    for (const w of [...waiting]) w();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => {
    for (const w of [...waiting]) w();
  });
  return {
    process: child,
    messages,
    clear: () => {
      messages.length = 0;
    },
    next: <T extends M>(match: (m: M) => m is T, ms: number, what: string) =>
      new Promise<T>((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (found !== undefined) {
            done();
            resolve(found);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done();
            reject(new Error(`${what}: the helper process exited (${child.exitCode ?? child.signalCode})`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new BenchTimeoutError(what, ms));
        }, ms);
        const done = () => {
          clearTimeout(timer);
          waiting.delete(check);
        };
        waiting.add(check);
        check();
      }),
    send: (message) => {
      if (child.connected) child.send(message as object);
    },
    stop: async (graceMs = 5000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
};

/** Wall-clock milliseconds with sub-millisecond resolution, comparable between processes. */
export const epochMs = (): number => performance.timeOrigin + performance.now();

/**
 * A sibling script of the calling module, with the caller's own extension: `.ts` when run from source
 * through tsx, `.js` from the compiled simulator.
 */
export const siblingScript = (callerUrl: string, relative: string): string => {
  const ext = callerUrl.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`${relative}${ext}`, callerUrl));
};
