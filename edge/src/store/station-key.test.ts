import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateStationKey } from './station-key.js';

describe('station key file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'regiobox-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is created at first start with mode 0600 and read back unchanged afterwards', () => {
    const file = join(dir, 'station.key');
    const first = loadOrCreateStationKey(file);
    expect(first).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateStationKey(file).equals(first)).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a key file that others can read', () => {
    const file = join(dir, 'station.key');
    loadOrCreateStationKey(file);
    chmodSync(file, 0o644);
    expect(() => loadOrCreateStationKey(file)).toThrow(/readable by others.*chmod 600/);
  });

  it('refuses a damaged key file instead of silently making a new key', () => {
    const file = join(dir, 'station.key');
    writeFileSync(file, 'not a key', { mode: 0o600 });
    expect(() => loadOrCreateStationKey(file)).toThrow(/not 64 hex digits/);
  });

  it('says so when the data directory does not exist', () => {
    expect(() => loadOrCreateStationKey(join(dir, 'missing', 'station.key'))).toThrow(
      /cannot create station key.*ENOENT/,
    );
  });
});
