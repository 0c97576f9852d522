import { createTask, type ScheduledTask, validate } from 'node-cron';
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import type { Db } from '../store/database.js';
import { MetaStore } from '../store/meta.js';

export interface JobSpec {
  readonly name: string;
  /** node-cron expression (seconds field optional) */
  readonly cron: string;
  /**
   * A job is run once at start when its last recorded run is older than this: missed runs (the
   * station was off) are caught up. Jobs themselves are idempotent and catch up by content.
   */
  readonly catchUpAfterMs: number;
  readonly run: (now: Date) => Promise<unknown> | unknown;
}

export class JobError extends Error {
  readonly code = 'INVALID_JOB';
}

/**
 * node-cron with two guarantees the station needs: a job never runs twice concurrently (also not a
 * scheduled run during a catch-up or a manual run), and the last successful run survives restarts
 * (kept in the `meta` table) so that missed runs are caught up at start.
 */
export class JobScheduler {
  private readonly specs = new Map<string, JobSpec>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly tasks: ScheduledTask[] = [];
  private stopped = false;

  private readonly meta: MetaStore;

  constructor(private readonly deps: { db: Db; clock: Clock; logger: Logger }) {
    this.meta = new MetaStore(deps.db);
  }

  add(spec: JobSpec): void {
    if (!validate(spec.cron)) throw new JobError(`job ${spec.name}: "${spec.cron}" is not a cron expression`);
    if (this.specs.has(spec.name)) throw new JobError(`job ${spec.name} is already scheduled`);
    this.specs.set(spec.name, spec);
  }

  async start(): Promise<void> {
    this.stopped = false;
    for (const spec of this.specs.values()) {
      const task = createTask(spec.cron, () => this.runNow(spec.name), { name: spec.name, noOverlap: true });
      this.tasks.push(task);
      await task.start();
    }
    for (const spec of this.specs.values()) {
      const last = this.lastRun(spec.name);
      const now = this.deps.clock.now();
      if (!last || now.getTime() - last.getTime() >= spec.catchUpAfterMs) {
        this.deps.logger.info({ job: spec.name, lastRun: last?.toISOString() ?? null }, 'job catch-up');
        void this.runNow(spec.name);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const task of this.tasks.splice(0)) await task.destroy();
    await Promise.allSettled([...this.running.values()]);
  }

  /** Resolves when no job is running (after the catch-up runs of `start`, for instance). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /** Runs a job now unless it is already running; then it waits for that run. */
  runNow(name: string): Promise<void> {
    const spec = this.specs.get(name);
    if (!spec) return Promise.reject(new JobError(`no job named ${name}`));
    const inFlight = this.running.get(name);
    if (inFlight) return inFlight;
    const run = (async () => {
      if (this.stopped) return;
      const now = this.deps.clock.now();
      try {
        await spec.run(now);
        this.recordRun(name, now);
      } catch (error) {
        this.deps.logger.error({ job: name, err: error }, 'job failed');
      }
    })().finally(() => this.running.delete(name));
    this.running.set(name, run);
    return run;
  }

  lastRun(name: string): Date | undefined {
    return this.meta.getTime(`job:${name}:last_run`) ?? undefined;
  }

  private recordRun(name: string, at: Date): void {
    this.meta.setTime(`job:${name}:last_run`, at);
  }
}
