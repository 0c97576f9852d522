import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stageFile } from './atomic-file.js';
import { loadOrCreateStationKey, type StationKeyPolicy } from './station-key.js';

const codesActive = (n: number, replaced: string[] = []): StationKeyPolicy => ({
  activeCodes: () => n,
  onReplaced: (why) => replaced.push(why),
});

describe('station key file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'regiobox-key-'));
    file = join(dir, 'station.key');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is created at first start with mode 0600 and read back unchanged afterwards', () => {
    const first = loadOrCreateStationKey(file, codesActive(0));
    expect(first).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateStationKey(file, codesActive(3)).equals(first)).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a key file that others can read', () => {
    loadOrCreateStationKey(file, codesActive(0));
    chmodSync(file, 0o644);
    expect(() => loadOrCreateStationKey(file, codesActive(0))).toThrow(/readable by others.*chmod 600/);
  });

  it('a damaged key with active codes stops the station with what the operator does, and is left as it is', () => {
    writeFileSync(file, 'not a key', { mode: 0o600 });
    expect(() => loadOrCreateStationKey(file, codesActive(2))).toThrow(
      expect.objectContaining({
        code: 'STATION_KEY_DAMAGED',
        message: expect.stringMatching(
          /station\.key is not 64 hex digits.*2 active codes.*restore station\.key/,
        ),
      }),
    );
    expect(readFileSync(file, 'utf8')).toBe('not a key');
  });

  it('an empty key that no active code depends on is replaced by a new one, and the station is told', () => {
    writeFileSync(file, '', { mode: 0o600 });
    const replaced: string[] = [];
    const key = loadOrCreateStationKey(file, codesActive(0, replaced));
    expect(key).toHaveLength(32);
    expect(readFileSync(file, 'utf8')).toBe(key.toString('hex'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(replaced).toEqual(['station key was empty; no active code depended on it, so a new key was made']);
  });

  it('a crash while the key was being created leaves no key, and the next start makes one', () => {
    stageFile(file, 'a'.repeat(64));
    const key = loadOrCreateStationKey(file, codesActive(0));
    expect(readFileSync(file, 'utf8')).toBe(key.toString('hex'));
  });

  it('says so when the data directory does not exist', () => {
    expect(() => loadOrCreateStationKey(join(dir, 'missing', 'station.key'), codesActive(0))).toThrow(
      /cannot create station key.*ENOENT/,
    );
  });
});
