import { existsSync, statSync } from 'node:fs';
import type { EventMessage } from '@regiobox/contract';
import type { Logger } from 'pino';
import { alarmSeverity } from '../domain/alarms/severity.js';
import { type AlarmSignal, formatDuration, STATION_WIDE } from '../domain/alarms/types.js';
import type { Clock } from '../domain/clock.js';
import { type ClockStatus, ClockTrust, type SyncSignal, type UnsyncedReason } from '../domain/clock-trust.js';
import { StationEvents } from '../station/events.js';
import type { Db } from '../store/database.js';
import { MetaStore } from '../store/meta.js';
import type { EventStamping, Outbox } from '../store/outbox.js';

/**
 * Where the station learns whether the OS has synchronised the clock. systemd-timesyncd creates the
 * marker (on tmpfs, so it is gone after a reboot) when it has synchronised and touches it on later
 * syncs. The service counts as present when any of `presentIf` exists; without it the wall clock is
 * taken as it is (a development machine, or a station whose time comes from elsewhere).
 */
export interface TimeService {
  readonly marker: string;
  readonly presentIf: readonly string[];
}

export const TIMESYNCD: TimeService = {
  marker: '/run/systemd/timesync/synchronized',
  presentIf: ['/run/systemd/timesync', '/var/lib/systemd/timesync'],
};

export interface ClockWatchOptions {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  /** null: consult no time service */
  readonly timeService?: TimeService | null;
  /** how long the clock may be unsynced before the clock_unsynced alarm; NTP takes seconds after boot */
  readonly alarmAfterMs?: number;
  readonly behindToleranceMs?: number;
  readonly jumpToleranceMs?: number;
  /** where a change of the clock's state is told; a watch built alone (tests) makes its own bus */
  readonly events?: StationEvents;
}

const KNOWN_TIME_KEY = 'clock:known_time';
/** older stations only had the monitor's stamp; it is the best first guess of a time that has passed */
const LAST_ALIVE_KEY = 'monitor:last_alive';
const PERSIST_EVERY_MS = 60_000;
const MAX_STAMPS = 10_000;
const CORRECT_FROM_MS = 1_000;

interface Stamp {
  readonly atMs: number;
  readonly wallMs: number;
  readonly monoMs: number;
}

const REASONS: Record<UnsyncedReason, string> = {
  not_synchronised: 'the time service has not synchronised the clock since boot',
  behind_known_time: 'the clock is behind a time the station has already seen',
  jumped: 'the clock leapt ahead without a time sync',
};

export const readTimeService = (service: TimeService | null): SyncSignal => {
  if (service === null) return { kind: 'no_time_service' };
  try {
    return { kind: 'synchronised', markMs: statSync(service.marker).mtimeMs };
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    if (missing && !service.presentIf.some((p) => existsSync(p))) return { kind: 'no_time_service' };
    return { kind: 'not_synchronised' };
  }
};

/**
 * The station's view of its own clock, checked on the monitor's tick. It decides which time judges
 * deadlines (see ClockTrust), marks events stamped while unsynced and corrects those still in the
 * outbox once the clock is synchronised, and raises clock_unsynced when a sync takes too long.
 */
export class ClockWatch implements EventStamping {
  private readonly trust: ClockTrust;
  private readonly log: Logger;
  private readonly service: TimeService | null;
  private readonly stamps = new Map<string, Stamp>();
  private readonly events: StationEvents;
  private outbox: Outbox | null = null;
  /** monotonic start and wall start of the current unsynced episode */
  private episode: { readonly monoMs: number; readonly wallMs: number } | null = null;
  private alarmRaised = false;
  private checkedOnce = false;
  private persistedAtMono = Number.NEGATIVE_INFINITY;
  private readonly meta: MetaStore;

  constructor(private readonly opts: ClockWatchOptions) {
    this.meta = new MetaStore(opts.db);
    this.log = opts.logger.child({ component: 'clock' });
    this.events = opts.events ?? new StationEvents(this.log);
    this.service = opts.timeService === undefined ? TIMESYNCD : opts.timeService;
    this.trust = new ClockTrust({
      knownTimeMs: this.readKnownTime(),
      monoMs: opts.clock.monotonicMs(),
      behindToleranceMs: opts.behindToleranceMs,
      jumpToleranceMs: opts.jumpToleranceMs,
    });
    this.observe();
  }

  /** Where corrections go once the clock is synchronised (the outbox is built with this as its stamping). */
  attach(outbox: Outbox): void {
    this.outbox = outbox;
  }

  status(): ClockStatus {
    return this.trust.status();
  }

  unsynced(): boolean {
    return this.status().state === 'unsynced';
  }

  stamped(message: EventMessage): void {
    if (this.stamps.size >= MAX_STAMPS) return; // beyond that they stay marked, uncorrected
    this.stamps.set(message.id, {
      atMs: Date.parse(message.at),
      wallMs: this.opts.clock.now().getTime(),
      monoMs: this.opts.clock.monotonicMs(),
    });
  }

  /** The time deadlines are judged by; null when the station has never known the time (nothing expires). */
  judgeNow(): Date | null {
    const ms = this.trust.judgeMs(this.opts.clock.now().getTime(), this.opts.clock.monotonicMs());
    return ms === null ? null : new Date(ms);
  }

  onChange(listener: (status: ClockStatus) => void): () => void {
    return this.events.on('clock.status', listener);
  }

  /** One look at the clock: returns the clock_unsynced alarm signals to apply. */
  check(): AlarmSignal[] {
    const before = this.status();
    const after = this.observe();
    const signals: AlarmSignal[] = [];
    const now = this.opts.clock.now();
    if (after.state === 'synced' && before.state === 'unsynced') {
      signals.push({
        type: 'clear',
        kind: 'clock_unsynced',
        subject: STATION_WIDE,
        at: now,
        detail: this.synced(),
      });
    } else if (after.state === 'synced' && !this.checkedOnce) {
      // an alarm raised before a restart may still be open; a clear of none changes nothing
      signals.push({ type: 'clear', kind: 'clock_unsynced', subject: STATION_WIDE, at: now });
    }
    this.checkedOnce = true;
    if (after.state === 'unsynced' && this.episode && !this.alarmRaised) {
      const forMs = this.opts.clock.monotonicMs() - this.episode.monoMs;
      if (forMs >= (this.opts.alarmAfterMs ?? 120_000)) {
        this.alarmRaised = true;
        signals.push({
          type: 'raise',
          kind: 'clock_unsynced',
          subject: STATION_WIDE,
          severity: alarmSeverity('clock_unsynced'),
          detail: `${REASONS[after.reason]} (for ${formatDuration(forMs)}); codes expire only by the last known time`,
          at: now,
        });
      }
    }
    if (after.state !== before.state) {
      this.log.warn(
        { status: after },
        after.state === 'synced' ? 'clock synchronised' : 'clock not synchronised',
      );
      this.events.emit('clock.status', after);
    }
    this.persist(false);
    return signals;
  }

  /** Writes the latest time known to have passed, so that a restart on an old clock revives nothing. */
  persist(force = true): void {
    const mono = this.opts.clock.monotonicMs();
    const floor = this.trust.floorMs(mono);
    if (floor === null || (!force && mono - this.persistedAtMono < PERSIST_EVERY_MS)) return;
    try {
      this.meta.setTime(KNOWN_TIME_KEY, new Date(floor));
      this.persistedAtMono = mono;
    } catch (err) {
      this.log.warn({ err }, 'known time not saved');
    }
  }

  private observe(): ClockStatus {
    const { clock } = this.opts;
    const wallMs = clock.now().getTime();
    const monoMs = clock.monotonicMs();
    const status = this.trust.observe({ wallMs, monoMs, sync: readTimeService(this.service) });
    if (status.state === 'unsynced') this.episode ??= { monoMs, wallMs };
    return status;
  }

  /** Corrects the waiting events stamped during the episode; returns the alarm's clear detail. */
  private synced(): string {
    const { clock } = this.opts;
    const wallMs = clock.now().getTime();
    const monoMs = clock.monotonicMs();
    const episode = this.episode;
    this.episode = null;
    this.alarmRaised = false;
    const corrections = [...this.stamps].map(([msgId, s]) => ({
      msgId,
      at: new Date(wallMs - (monoMs - s.monoMs) + (s.atMs - s.wallMs)),
      byMs: wallMs - (monoMs - s.monoMs) - s.wallMs,
    }));
    const stamped = this.stamps.size;
    this.stamps.clear();
    let corrected = 0;
    try {
      corrected =
        this.outbox?.correctEventTimes(corrections.filter((c) => Math.abs(c.byMs) >= CORRECT_FROM_MS)) ?? 0;
    } catch (err) {
      this.log.error({ err }, 'event times not corrected');
    }
    const offsetMs = episode ? wallMs - (episode.wallMs + (monoMs - episode.monoMs)) : 0;
    const unsyncedMs = episode ? monoMs - episode.monoMs : 0;
    const direction = offsetMs >= 0 ? 'behind' : 'ahead';
    const offset =
      Math.abs(offsetMs) < CORRECT_FROM_MS
        ? 'the clock needed no correction'
        : `the clock was ${formatDuration(Math.abs(offsetMs))} ${direction} (corrected by ${Math.round(offsetMs / 1000)} s)`;
    const detail = `clock synchronised after ${formatDuration(unsyncedMs)}: ${offset}; ${stamped} event(s) stamped meanwhile are marked, ${corrected} of them re-stamped before sending`;
    this.log.info({ offsetMs, unsyncedMs, stamped, corrected }, 'event times corrected after clock sync');
    return detail;
  }

  private readKnownTime(): number | null {
    return (this.meta.getTime(KNOWN_TIME_KEY) ?? this.meta.getTime(LAST_ALIVE_KEY))?.getTime() ?? null;
  }
}
