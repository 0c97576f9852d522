import { describe, expect, it } from 'vitest';
import { supersedes } from './session.js';

describe('the status session rule', () => {
  it('lets a newer session override anything older', () => {
    expect(supersedes({ state: 'online', session: 5 }, { state: 'offline', session: 4 })).toBe(true);
    expect(supersedes({ state: 'offline', session: 5 }, { state: 'online', session: 4 })).toBe(true);
  });

  it('ignores the late will of an older session', () => {
    expect(supersedes({ state: 'offline', session: 3 }, { state: 'online', session: 4 })).toBe(false);
  });

  it('accepts the will of the current session but never a repeated birth after it', () => {
    expect(supersedes({ state: 'offline', session: 4 }, { state: 'online', session: 4 })).toBe(true);
    expect(supersedes({ state: 'online', session: 4 }, { state: 'offline', session: 4 })).toBe(false);
  });
});
