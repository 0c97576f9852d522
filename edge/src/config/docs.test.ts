import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderConfigDocs } from './docs.js';
import { ENV_OVERRIDES } from './env.js';

describe('edge/CONFIG.md', () => {
  const docs = renderConfigDocs();

  it('is up to date with the schema (regenerate: npx tsx --conditions=regiobox-source edge/src/config/write-docs.ts)', () => {
    const file = readFileSync(fileURLToPath(new URL('../../CONFIG.md', import.meta.url)), 'utf8');
    expect(file).toBe(docs);
  });

  it('documents every key with its meaning, and every environment override', () => {
    expect(docs).toContain(
      '| `compartments[].zone` | `ambient` \\| `chilled` \\| `cold` \\| `frozen` | yes |',
    );
    expect(docs).toContain('| `codes.lockout.maxDelaySeconds` | integer 10–3600 |  | `300` |');
    expect(docs).toContain('`hardware (driver: serial-board).path`');
    for (const o of ENV_OVERRIDES) expect(docs).toContain(`| \`${o.env}\` |`);
  });
});
