import type { DoorChange, HardwareHealth } from '@regiobox/hardware-api';
import type { StationNotice } from './api.js';
import type { StationContext } from './context.js';
import type { DoorCycle } from './door-events.js';
import { reconcileDoors } from './reconcile.js';
import type { Unlocker } from './unlocker.js';

/**
 * The station's doors, one thing at a time and in order: door changes from the bus, reconciliation
 * with the board (at start, after a reconnect, after a storage fault), and the sweep that ends
 * unlocks whose door stayed shut.
 */
export class DoorQueue {
  private queue: Promise<void> = Promise.resolve();
  private readonly unsubscribe: (() => void)[] = [];
  /** unlocks past their open timeout whose door is being read once more */
  private readonly confirmingNotUsed = new Set<number>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private wasReachable = true;

  constructor(
    private readonly ctx: StationContext,
    private readonly doors: DoorCycle,
    private readonly unlocker: Unlocker,
  ) {}

  async start(): Promise<void> {
    const { hardware } = this.ctx.deps;
    const events = this.ctx.events;
    // The drivers keep their own small emitters (they also run alone); the station puts their news on
    // its bus. Subscribe first so no change is lost; the queue holds changes until reconciliation ran.
    this.unsubscribe.push(
      hardware.doors.onChange((c) => events.emit('hardware.door', c)),
      hardware.onHealthChange((h) => events.emit('hardware.health', h)),
      events.on('hardware.door', (c) => void this.enqueue(() => this.onDoorChange(c))),
      events.on('hardware.health', (h) => this.onHealth(h)),
    );
    this.wasReachable = hardware.health().reachable;
    await this.enqueue(() => this.reconcile());
    this.sweepTimer = setInterval(() => this.sweepUnlocks(), 1000);
    this.sweepTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    for (const u of this.unsubscribe.splice(0)) u();
    await this.queue;
  }

  /**
   * Ends unlocks whose door stayed shut past the open timeout. Runs every second; tests call it
   * directly. "Not used" is a claim about the door, so the doors are read once more first: a door
   * whose "open" was lost on a noisy line is found open, and while the board cannot tell (unreachable,
   * or the read fails) the unlock keeps waiting — the code is not given back on a guess.
   */
  sweepUnlocks(): void {
    const limit = this.ctx.config.doors.openTimeoutSeconds * 1000;
    const mono = this.ctx.deps.clock.monotonicMs();
    const due = this.unlocker.overdue(mono, limit).filter((no) => !this.confirmingNotUsed.has(no));
    if (due.length === 0) return;
    for (const no of due) this.confirmingNotUsed.add(no);
    // one read for every unlock due now (a PIN for several compartments times out at once)
    void this.enqueue(async () => {
      try {
        if (!due.some((no) => this.unlocker.waiting(no))) return; // their doors opened meanwhile
        const snap = await this.ctx.deps.hardware.doors.read().catch(() => null);
        for (const no of due) {
          if (!this.unlocker.waiting(no)) continue; // its door opened meanwhile
          const input = this.ctx.store.compartments.get(no)?.doorInput;
          // open: the read reported the change, and the door cycle takes it from the queue
          if (input !== undefined && snap?.doors[input] === false)
            this.emitAll(this.doors.notUsed(no, this.ctx.now(), 'door not opened in time'));
        }
      } finally {
        for (const no of due) this.confirmingNotUsed.delete(no);
      }
    });
  }

  /**
   * Reads the doors again and brings the records in line with them: after a storage fault, door
   * changes that could not be written are caught up (a door forced meanwhile is reported now).
   */
  resync(): Promise<void> {
    return this.enqueue(() => this.reconcile());
  }

  /** Resolves when every queued door change has been processed (for tests and orderly shutdown). */
  settled(): Promise<void> {
    return this.queue;
  }

  private enqueue(job: () => void | Promise<void>): Promise<void> {
    const run = this.queue.then(job).catch((err: unknown) => {
      this.ctx.log.error({ err }, 'door processing failed');
    });
    this.queue = run;
    return run;
  }

  private async onDoorChange(change: DoorChange): Promise<void> {
    const comp = this.ctx.store.compartments.byDoorInput(change.input);
    if (!comp) return;
    const at = this.ctx.now();
    if (change.open) return this.emitAll(this.doors.opened(comp.no, at));
    const snap = await this.ctx.deps.hardware.doors.read().catch(() => null);
    this.emitAll(this.doors.closed(comp.no, at, snap?.occupancy[comp.doorInput] ?? null));
  }

  private async reconcile(): Promise<void> {
    const { hardware } = this.ctx.deps;
    try {
      await hardware.locks.releaseAll();
    } catch (err) {
      this.ctx.log.warn({ err }, 'could not release lock outputs; retried when the board is back');
    }
    const snap = await hardware.doors.read().catch((err: unknown) => {
      this.ctx.log.warn({ err }, 'door states unknown; reconciling when the board is back');
      return null;
    });
    if (!snap) return;
    const live = this.unlocker.live();
    this.emitAll(reconcileDoors(this.ctx, this.doors, snap, live));
  }

  private onHealth(h: HardwareHealth): void {
    if (h.reachable && !this.wasReachable) void this.enqueue(() => this.reconcile());
    this.wasReachable = h.reachable;
  }

  /** A door that was already open when its unlock came: it counts as opened now. */
  afterUnlock(nos: readonly number[]): void {
    for (const no of nos) {
      if (this.ctx.store.compartments.get(no)?.doorOpen === true)
        void this.enqueue(() => this.emitAll(this.doors.opened(no, this.ctx.now(), 'door was already open')));
    }
  }

  private emitAll(notices: readonly StationNotice[]): void {
    for (const n of notices) this.ctx.events.notify(n);
  }
}
