import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { Operators } from './operators.js';
import { SessionTokens } from './session.js';
import { testHash } from './testing/dashboard-server.js';

describe('session tokens', () => {
  let anna: { name: string; passwordHash: string };
  let jonas: { name: string; passwordHash: string };
  const secret = 'x'.repeat(40);

  beforeAll(async () => {
    anna = { name: 'anna', passwordHash: await testHash('anna-password-1') };
    jonas = { name: 'jonas', passwordHash: await testHash('jonas-password-1') };
  });

  const tokens = (clock: ManualClock, operators = [anna, jonas], key = secret) =>
    new SessionTokens({ operators: new Operators(operators), clock, lifetimeMs: 3_600_000, secret: key });

  it('names the operator it was issued for, until it expires', () => {
    const clock = new ManualClock();
    const t = tokens(clock);
    const { token, session } = t.issue('anna');
    expect(t.verify(token)).toEqual(session);
    expect(session.expiresAt.toISOString()).toBe('2026-01-01T09:00:00.000Z');
    clock.advance(3_600_000 - 1);
    expect(t.verify(token)?.operator).toBe('anna');
    clock.advance(1);
    expect(t.verify(token)).toBeUndefined();
  });

  it('outlives a restart of the bridge with the same sessionSecret, and so does a session logged out before it (revocations live in the process)', () => {
    const clock = new ManualClock();
    const before = tokens(clock);
    const kept = before.issue('anna');
    const loggedOut = before.issue('jonas');
    before.revoke(loggedOut.session);
    expect(before.verify(loggedOut.token)).toBeUndefined();
    const after = tokens(clock);
    expect(after.verify(kept.token)?.operator).toBe('anna');
    expect(after.verify(loggedOut.token)?.operator).toBe('jonas');
    const withoutSecret = (key: string) =>
      new SessionTokens({ operators: new Operators([anna]), clock, lifetimeMs: 3_600_000, secret: key });
    expect(withoutSecret('z'.repeat(40)).verify(kept.token)).toBeUndefined();
  });

  it('is worthless when any part is changed, or checked with another secret', () => {
    const clock = new ManualClock();
    const { token } = tokens(clock).issue('jonas');
    const [v, payload, mac] = token.split('.');
    const asAnna = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), o: 'anna' }),
    ).toString('base64url');
    const t = tokens(clock);
    expect(t.verify(`${v}.${asAnna}.${mac}`)).toBeUndefined();
    expect(t.verify(`${v}.${payload}.${mac?.slice(0, -2)}AA`)).toBeUndefined();
    expect(t.verify(`${token}.extra`)).toBeUndefined();
    expect(t.verify('')).toBeUndefined();
    expect(tokens(clock, [anna, jonas], 'y'.repeat(40)).verify(token)).toBeUndefined();
  });

  it('ends when revoked, when the operator is removed, and when the password changed', async () => {
    const clock = new ManualClock();
    const t = tokens(clock);
    const first = t.issue('anna');
    t.revoke(first.session);
    expect(t.verify(first.token)).toBeUndefined();
    expect(t.verify(t.issue('anna').token)?.operator).toBe('anna');

    const { token } = t.issue('jonas');
    expect(tokens(clock, [anna]).verify(token)).toBeUndefined();
    const newPassword = { name: 'jonas', passwordHash: await testHash('jonas-password-2') };
    expect(tokens(clock, [anna, newPassword]).verify(token)).toBeUndefined();
  });

  it('checks passwords against the configured hashes only', async () => {
    const operators = new Operators([anna, jonas]);
    expect(await operators.verify('anna', 'anna-password-1')).toBe('anna');
    expect(await operators.verify('anna', 'jonas-password-1')).toBeUndefined();
    expect(await operators.verify('nobody', 'anna-password-1')).toBeUndefined();
  });
});
