import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.js';
import { MAX_GUESS_PROBABILITY, warnIfGuessable } from './security-check.js';

const wall = (compartments: number, pinDigits?: number) =>
  parseConfig({
    stationId: 's',
    dataDir: '/tmp',
    compartments: Array.from({ length: compartments }, (_, i) => ({
      no: i + 1,
      lockChannel: i,
      doorInput: i,
      size: 'M',
      zone: 'ambient',
    })),
    hardware: { driver: 'simulated' },
    mqtt: { url: 'mqtt://127.0.0.1' },
    ...(pinDigits
      ? { codes: { pinDigits, loadingCodeDigits: pinDigits, retrievalCodeDigits: pinDigits } }
      : {}),
  });

const capture = () => {
  const lines: string[] = [];
  const dest = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, log: pino({ level: 'info' }, dest) };
};

describe('start-up check of the code lengths against the station size', () => {
  it('a 12-compartment wall with the defaults is within 1 in 1,000 and logs nothing', () => {
    const { lines, log } = capture();
    expect(warnIfGuessable(wall(12), log)).toBeLessThan(MAX_GUESS_PROBABILITY);
    expect(lines).toEqual([]);
  });

  it('a 48-compartment wall with 10 digits is warned about; with 11 digits it is fine', () => {
    const { lines, log } = capture();
    expect(warnIfGuessable(wall(48), log)).toBeGreaterThanOrEqual(MAX_GUESS_PROBABILITY);
    expect(lines.join('')).toContain('raise codes.*Digits');
    expect(warnIfGuessable(wall(48, 11), capture().log)).toBeLessThan(MAX_GUESS_PROBABILITY);
  });
});
