import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PUBLIC_DIR } from './static-files.js';

type Dictionary = Record<string, string>;

const load = async (lang: string): Promise<Dictionary> => {
  const file = path.join(PUBLIC_DIR, 'js', 'lang', `${lang}.js`);
  const module = (await import(pathToFileURL(file).href)) as Record<string, Dictionary>;
  const dict = module[lang];
  if (!dict) throw new Error(`${file} exports no ${lang}`);
  return dict;
};

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

/** Keys the page's scripts pass to t(), t.plural() and t.list() as literals. */
const keysUsedByThePage = (): string[] => {
  const dir = path.join(PUBLIC_DIR, 'js');
  const used = new Set<string>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    const source = readFileSync(path.join(dir, name), 'utf8');
    for (const m of source.matchAll(/\bt\('(\w+)'/g)) used.add(m[1] ?? '');
    for (const m of source.matchAll(/\bt\.(?:plural|list)\('(\w+)'/g)) {
      used.add(`${m[1]}_one`);
      used.add(`${m[1]}_other`);
    }
    // keys kept in tables (per purpose, per refusal, per notice) are written as  key: 'someKey'
    for (const m of source.matchAll(
      /:\s*'((?:hint|outOfOrder|expired|nothing|error|unlock|goods|resting)\w*)'/g,
    ))
      used.add(m[1] ?? '');
  }
  return [...used].sort();
};

describe('kiosk dictionaries', () => {
  it('German and English have the same keys, so switching never shows a bare key', async () => {
    const [de, en] = await Promise.all([load('de'), load('en')]);
    expect(Object.keys(en).sort()).toEqual(Object.keys(de).sort());
  });

  it('every translation keeps the placeholders of the German text and is not empty', async () => {
    const [de, en] = await Promise.all([load('de'), load('en')]);
    for (const [key, german] of Object.entries(de)) {
      expect(german.trim(), key).not.toBe('');
      expect(placeholders(en[key] ?? ''), key).toEqual(placeholders(german));
    }
  });

  it('every key the page asks for exists', async () => {
    const de = await load('de');
    const used = keysUsedByThePage();
    expect(used.length).toBeGreaterThan(40);
    expect(used.filter((key) => !(key in de))).toEqual([]);
  });
});
