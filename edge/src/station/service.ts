import type { ColdChainRecord, CompartmentSnapshot, ReserveResult } from '@regiobox/contract';
import type { DoorChange, HardwareHealth } from '@regiobox/hardware-api';
import { DomainError } from '../domain/errors.js';
import type {
  CodeOutcome,
  CodeSource,
  DeadlineRun,
  IssuedServiceCode,
  ReserveInput,
  ServiceOpenInput,
  StationApi,
  StationNotice,
  UnlockResult,
} from './api.js';
import { CodeEntry } from './code-entry.js';
import { CodeIssuer } from './code-issuer.js';
import { CodeUse } from './code-use.js';
import { CompartmentService } from './compartments.js';
import { StationContext } from './context.js';
import { DeadlineService } from './deadlines.js';
import type { StationDeps } from './deps.js';
import { DoorCycle } from './door-events.js';
import type { StationEvents } from './events.js';
import { KeypadLockout } from './keypad-lockout.js';
import { OrderService } from './orders.js';
import { ParcelMoves } from './parcel-moves.js';
import { reconcileDoors } from './reconcile.js';
import { warnIfGuessable } from './security-check.js';
import { Unlocker } from './unlocker.js';

/** The station core behind one facade: the kiosk, the command router, the jobs and the tests call it. */
export class StationService implements StationApi {
  private readonly ctx: StationContext;
  private readonly moves: ParcelMoves;
  private readonly orders: OrderService;
  private readonly deadlines: DeadlineService;
  private readonly compartments: CompartmentService;
  private readonly unlocker: Unlocker;
  private readonly doors: DoorCycle;
  private readonly codes: CodeEntry;
  private readonly lockout: KeypadLockout;
  /** door changes and reconciliations, one at a time and in order */
  private queue: Promise<void> = Promise.resolve();
  private readonly unsubscribe: (() => void)[] = [];
  /** unlocks past their open timeout whose door is being read once more */
  private readonly confirmingNotUsed = new Set<number>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private wasReachable = true;

  constructor(deps: StationDeps) {
    this.ctx = new StationContext(deps);
    const issuer = new CodeIssuer(this.ctx);
    const codeUse = new CodeUse(this.ctx);
    this.moves = new ParcelMoves(this.ctx, issuer);
    this.orders = new OrderService(this.ctx, issuer, this.moves);
    this.deadlines = new DeadlineService(this.ctx, this.moves);
    this.compartments = new CompartmentService(this.ctx, issuer);
    this.unlocker = new Unlocker(this.ctx, codeUse);
    this.doors = new DoorCycle(this.ctx, this.moves, this.unlocker, codeUse);
    this.lockout = new KeypadLockout(this.ctx);
    this.codes = new CodeEntry(this.ctx, this.lockout, this.unlocker, (nos) => this.afterUnlock(nos));
  }

  async start(): Promise<void> {
    const { hardware, config } = this.ctx.deps;
    this.ctx.store.compartments.syncFromConfig(config.compartments);
    this.lockout.restore();
    warnIfGuessable(config, this.ctx.log);
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

  async reserve(input: ReserveInput): Promise<ReserveResult> {
    const result = this.orders.reserve(input);
    this.ctx.events.notify({ type: 'compartments_changed', at: this.ctx.now() });
    return result;
  }

  async cancel(orderId: string, reason: string): Promise<void> {
    this.orders.cancel(orderId, reason);
    this.ctx.events.notify({ type: 'compartments_changed', at: this.ctx.now() });
  }

  async extend(orderId: string, deadline: string, by?: string): Promise<void> {
    this.orders.extend(orderId, deadline, by);
  }

  submitCode(code: string, source: CodeSource): Promise<CodeOutcome> {
    return this.codes.submit(code, source);
  }

  async serviceOpen(input: ServiceOpenInput): Promise<UnlockResult> {
    const compartment = this.compartments.get(input.compartment);
    const [result] = await this.unlocker.unlock({
      reason: input.source === 'remote' ? 'service_remote' : 'service_local',
      orderId: null,
      codeId: null,
      by: `${input.by}: ${input.reason}`,
      targets: [{ compartment, parcelId: null }],
    });
    if (!result || result.outcome === 'failed')
      throw new DomainError(
        'BOARD_UNREACHABLE',
        `compartment ${input.compartment} could not be opened: ${result?.error.message}`,
        {
          compartment: input.compartment,
          hardware: result?.error.code,
        },
      );
    this.afterUnlock([result.no]);
    return { compartment: result.no, outcome: result.outcome };
  }

  async issueServiceCode(input: {
    compartment: number;
    by: string;
    validMinutes?: number;
  }): Promise<IssuedServiceCode> {
    return this.compartments.issueServiceCode(input.compartment, input.by, input.validMinutes);
  }

  async block(no: number, reason: string, by: string): Promise<void> {
    this.compartments.block(no, reason, by);
  }

  async unblock(no: number, by: string): Promise<void> {
    this.compartments.unblock(no, by);
  }

  async holdParcel(input: { orderId: string; parcelId: string; reason: string; coldChain: ColdChainRecord }) {
    this.orders.holdParcel(input.orderId, input.parcelId, input.reason, input.coldChain);
  }

  async decideHold(input: {
    orderId: string;
    parcelId: string;
    decision: 'release' | 'discard';
    by: string;
    why: string;
  }) {
    this.orders.decideHold(input.orderId, input.parcelId, input.decision, input.by, input.why);
  }

  async processDeadlines(): Promise<DeadlineRun> {
    return this.deadlines.run();
  }

  snapshot(): CompartmentSnapshot[] {
    return this.compartments.snapshot();
  }

  /** The station's event bus: notices, device and health news. */
  get events(): StationEvents {
    return this.ctx.events;
  }

  onNotice(listener: (notice: StationNotice) => void): () => void {
    return this.ctx.events.onNotice(listener);
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
    const due = [...this.unlocker.waitingSince]
      .filter(([no, since]) => mono - since >= limit && !this.confirmingNotUsed.has(no))
      .map(([no]) => no);
    if (due.length === 0) return;
    for (const no of due) this.confirmingNotUsed.add(no);
    // one read for every unlock due now (a PIN for several compartments times out at once)
    void this.enqueue(async () => {
      try {
        if (!due.some((no) => this.unlocker.waitingSince.has(no))) return; // their doors opened meanwhile
        const snap = await this.ctx.deps.hardware.doors.read().catch(() => null);
        for (const no of due) {
          if (!this.unlocker.waitingSince.has(no)) continue; // its door opened meanwhile
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
    const live = new Set([...this.unlocker.inFlight, ...this.unlocker.waitingSince.keys()]);
    this.emitAll(reconcileDoors(this.ctx, this.doors, snap, live));
  }

  private onHealth(h: HardwareHealth): void {
    if (h.reachable && !this.wasReachable) void this.enqueue(() => this.reconcile());
    this.wasReachable = h.reachable;
  }

  /** A door that was already open when its unlock came: it counts as opened now. */
  private afterUnlock(nos: readonly number[]): void {
    for (const no of nos) {
      if (this.ctx.store.compartments.get(no)?.doorOpen === true)
        void this.enqueue(() => this.emitAll(this.doors.opened(no, this.ctx.now(), 'door was already open')));
    }
  }

  private emitAll(notices: readonly StationNotice[]): void {
    for (const n of notices) this.ctx.events.notify(n);
  }
}
