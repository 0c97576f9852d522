import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_DIR } from './static-files.js';

/** The page's input buffer (public/js/entry.js), driven with exact key times. */
interface Entry {
  tap(digit: string): void;
  type(char: string, at: number): void;
  backspace(): void;
  readonly isEmpty: boolean;
  readonly looksScanned: boolean;
  readonly display: string | null;
  take(): { code: string; source: 'keypad' | 'scanner' };
}

let newEntry: () => Entry;

beforeAll(async () => {
  const file = pathToFileURL(path.join(PUBLIC_DIR, 'js', 'entry.js')).href;
  const module = (await import(file)) as { Entry: new () => Entry };
  newEntry = () => new module.Entry();
});

/** Types `text` starting at `start` ms with `gapMs` between keys; returns the time after the last key. */
const typeAt = (entry: Entry, text: string, start: number, gapMs: number): number => {
  let at = start;
  for (const char of text) {
    entry.type(char, at);
    at += gapMs;
  }
  return at;
};

const TOKEN = '71958803331505763229681942';

describe('kiosk input: keypad or scanner', () => {
  it('a person typing a PIN on a USB keypad submits it as a keypad code and sees the digits', () => {
    const entry = newEntry();
    typeAt(entry, '1234567890', 1000, 220);
    expect(entry.display).toBe('1234567890');
    expect(entry.take()).toEqual({ code: '1234567890', source: 'keypad' });
    expect(entry.isEmpty).toBe(true);
  });

  it('a scanner typing the QR token in milliseconds submits it as scanned and the token is not shown', () => {
    const entry = newEntry();
    typeAt(entry, TOKEN, 1000, 4);
    expect(entry.looksScanned).toBe(true);
    expect(entry.display).toBeNull();
    expect(entry.take()).toEqual({ code: TOKEN, source: 'scanner' });
  });

  it('a stall in the middle of a scan (busy CPU or USB) keeps the token whole', () => {
    const entry = newEntry();
    const after = typeAt(entry, TOKEN.slice(0, 7), 1000, 5);
    typeAt(entry, TOKEN.slice(7), after + 700, 5);
    expect(entry.take()).toEqual({ code: TOKEN, source: 'scanner' });
  });

  it('digits typed by hand before a scan are not glued to the token', () => {
    const entry = newEntry();
    const after = typeAt(entry, '12', 1000, 300);
    typeAt(entry, TOKEN, after + 1500, 5);
    expect(entry.take()).toEqual({ code: TOKEN, source: 'scanner' });
  });

  it('a slow scanner (or a loaded machine) still counts as a scan once the code is longer than any PIN', () => {
    const entry = newEntry();
    typeAt(entry, TOKEN, 1000, 150);
    expect(entry.take()).toEqual({ code: TOKEN, source: 'scanner' });
  });

  it('letters can only come from a scanner', () => {
    const entry = newEntry();
    typeAt(entry, 'AB12', 1000, 200);
    expect(entry.take()).toEqual({ code: 'AB12', source: 'scanner' });
  });

  it('the on-screen pad stops at the longest PIN and backspace takes back one digit', () => {
    const entry = newEntry();
    for (const digit of '12345678901234') entry.tap(digit);
    expect(entry.display).toBe('123456789012');
    entry.backspace();
    expect(entry.take()).toEqual({ code: '12345678901', source: 'keypad' });
  });
});
