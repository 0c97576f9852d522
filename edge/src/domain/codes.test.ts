import { describe, expect, it } from 'vitest';
import {
  findByMac,
  generateDigits,
  isQrToken,
  issueUniqueCode,
  macCode,
  normaliseCode,
  QR_TOKEN_MIN_DIGITS,
} from './codes.js';
import type { DomainError } from './errors.js';
import { randomInt } from './random.js';
import { scriptedRandom, seededRandom } from './test-random.js';

const key = Buffer.alloc(32, 7);

describe('code generation', () => {
  it('draws the configured number of digits, leading zeros included', () => {
    const random = seededRandom('digits');
    const codes = Array.from({ length: 200 }, () => generateDigits(random, 10));
    for (const c of codes) expect(c).toMatch(/^\d{10}$/);
    expect(codes.some((c) => c.startsWith('0'))).toBe(true);
    expect(new Set(codes).size).toBe(200);
  });

  it('digits are uniform: no modulo bias from byte draws', () => {
    const random = seededRandom('uniform');
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i++) counts[randomInt(random, 10)]! += 1;
    for (const n of counts) expect(Math.abs(n - 2000)).toBeLessThan(200);
  });

  it('rejection sampling skips draws above the unbiased limit', () => {
    // 0xffffffff is above the largest multiple of 10 below 2^32, so it is drawn again.
    const random = scriptedRandom([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 7]);
    expect(randomInt(random, 10)).toBe(7);
  });

  it('a QR token has more than 64 bits and is told apart from a typed code by its length', () => {
    expect(10 ** QR_TOKEN_MIN_DIGITS).toBeGreaterThan(2 ** 64);
    expect(isQrToken(generateDigits(seededRandom('qr'), 24))).toBe(true);
    expect(isQrToken('0123456789')).toBe(false);
  });
});

describe('MACs', () => {
  it('the same code under another station key has another MAC', () => {
    expect(macCode(key, '1234567890').equals(macCode(Buffer.alloc(32, 8), '1234567890'))).toBe(false);
    expect(macCode(key, '1234567890').equals(macCode(key, '1234567890'))).toBe(true);
  });

  it('the MAC reveals nothing of the code in clear', () => {
    const mac = macCode(key, '4711081500');
    expect(mac.toString('hex')).not.toContain('4711081500');
    expect(mac.length).toBe(32);
  });

  it('finds the candidate with the matching MAC and nothing else', () => {
    const rows = ['1111111111', '2222222222', '3333333333'].map((c, i) => ({ id: i, mac: macCode(key, c) }));
    expect(findByMac(macCode(key, '2222222222'), rows)?.id).toBe(1);
    expect(findByMac(macCode(key, '2222222223'), rows)).toBeNull();
    expect(findByMac(macCode(key, '2222222222'), [])).toBeNull();
  });
});

describe('typed input', () => {
  it('ignores grouping spaces and dashes', () => {
    expect(normaliseCode(' 4821-7730 15 ')).toBe('4821773015');
  });

  it('refuses anything that is not digits', () => {
    expect(normaliseCode('12ab')).toBeNull();
    expect(normaliseCode('')).toBeNull();
    expect(normaliseCode('9'.repeat(65))).toBeNull();
  });
});

describe('uniqueness among active codes', () => {
  it('draws again when the first draw collides with an active code', () => {
    const random = seededRandom('collide');
    const first = generateDigits(seededRandom('collide'), 8);
    const issued = issueUniqueCode(random, key, 8, [{ mac: macCode(key, first) }]);
    expect(issued.code).not.toBe(first);
    expect(issued.mac.equals(macCode(key, issued.code))).toBe(true);
  });

  it('gives up with CODE_SPACE_EXHAUSTED instead of looping for ever', () => {
    const random = scriptedRandom([0, 0, 0, 1]); // always the same digits
    const code = generateDigits(scriptedRandom([0, 0, 0, 1]), 6);
    try {
      issueUniqueCode(random, key, 6, [{ mac: macCode(key, code) }]);
      expect.unreachable();
    } catch (err) {
      expect((err as DomainError).code).toBe('CODE_SPACE_EXHAUSTED');
    }
  });
});
