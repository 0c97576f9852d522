import type { ColdChainRecord, CompartmentSnapshot, ReserveResult } from '@regiobox/contract';
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
import { CounterDesk } from './counter-desk.js';
import { DeadlineService } from './deadlines.js';
import type { StationDeps } from './deps.js';
import { DoorCycle } from './door-events.js';
import { DoorQueue } from './door-queue.js';
import type { StationEvents } from './events.js';
import { KeypadLockout } from './keypad-lockout.js';
import { OrderService } from './orders.js';
import { ParcelMoves } from './parcel-moves.js';
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
  private readonly doorQueue: DoorQueue;
  /** a counter's hand-over desk; null at a locker or van */
  readonly counter: CounterDesk | null;

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
    this.doorQueue = new DoorQueue(this.ctx, this.doors, this.unlocker);
    this.codes = new CodeEntry(this.ctx, this.lockout, this.unlocker, (nos) =>
      this.doorQueue.afterUnlock(nos),
    );
    this.counter =
      deps.config.kind === 'counter' ? new CounterDesk(this.ctx, this.codes, codeUse, this.moves) : null;
  }

  async start(): Promise<void> {
    const { config } = this.ctx.deps;
    this.ctx.store.compartments.syncFromConfig(config.compartments);
    this.lockout.restore();
    warnIfGuessable(config, this.ctx.log);
    await this.doorQueue.start();
  }

  async stop(): Promise<void> {
    await this.doorQueue.stop();
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
    // a counter has no doors: its codes are typed on the staff page, by the staff
    if (this.counter)
      return Promise.resolve({
        ok: false,
        reason: 'NOTHING_TO_OPEN',
        message: 'Please show your code at the counter.',
      });
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
    this.doorQueue.afterUnlock([result.no]);
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

  /** Ends unlocks whose door stayed shut past the open timeout (see DoorQueue); tests call it directly. */
  sweepUnlocks(): void {
    this.doorQueue.sweepUnlocks();
  }

  /** Reads the doors again and brings the records in line with them (after a storage fault). */
  resync(): Promise<void> {
    return this.doorQueue.resync();
  }

  /** Resolves when every queued door change has been processed (for tests and orderly shutdown). */
  settled(): Promise<void> {
    return this.doorQueue.settled();
  }
}
