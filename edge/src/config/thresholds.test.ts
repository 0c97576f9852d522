import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { parseConfig } from './load.js';

const station = (extra: Record<string, unknown> = {}, chilled: Record<string, unknown> = {}) => ({
  stationId: 'test-station',
  dataDir: '/tmp/x',
  compartments: [
    { no: 1, lockChannel: 0, doorInput: 0, size: 'M', zone: 'chilled', probes: ['p1'], ...chilled },
    { no: 2, lockChannel: 1, doorInput: 1, size: 'L', zone: 'frozen' },
  ],
  probes: [{ id: 'p1', boardIndex: 0 }],
  hardware: { driver: 'serial-board', path: '/dev/ttyUSB0' },
  mqtt: { url: 'mqtt://127.0.0.1:1883' },
  ...extra,
});

const problemsOf = (raw: unknown): string[] => {
  try {
    parseConfig(raw, {});
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  throw new Error('config was accepted');
};

describe('the thresholds config key', () => {
  it('takes limits per zone and per compartment, as edge/HACCP.md promises', () => {
    const cfg = parseConfig(
      station(
        { thresholds: { chilled: { upperCelsius: 5 }, frozen: { budgetMinutes: null } } },
        {
          thresholds: { upperCelsius: 4 },
        },
      ),
      {},
    );
    expect(cfg.thresholds).toEqual({ chilled: { upperCelsius: 5 }, frozen: { budgetMinutes: null } });
    expect(cfg.compartments[0]?.thresholds).toEqual({ upperCelsius: 4 });
  });

  it('names the zone whose merged limits contradict each other', () => {
    expect(problemsOf(station({ thresholds: { chilled: { upperCelsius: 1 } } }))).toEqual([
      'thresholds.chilled: {"upperCelsius":1} is inconsistent: chilled: upper (1) and lower (0) limits must be more than twice the hysteresis (1) apart',
    ]);
  });

  it('names the compartment whose override contradicts its zone', () => {
    expect(problemsOf(station({}, { thresholds: { lowerCelsius: 6.5 } }))).toEqual([
      'compartments[0].thresholds: {"lowerCelsius":6.5} is inconsistent over the chilled zone: upper (7) and lower (6.5) limits must be more than twice the hysteresis (1) apart',
    ]);
  });

  it('refuses an unknown field and an unknown zone by their keys', () => {
    const problems = problemsOf(station({ thresholds: { chiled: { upperCelsius: 5 }, cold: { upper: 3 } } }));
    expect(problems.some((p) => p.startsWith('thresholds'))).toBe(true);
    expect(problems.join('\n')).toMatch(/upper/);
  });
});
