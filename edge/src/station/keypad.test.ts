import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReserveResult } from './api.js';
import { producerLoads } from './testing/actors.js';
import { StationFixture } from './testing/station-fixture.js';

const wrong = '0000000000';

describe('wrong codes and the keypad back-off', () => {
  let f: StationFixture;
  let r: ReserveResult;
  beforeEach(async () => {
    f = new StationFixture();
    await f.start();
    r = await f.station.reserve({
      orderId: 'O-1',
      parcels: [{ parcelId: 'milk', producer: 'Hof Krüger', zone: 'chilled', size: 'S' }],
    });
    await producerLoads(f, r.parcels[0]?.loadingCode ?? '');
  });
  afterEach(() => f.close());

  it('says how many tries are left, then how long to wait', async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await f.station.submitCode(wrong, 'keypad'));
    expect(answers.slice(0, 4).map((a) => !a.ok && a.triesLeft)).toEqual([4, 3, 2, 1]);
    expect(answers[0]).toMatchObject({
      ok: false,
      reason: 'WRONG_CODE',
      message: 'Wrong code. 4 tries left.',
    });
    expect(answers[4]).toMatchObject({
      ok: false,
      reason: 'WRONG_CODE',
      retryAfterMs: 5000,
      message: 'Wrong code. Please wait 5 s before the next try.',
    });
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({
      ok: false,
      reason: 'LOCKED_OUT',
      retryAfterMs: 5000,
    });
  });

  it('backs off exponentially, capped at five minutes, and reports each lock as an event', async () => {
    const locks: number[] = [];
    for (let i = 0; i < 12; i++) {
      const a = await f.station.submitCode(wrong, 'keypad');
      if (!a.ok && a.retryAfterMs) {
        locks.push(a.retryAfterMs / 1000);
        f.clock.advance(a.retryAfterMs);
      }
    }
    expect(locks).toEqual([5, 10, 20, 40, 80, 160, 300, 300]);
    expect(f.eventsOf('code.rejected').map((e) => e.lockedForMs / 1000)).toEqual(locks);
    expect(f.notices.filter((n) => n.type === 'code_rejected')).toHaveLength(12);
  });

  it('while the keypad is locked a customer with the QR code still gets in', async () => {
    for (let i = 0; i < 8; i++) await f.station.submitCode(wrong, 'keypad');
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({ reason: 'LOCKED_OUT' });
    expect(await f.station.submitCode(r.qrToken, 'scanner')).toMatchObject({
      ok: true,
      compartments: [{ no: 4 }],
    });
  });

  it('wrong QR tokens never lock the keypad (they have their own throttle, qr-throttle.test.ts)', async () => {
    for (let i = 0; i < 20; i++)
      expect(await f.station.submitCode('9'.repeat(24), 'scanner')).toMatchObject({
        ok: false,
        reason: i < 5 ? 'WRONG_CODE' : 'LOCKED_OUT',
      });
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({ ok: true });
  });

  it('claiming to be the scanner does not get a short code around the back-off', async () => {
    for (let i = 0; i < 6; i++) await f.station.submitCode(wrong, 'scanner');
    expect(await f.station.submitCode(r.pickupPin, 'scanner')).toMatchObject({ reason: 'LOCKED_OUT' });
  });

  it('the back-off survives a restart: pulling the plug does not reset it', async () => {
    for (let i = 0; i < 5; i++) await f.station.submitCode(wrong, 'keypad');
    f.clock.advance(5000);
    expect(await f.station.submitCode(wrong, 'keypad')).toMatchObject({ retryAfterMs: 10_000 });
    await f.station.stop();
    f.crash();
    f.clock.advance(3000);
    await f.restart();
    const a = await f.station.submitCode(r.pickupPin, 'keypad');
    expect(a).toMatchObject({ ok: false, reason: 'LOCKED_OUT' });
    expect(!a.ok && a.retryAfterMs).toBe(7000);
  });

  it('spaces and dashes typed for grouping do not matter; letters are refused without counting', async () => {
    expect(await f.station.submitCode('abc', 'keypad')).toMatchObject({ ok: false, reason: 'WRONG_CODE' });
    const grouped = `${r.pickupPin.slice(0, 4)} ${r.pickupPin.slice(4, 7)}-${r.pickupPin.slice(7)}`;
    expect(await f.station.submitCode(grouped, 'keypad')).toMatchObject({ ok: true });
  });

  it('an expired code is refused as expired and counts as a wrong try', async () => {
    f.clock.advance(49 * 3_600_000);
    const a = await f.station.submitCode(r.pickupPin, 'keypad');
    expect(a).toMatchObject({ ok: false, reason: 'EXPIRED', triesLeft: 4 });
  });
});
