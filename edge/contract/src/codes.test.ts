import { describe, expect, it } from 'vitest';
import { CODE_FORMATS, exampleCode, isIssuedCode, QR_TOKEN_MIN_DIGITS } from './codes.js';
import { eventExamples, replyExamples } from './examples.js';

describe('the codes of the contract', () => {
  it('the examples show codes of the default lengths: a 10-digit PIN, a 24-digit QR token, 10-digit loading codes', () => {
    const issued = eventExamples.codesIssued?.event;
    if (issued?.type !== 'codes.issued') throw new Error('no codes.issued example');
    expect(issued.pickupPin).toMatch(/^\d{10}$/);
    expect(issued.qrToken).toMatch(/^\d{24}$/);
    expect(issued.loadingCodes.map((c) => c.code)).toEqual([expect.stringMatching(/^\d{10}$/)]);
    const reply = replyExamples.reserved;
    expect(reply?.ok && reply.result).toMatchObject({
      pickupPin: issued.pickupPin,
      qrToken: issued.qrToken,
      parcels: [{ loadingCode: issued.loadingCodes[0]?.code }],
    });
  });

  it('example codes are digits of each kind’s default length, within its bounds', () => {
    for (const kind of Object.keys(CODE_FORMATS) as (keyof typeof CODE_FORMATS)[]) {
      const { min, max, default: digits } = CODE_FORMATS[kind];
      expect(min <= digits && digits <= max).toBe(true);
      expect(isIssuedCode(kind, exampleCode(kind, 1))).toBe(true);
    }
    expect(10 ** QR_TOKEN_MIN_DIGITS).toBeGreaterThan(2 ** 64);
  });

  it('tells a code of another length or with other characters apart', () => {
    expect(isIssuedCode('pickupPin', '48291735')).toBe(false);
    expect(isIssuedCode('qrToken', 'rbx1.Zk3q9T0m')).toBe(false);
    expect(isIssuedCode('loadingCode', '60417')).toBe(false);
    expect(isIssuedCode('pickupPin', '48291735', 8)).toBe(true);
  });
});
