import { describe, expect, it } from 'vitest';
import { ReplyMatcher } from './reply-matcher.js';

describe('ReplyMatcher', () => {
  it('hands a reply to the waiter with the same key only', async () => {
    const matcher = new ReplyMatcher<string>();
    const first = matcher.waitFor(1, 5_000, () => new Error('timeout'));
    const second = matcher.waitFor(2, 5_000, () => new Error('timeout'));
    expect(matcher.resolve(2, 'two')).toBe(true);
    expect(matcher.resolve(1, 'one')).toBe(true);
    await expect(first).resolves.toBe('one');
    await expect(second).resolves.toBe('two');
    expect(matcher.size).toBe(0);
  });

  it('reports a reply nobody waits for', () => {
    const matcher = new ReplyMatcher<string>();
    expect(matcher.resolve(7, 'late')).toBe(false);
  });

  it('rejects a waiter after its deadline and forgets it', async () => {
    const matcher = new ReplyMatcher<string>();
    const waiting = matcher.waitFor(3, 10, () => new Error('no reply to 3'));
    await expect(waiting).rejects.toThrow('no reply to 3');
    expect(matcher.has(3)).toBe(false);
    expect(matcher.resolve(3, 'too late')).toBe(false);
  });

  it('rejects every waiter at once', async () => {
    const matcher = new ReplyMatcher<string>();
    const waits = [1, 2, 3].map((key) => matcher.waitFor(key, 5_000, () => new Error('timeout')));
    matcher.rejectAll(new Error('closed'));
    for (const wait of waits) await expect(wait).rejects.toThrow('closed');
    expect(matcher.size).toBe(0);
  });

  it('refuses two waiters for one key', () => {
    const matcher = new ReplyMatcher<string>();
    void matcher.waitFor(1, 5_000, () => new Error('timeout')).catch(() => {});
    expect(() => matcher.waitFor(1, 5_000, () => new Error('timeout'))).toThrow('already waiting');
    matcher.rejectAll(new Error('done'));
  });
});
