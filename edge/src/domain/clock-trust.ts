/**
 * What the station may believe about its wall clock. A Raspberry Pi has no battery clock: it boots
 * with an old time and NTP steps it later, possibly by days. Deadlines are wall times (the
 * marketplace sets them), so the station must know when its wall clock can judge them.
 *
 * The rule: expiry is judged by the wall clock only while it is trusted; otherwise by a floor — the
 * last trusted wall time plus the monotonic time since — which is never ahead of the real time.
 * So a clock that jumps forward without a sync expires nothing early, and a clock that goes back
 * never revives what the floor has already passed. Pure: the caller observes and persists.
 */

/** What the time service says. `no_time_service`: none is installed, the wall clock is taken as it is. */
export type SyncSignal =
  | {
      readonly kind: 'synchronised' /** when the service last confirmed (marker mtime), ms */;
      readonly markMs: number;
    }
  | { readonly kind: 'not_synchronised' }
  | { readonly kind: 'no_time_service' };

export type UnsyncedReason =
  /** the time service has not synchronised since boot */
  | 'not_synchronised'
  /** the wall clock is behind a time the station already knew had passed */
  | 'behind_known_time'
  /** the wall clock leapt ahead of the monotonic clock without a confirming sync */
  | 'jumped';

export type ClockStatus =
  | { readonly state: 'synced' }
  | { readonly state: 'unsynced'; readonly reason: UnsyncedReason };

export interface ClockObservation {
  readonly wallMs: number;
  readonly monoMs: number;
  readonly sync: SyncSignal;
}

export interface ClockTrustOptions {
  /** the newest time the station knew had passed (persisted across restarts); null on a first start */
  readonly knownTimeMs: number | null;
  /** the monotonic time at which `knownTimeMs` applies (now, at start) */
  readonly monoMs: number;
  /** how far behind the known time the wall clock may be before it counts as gone back */
  readonly behindToleranceMs?: number;
  /** how far the wall clock may run ahead of the monotonic clock between two observations */
  readonly jumpToleranceMs?: number;
}

export const DEFAULT_BEHIND_TOLERANCE_MS = 5_000;
export const DEFAULT_JUMP_TOLERANCE_MS = 60_000;

interface Anchor {
  readonly wallMs: number;
  readonly monoMs: number;
}

const SYNCED: ClockStatus = { state: 'synced' };

export class ClockTrust {
  private trusted: Anchor | null;
  private last: (Anchor & { readonly markMs: number | null }) | null = null;
  /** a forward leap seen while a time service exists: unsynced until the service confirms again */
  private leapt = false;
  private current: ClockStatus = SYNCED;
  private readonly behindToleranceMs: number;
  private readonly jumpToleranceMs: number;

  constructor(options: ClockTrustOptions) {
    this.trusted =
      options.knownTimeMs === null ? null : { wallMs: options.knownTimeMs, monoMs: options.monoMs };
    this.behindToleranceMs = options.behindToleranceMs ?? DEFAULT_BEHIND_TOLERANCE_MS;
    this.jumpToleranceMs = options.jumpToleranceMs ?? DEFAULT_JUMP_TOLERANCE_MS;
  }

  status(): ClockStatus {
    return this.current;
  }

  /** Judges one reading of both clocks and the time service; returns the new status. */
  observe(o: ClockObservation): ClockStatus {
    const markMs = o.sync.kind === 'synchronised' ? o.sync.markMs : null;
    const freshSync = markMs !== null && (this.last === null || this.last.markMs !== markMs);
    const leapMs = this.last ? o.wallMs - this.last.wallMs - (o.monoMs - this.last.monoMs) : 0;
    if (freshSync) this.leapt = false;
    else if (leapMs > this.jumpToleranceMs && o.sync.kind !== 'no_time_service') this.leapt = true;
    this.last = { wallMs: o.wallMs, monoMs: o.monoMs, markMs };
    this.current = this.judge(o, freshSync);
    if (this.current.state === 'synced') this.trusted = { wallMs: o.wallMs, monoMs: o.monoMs };
    return this.current;
  }

  /** The last trusted time plus monotonic time since: never ahead of the real time. Null if none yet. */
  floorMs(monoMs: number): number | null {
    return this.trusted === null ? null : this.trusted.wallMs + Math.max(0, monoMs - this.trusted.monoMs);
  }

  /**
   * The time deadlines are judged by: the wall clock while it is trusted, the floor while it is not
   * (null when the station has never known the time: then nothing expires).
   */
  judgeMs(wallMs: number, monoMs: number): number | null {
    return this.current.state === 'synced' ? wallMs : this.floorMs(monoMs);
  }

  private judge(o: ClockObservation, freshSync: boolean): ClockStatus {
    if (o.sync.kind === 'not_synchronised') return { state: 'unsynced', reason: 'not_synchronised' };
    // A sync the service just made overrides what the station remembered: it may have been wrong.
    if (freshSync) return SYNCED;
    const floor = this.floorMs(o.monoMs);
    if (floor !== null && o.wallMs < floor - this.behindToleranceMs)
      return { state: 'unsynced', reason: 'behind_known_time' };
    if (this.leapt) return { state: 'unsynced', reason: 'jumped' };
    return SYNCED;
  }
}
