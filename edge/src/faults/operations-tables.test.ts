import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The body rows of the first table at or after a marker, as cells. */
const tableAfter = (file: string, marker: string): string[][] => {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const lines = text.slice(text.indexOf(marker)).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
  return lines.slice(start + 2, end).map((r) =>
    r
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim()),
  );
};

/** `faults/x` (and, in OPERATIONS.md, a bare `x`) is edge/src/faults/x.system.test.ts; else a path. */
const testFile = (name: string): string =>
  name.endsWith('.test.ts') ? name : `edge/src/faults/${name.replace(/^faults\//, '')}.system.test.ts`;

const namedTests = (cell: string, bareNames: boolean): string[] =>
  [...cell.matchAll(/`([^`\s]+)`/g)]
    .map((m) => m[1] ?? '')
    .filter(
      (n) => n.startsWith('faults/') || n.endsWith('.test.ts') || (bareNames && /^[a-z]+(-[a-z]+)*$/.test(n)),
    );

describe('the operations tables say which test checks each fault', () => {
  it('every fault row of the README names tests that exist', () => {
    const rows = tableAfter('README.md', '## Operations: faults and what the station does');
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const row of rows) {
      expect(row, row[0]).toHaveLength(4);
      const tests = namedTests(row[3] ?? '', false);
      expect(tests.length, row[0]).toBeGreaterThan(0);
      for (const t of tests) expect(existsSync(join(ROOT, testFile(t))), `${row[0]}: ${t}`).toBe(true);
    }
  });

  it('every row of edge/OPERATIONS.md names tests that exist', () => {
    const rows = tableAfter('edge/OPERATIONS.md', '| fault |');
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const row of rows) {
      const tests = namedTests(row.at(-1) ?? '', true);
      expect(tests.length, row[0]).toBeGreaterThan(0);
      for (const t of tests) expect(existsSync(join(ROOT, testFile(t))), `${row[0]}: ${t}`).toBe(true);
    }
  });
});
