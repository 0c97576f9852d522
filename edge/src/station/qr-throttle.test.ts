import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodeOutcome, ReserveResult } from './api.js';
import { producerLoads } from './testing/actors.js';
import { StationFixture } from './testing/station-fixture.js';

/** 24 digits that are nobody's token (the fixture's seeded tokens are random). */
const guess = (i: number): string => String(i).padStart(24, '7');

/**
 * SECURITY.md bounds token guessing at one try a second. A burst of 5 wrong tokens is let through
 * (a customer scanning the wrong order's code a few times), then one a second.
 */
describe('wrong QR tokens are throttled to one a second', () => {
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

  it('the 6th wrong token inside the second is refused with the lockout reply, unchecked', async () => {
    const answers: CodeOutcome[] = [];
    for (let i = 0; i < 6; i++) answers.push(await f.station.submitCode(guess(i), 'scanner'));
    expect(answers.slice(0, 5).every((a) => !a.ok && a.reason === 'WRONG_CODE')).toBe(true);
    expect(answers[5]).toMatchObject({
      ok: false,
      reason: 'LOCKED_OUT',
      retryAfterMs: 1000,
      message: 'Too many unknown QR codes. Please try again in 1 s.',
    });
    // unchecked while throttled: even the right token waits its second
    expect(await f.station.submitCode(r.qrToken, 'scanner')).toMatchObject({ reason: 'LOCKED_OUT' });
    f.clock.advance(1000);
    expect(await f.station.submitCode(r.qrToken, 'scanner')).toMatchObject({
      ok: true,
      compartments: [{ no: 4 }],
    });
  });

  it('a scanner hammered for a minute gets at most 5 + 60 tokens checked', async () => {
    let checked = 0;
    for (let i = 0; i < 600; i++) {
      const a = await f.station.submitCode(guess(i), 'scanner');
      if (!a.ok && a.reason === 'WRONG_CODE') checked++;
      f.clock.advance(100); // ten tries a second, for 60 s
    }
    expect(checked).toBeLessThanOrEqual(5 + 60);
    expect(checked).toBeGreaterThanOrEqual(60);
  });
});
