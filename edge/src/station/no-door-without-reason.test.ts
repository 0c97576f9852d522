import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReserveResult } from './api.js';
import { StationFixture } from './testing/station-fixture.js';

type Action =
  | { kind: 'wrong'; code: string }
  | { kind: 'valid'; which: number }
  | { kind: 'pull'; no: number }
  | { kind: 'close'; no: number; goods: boolean }
  | { kind: 'force'; no: number }
  | { kind: 'wait'; seconds: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('wrong' as const), code: fc.stringMatching(/^\d{10}$/) }),
  fc.record({ kind: fc.constant('valid' as const), which: fc.nat(5) }),
  fc.record({ kind: fc.constant('pull' as const), no: fc.integer({ min: 1, max: 7 }) }),
  fc.record({ kind: fc.constant('close' as const), no: fc.integer({ min: 1, max: 7 }), goods: fc.boolean() }),
  fc.record({ kind: fc.constant('force' as const), no: fc.integer({ min: 1, max: 7 }) }),
  fc.record({ kind: fc.constant('wait' as const), seconds: fc.integer({ min: 1, max: 120 }) }),
);

const settle = async (f: StationFixture): Promise<void> => {
  await new Promise((r) => setImmediate(r));
  await f.station.settled();
};

describe('property: no sequence of events opens a door without a valid reason', () => {
  it('wrong codes never pulse a lock; every pulse is audited with the reason that asked for it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 14 }), async (actions) => {
        const f = new StationFixture();
        try {
          await f.start();
          const r: ReserveResult = await f.station.reserve({
            orderId: 'O-1',
            parcels: [
              { parcelId: 'a', producer: 'p', zone: 'ambient', size: 'S' },
              { parcelId: 'b', producer: 'q', zone: 'chilled', size: 'S' },
            ],
          });
          const valid = [r.pickupPin, r.qrToken, ...r.parcels.map((p) => p.loadingCode)];
          for (const a of actions) {
            const pulsesBefore = f.hw.pulses.length;
            if (a.kind === 'wrong' && !valid.includes(a.code)) {
              expect((await f.station.submitCode(a.code, 'keypad')).ok).toBe(false);
              expect(f.hw.pulses.length).toBe(pulsesBefore);
            } else if (a.kind === 'valid')
              await f.station.submitCode(valid[a.which % valid.length] ?? '', 'keypad');
            else if (a.kind === 'pull') f.hw.pullDoor(f.input(a.no));
            else if (a.kind === 'close') {
              f.hw.setOccupied(f.input(a.no), a.goods);
              f.hw.closeDoor(f.input(a.no));
            } else if (a.kind === 'force') f.hw.forceDoor(f.input(a.no));
            else if (a.kind === 'wait') {
              f.clock.advance(a.seconds * 1000);
              f.station.sweepUnlocks();
            }
            await settle(f);
          }
          await settle(f);
          const audited = f.db
            .prepare(
              "SELECT compartment_no AS no, reason FROM audit_log WHERE action IN ('unlock_confirmed', 'unlock_unknown') ORDER BY id",
            )
            .all() as { no: number; reason: string }[];
          expect(audited.map((x) => x.no - 1)).toEqual(f.hw.pulses.map((p) => p.channel));
          for (const x of audited) expect(['loading', 'pickup']).toContain(x.reason);
          // A parcel is only ever picked up after its PIN or token opened its door.
          const pickedUp = f.db
            .prepare("SELECT COUNT(*) AS n FROM parcels WHERE state = 'picked_up'")
            .get() as { n: number };
          expect(pickedUp.n).toBeLessThanOrEqual(audited.filter((x) => x.reason === 'pickup').length);
        } finally {
          await f.close();
        }
      }),
      { numRuns: 12 },
    );
  });
});
