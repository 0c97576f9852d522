import type { UnlockReason } from '@regiobox/contract';
import { HardwareError } from '@regiobox/hardware-api';
import { DomainError } from '../domain/errors.js';
import type { CompartmentRow } from '../store/compartments-repo.js';
import type { CodeUse } from './code-use.js';
import type { StationContext } from './context.js';

export interface UnlockTarget {
  readonly compartment: CompartmentRow;
  readonly parcelId: string | null;
}

export interface UnlockRequest {
  readonly reason: UnlockReason;
  readonly orderId: string | null;
  readonly codeId: number | null;
  readonly by: string | null;
  readonly targets: readonly UnlockTarget[];
}

export type TargetOutcome =
  | { readonly no: number; readonly outcome: 'confirmed' | 'unknown' }
  | { readonly no: number; readonly outcome: 'failed'; readonly error: HardwareError };

/**
 * Opens doors so that a crash at any moment leaves a trail: (1) the unlock is recorded durably as
 * `pulsing`, (2) the lock is pulsed, (3a) a confirmed pulse is recorded and the code used up in one
 * commit, or (3b) a failed pulse removes the record and the code stays valid, or (3c) an unknown
 * outcome is recorded as such and the door switch decides. Pulses go one at a time: several
 * solenoids at once can brown out the board's supply, and a failing board should stop the rest.
 */
export class Unlocker {
  /** monotonic time of each confirmed unlock still waiting for its door */
  private readonly waitingSince = new Map<number, number>();
  /** compartments between the durable `pulsing` record and the pulse's outcome */
  private readonly inFlight = new Set<number>();

  constructor(
    private readonly ctx: StationContext,
    private readonly codeUse: CodeUse,
  ) {}

  /** Compartments whose confirmed unlock has waited `limitMs` or longer for its door. */
  overdue(monoNow: number, limitMs: number): number[] {
    return [...this.waitingSince].filter(([, since]) => monoNow - since >= limitMs).map(([no]) => no);
  }

  /** True while a confirmed unlock of the compartment waits for its door. */
  waiting(no: number): boolean {
    return this.waitingSince.has(no);
  }

  /** The door opened or the unlock ended: nothing waits for it any more. */
  settled(no: number): void {
    this.waitingSince.delete(no);
  }

  /** Compartments with an unlock in progress: being pulsed, or waiting for their door. */
  live(): Set<number> {
    return new Set([...this.inFlight, ...this.waitingSince.keys()]);
  }

  /**
   * The station's path for every door it opens, after the decision (domain/pickup.ts): commit the
   * intent, pulse, commit the outcome — one target at a time.
   */
  async unlock(req: UnlockRequest): Promise<TargetOutcome[]> {
    this.commitIntent(req);
    const results: TargetOutcome[] = [];
    for (const t of req.targets) this.inFlight.add(t.compartment.no);
    try {
      await this.pulseAll(req, results);
    } finally {
      for (const t of req.targets) this.inFlight.delete(t.compartment.no);
    }
    return results;
  }

  /** Durably `pulsing` before any solenoid moves: a crash mid-pulse leaves a trail the start-up resolves. */
  private commitIntent(req: UnlockRequest): void {
    const { store } = this.ctx;
    const requestedAt = this.ctx.now();
    this.ctx.commit(() => {
      for (const t of req.targets) {
        const no = t.compartment.no;
        const existing = store.pendingUnlocks.get(no);
        if (existing && (existing.status === 'pulsing' || existing.status === 'opened'))
          throw new DomainError('COMPARTMENT_BUSY', `compartment ${no} is being opened`, { compartment: no });
        // A second request while the first waits for its door replaces it: one unlock per door.
        if (existing) store.pendingUnlocks.delete(no);
        store.pendingUnlocks.insert({
          compartment: no,
          reason: req.reason,
          orderId: req.orderId,
          parcelId: t.parcelId,
          codeId: req.codeId,
          by: req.by,
          requestedAt: requestedAt.toISOString(),
        });
        store.audit.append({
          at: requestedAt.toISOString(),
          action: 'unlock_requested',
          ...this.auditRef(req, t),
        });
      }
    });
  }

  private async pulseAll(req: UnlockRequest, results: TargetOutcome[]): Promise<void> {
    let boardDown: HardwareError | null = null;
    for (const t of req.targets) {
      if (boardDown) {
        this.release(req, t, boardDown);
        results.push({ no: t.compartment.no, outcome: 'failed', error: boardDown });
        continue;
      }
      try {
        await this.pulse(t.compartment.lockChannel);
        this.record(req, t, 'confirmed');
        results.push({ no: t.compartment.no, outcome: 'confirmed' });
      } catch (err) {
        const hw =
          err instanceof HardwareError
            ? err
            : new HardwareError('OUTCOME_UNKNOWN', String(err), undefined, { cause: err });
        if (hw.code === 'OUTCOME_UNKNOWN') {
          this.record(req, t, 'unknown');
          results.push({ no: t.compartment.no, outcome: 'unknown' });
        } else {
          this.release(req, t, hw);
          results.push({ no: t.compartment.no, outcome: 'failed', error: hw });
          if (hw.code === 'BOARD_UNREACHABLE' || hw.code === 'DEVICE_MISSING') boardDown = hw;
        }
      }
    }
  }

  /**
   * A solenoid still cooling down from the previous pulse (a producer just loaded, the customer is
   * already there) refuses without doing anything: waiting the board's short retry-after and asking
   * once more is safe and spares the customer an error.
   */
  private async pulse(channel: number): Promise<void> {
    const locks = this.ctx.deps.hardware.locks;
    try {
      await locks.pulse(channel, this.ctx.config.doors.pulseMs);
    } catch (err) {
      const wait =
        err instanceof HardwareError && err.code === 'SOLENOID_COOLDOWN' ? (err.retryAfterMs ?? 0) : -1;
      if (wait < 0 || wait > 3000) throw err;
      await new Promise((r) => setTimeout(r, wait + 20));
      await locks.pulse(channel, this.ctx.config.doors.pulseMs);
    }
  }

  private record(req: UnlockRequest, t: UnlockTarget, outcome: 'confirmed' | 'unknown'): void {
    const at = this.ctx.now();
    const no = t.compartment.no;
    const recorded = this.ctx.commit(() => {
      const pending = this.ctx.store.pendingUnlocks.get(no);
      if (!pending) return false; // resolved meanwhile
      const consumed = this.codeUse.consume(pending.codeId, at);
      // The door may already have opened while the confirmation was on its way.
      if (pending.status !== 'opened')
        this.ctx.store.pendingUnlocks.setStatus(
          no,
          outcome === 'confirmed' ? 'unlocked' : 'unknown',
          at.toISOString(),
          consumed,
        );
      this.ctx.store.audit.append({
        at: at.toISOString(),
        action: outcome === 'confirmed' ? 'unlock_confirmed' : 'unlock_unknown',
        ...this.auditRef(req, t),
      });
      this.ctx.event(
        {
          type: 'compartment.unlocked',
          compartment: no,
          reason: req.reason,
          orderId: req.orderId,
          by: req.by,
          outcome,
        },
        at,
      );
      return pending.status !== 'opened';
    });
    if (recorded) this.waitingSince.set(no, this.ctx.deps.clock.monotonicMs());
    this.ctx.events.notify({ type: 'unlocked', compartment: no, reason: req.reason, outcome, at });
  }

  private release(req: UnlockRequest, t: UnlockTarget, error: HardwareError): void {
    const at = this.ctx.now();
    const no = t.compartment.no;
    this.ctx.commit(() => {
      const pending = this.ctx.store.pendingUnlocks.get(no);
      if (!pending || pending.status === 'opened') return; // the door opened: the pulse did work
      this.ctx.store.pendingUnlocks.delete(no);
      this.codeUse.giveBack(pending.codeId, at);
      this.ctx.store.audit.append({
        at: at.toISOString(),
        action: 'unlock_failed',
        ...this.auditRef(req, t),
        detail: error.code,
      });
    });
  }

  private auditRef(req: UnlockRequest, t: UnlockTarget) {
    return {
      compartmentNo: t.compartment.no,
      reason: req.reason,
      orderId: req.orderId,
      parcelId: t.parcelId,
      by: req.by,
    };
  }
}
