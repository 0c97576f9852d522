import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stageFile, writeFileAtomically } from './atomic-file.js';

/** A "crash" here is a write staged but never committed: the process died between fsync and rename. */
describe('a small file written atomically', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'regiobox-atomic-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a crash between write and rename leaves no file where there was none, never an empty one', () => {
    const file = join(dir, 'station.key');
    stageFile(file, 'a'.repeat(64));
    expect(readdirSync(dir)).not.toContain('station.key');
  });

  it('a crash between write and rename leaves the complete old file', () => {
    const file = join(dir, 'state.json');
    writeFileAtomically(file, '{"v":1}');
    stageFile(file, '{"v":2}');
    expect(readFileSync(file, 'utf8')).toBe('{"v":1}');
  });

  it('the next write after a crash succeeds, with the mode asked for, and leaves no temp file', () => {
    const file = join(dir, 'state.json');
    stageFile(file, 'half', 0o644);
    writeFileAtomically(file, 'whole', { mode: 0o600 });
    expect(readFileSync(file, 'utf8')).toBe('whole');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('a first-boot file is never replaced when it already exists', () => {
    const file = join(dir, 'station.key');
    writeFileAtomically(file, 'first', { replace: false });
    expect(() => writeFileAtomically(file, 'second', { replace: false })).toThrow(/EEXIST/);
    expect(readFileSync(file, 'utf8')).toBe('first');
    expect(readdirSync(dir)).toEqual(['station.key']);
  });
});
