import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from './load.js';

const SCENARIOS = resolve(dirname(fileURLToPath(import.meta.url)), '../../scenarios');
const minimal = { name: 'x', duration: '1h', stations: [{ id: 'box', shape: 'cold-box' }] };

describe('scenario files', () => {
  it.each(readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml')))('%s is a valid scenario', (file) => {
    const scenario = loadScenario(join(SCENARIOS, file));
    expect(scenario.stations.length).toBeGreaterThan(0);
    for (const f of scenario.faults)
      if ('station' in f) expect(scenario.stations.map((s) => s.id)).toContain(f.station);
  });

  it('reads durations in simulated time: 90s, 15m, 1h30m, or plain seconds', () => {
    const s = parseScenario({
      ...minimal,
      duration: '1h30m',
      settle: 90,
      faults: [{ at: '15m', kind: 'bridge_restart', down: '90s' }],
    });
    expect(s.duration).toBe(5_400_000);
    expect(s.settle).toBe(90_000);
    expect(s.faults[0]).toMatchObject({ at: 900_000, down: 90_000 });
  });

  it('names the bad key and what was expected', () => {
    expect(() => parseScenario({ ...minimal, duration: 'an hour' })).toThrow(
      /duration: "an hour" is not a duration/,
    );
    expect(() => parseScenario({ ...minimal, stations: [{ id: 'box', shape: 'igloo' }] })).toThrow(
      /stations\.0\.shape/,
    );
    expect(() =>
      parseScenario({ ...minimal, faults: [{ at: '1m', kind: 'meteor', station: 'box' }] }),
    ).toThrow(/faults\.0\.kind/);
  });
});
