import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClockTrust, DEFAULT_BEHIND_TOLERANCE_MS, type SyncSignal } from './clock-trust.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const KNOWN = Date.parse('2026-03-02T08:00:00.000Z');
const synced = (markMs: number): SyncSignal => ({ kind: 'synchronised', markMs });
const NOT_SYNCED: SyncSignal = { kind: 'not_synchronised' };
const NO_SERVICE: SyncSignal = { kind: 'no_time_service' };

describe('what the station believes about its wall clock', () => {
  it('a Pi booting with last week’s time is unsynced and judges deadlines by the time it knew, then trusts NTP', () => {
    const trust = new ClockTrust({ knownTimeMs: KNOWN, monoMs: 0 });
    const oldWall = KNOWN - 7 * DAY;
    expect(trust.observe({ wallMs: oldWall, monoMs: 0, sync: NOT_SYNCED })).toEqual({
      state: 'unsynced',
      reason: 'not_synchronised',
    });
    // ten minutes later: deadlines are judged by "known time + 10 min", not by last week
    expect(trust.judgeMs(oldWall + 600_000, 600_000)).toBe(KNOWN + 600_000);
    // NTP steps the clock to the real time (the station was off for two hours) and says so
    const real = KNOWN + 2 * HOUR + 600_000;
    expect(trust.observe({ wallMs: real, monoMs: 600_000, sync: synced(real) })).toEqual({ state: 'synced' });
    expect(trust.judgeMs(real + 1000, 601_000)).toBe(real + 1000);
  });

  it('a clock set back behind what the station already knew revives nothing', () => {
    const trust = new ClockTrust({ knownTimeMs: KNOWN, monoMs: 0 });
    trust.observe({ wallMs: KNOWN, monoMs: 0, sync: NO_SERVICE });
    trust.observe({ wallMs: KNOWN + HOUR, monoMs: HOUR, sync: NO_SERVICE });
    const back = trust.observe({ wallMs: KNOWN - DAY, monoMs: HOUR + 1000, sync: NO_SERVICE });
    expect(back).toEqual({ state: 'unsynced', reason: 'behind_known_time' });
    expect(trust.judgeMs(KNOWN - DAY, HOUR + 1000)).toBe(KNOWN + HOUR + 1000);
  });

  it('a small slew within the tolerance is not a fault', () => {
    const trust = new ClockTrust({ knownTimeMs: KNOWN, monoMs: 0 });
    trust.observe({ wallMs: KNOWN, monoMs: 0, sync: synced(KNOWN) });
    expect(trust.observe({ wallMs: KNOWN + 9_000, monoMs: 10_000, sync: synced(KNOWN) })).toEqual({
      state: 'synced',
    });
    expect(trust.observe({ wallMs: KNOWN + 90_000, monoMs: 20_000, sync: synced(KNOWN) })).toEqual({
      state: 'unsynced',
      reason: 'jumped',
    });
  });

  it('a forward leap without a sync expires nothing early, until the time service confirms the new time', () => {
    const trust = new ClockTrust({ knownTimeMs: KNOWN, monoMs: 0 });
    trust.observe({ wallMs: KNOWN, monoMs: 0, sync: synced(KNOWN - HOUR) });
    const leapt = KNOWN + 30 * DAY;
    expect(trust.observe({ wallMs: leapt, monoMs: 5_000, sync: synced(KNOWN - HOUR) })).toEqual({
      state: 'unsynced',
      reason: 'jumped',
    });
    expect(trust.judgeMs(leapt + 5_000, 10_000)).toBe(KNOWN + 10_000);
    // still unsynced while the mark is the old one, even though the leap is history now
    expect(trust.observe({ wallMs: leapt + 5_000, monoMs: 10_000, sync: synced(KNOWN - HOUR) }).state).toBe(
      'unsynced',
    );
    // timesyncd confirms (touches its marker): the new time was right after all
    expect(trust.observe({ wallMs: leapt + 6_000, monoMs: 11_000, sync: synced(leapt + 6_000) }).state).toBe(
      'synced',
    );
    expect(trust.judgeMs(leapt + 6_000, 11_000)).toBe(leapt + 6_000);
  });

  it('without a time service a leap is taken as it is: there is nothing to check it against', () => {
    const trust = new ClockTrust({ knownTimeMs: KNOWN, monoMs: 0 });
    trust.observe({ wallMs: KNOWN, monoMs: 0, sync: NO_SERVICE });
    expect(trust.observe({ wallMs: KNOWN + DAY, monoMs: 1000, sync: NO_SERVICE }).state).toBe('synced');
  });

  it('a first start on an unsynced clock knows no time at all: nothing can be judged expired', () => {
    const trust = new ClockTrust({ knownTimeMs: null, monoMs: 0 });
    trust.observe({ wallMs: KNOWN, monoMs: 0, sync: NOT_SYNCED });
    expect(trust.judgeMs(KNOWN, 0)).toBeNull();
  });

  it('whatever the wall clock does between truthful syncs, the judged time is never ahead of the real time and never goes back', () => {
    type Step =
      | { readonly kind: 'pass'; readonly ms: number }
      | { readonly kind: 'fault'; readonly errorMs: number }
      | { readonly kind: 'sync' };
    const step = fc.oneof(
      fc.record({ kind: fc.constant('pass' as const), ms: fc.integer({ min: 0, max: 6 * HOUR }) }),
      fc.record({
        kind: fc.constant('fault' as const),
        errorMs: fc.oneof(
          fc.integer({ min: -60 * DAY, max: -2 * 60_000 }),
          fc.integer({ min: 2 * 60_000, max: 60 * DAY }),
        ),
      }),
      fc.record({ kind: fc.constant('sync' as const) }),
    );
    const service = fc.constantFrom('timesyncd' as const, 'none' as const);
    fc.assert(
      fc.property(service, fc.array(step, { maxLength: 40 }), (svc, steps: Step[]) => {
        let real = KNOWN;
        let mono = 0;
        let error = 0;
        let mark = KNOWN;
        const trust = new ClockTrust({ knownTimeMs: KNOWN, monoMs: 0 });
        const signal = (): SyncSignal => (svc === 'none' ? NO_SERVICE : synced(mark));
        trust.observe({ wallMs: real, monoMs: mono, sync: signal() });
        let judgedBefore = trust.judgeMs(real, mono) ?? 0;
        for (const s of steps) {
          if (s.kind === 'pass') {
            real += s.ms;
            mono += s.ms;
          } else if (s.kind === 'fault') error = s.errorMs;
          else {
            error = 0;
            mark = real;
          }
          trust.observe({ wallMs: real + error, monoMs: mono, sync: signal() });
          const judged = trust.judgeMs(real + error, mono);
          if (judged === null) return false;
          // without a time service a forward fault cannot be told from a correction (documented)
          if (svc === 'timesyncd' && judged > real) return false;
          if (judged < judgedBefore - DEFAULT_BEHIND_TOLERANCE_MS) return false;
          judgedBefore = Math.max(judgedBefore, judged);
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });
});
