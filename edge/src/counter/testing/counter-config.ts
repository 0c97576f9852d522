import type { StationConfigInput } from '../../config/schema.js';
import { seededRandom } from '../../domain/test-random.js';
import { hashStaffPassword } from '../staff-password.js';

/** Cheap hashes for tests (the real cost is for real passwords). */
const TEST_COST = { ln: 10, r: 8, p: 1 } as const;

export const STAFF = [
  { id: 'anna', name: 'Anna Schulz', password: 'anna-kasse-1' },
  { id: 'ben', name: 'Ben Krüger', password: 'ben-kasse-22' },
] as const;

/**
 * A farm shop's counter: a shelf, a fridge (probe `chill`) and a freezer, and two staff logins.
 * Merge it over a station config (the fixture's has the probe `chill`).
 */
export const counterConfig = async (): Promise<Partial<StationConfigInput>> => ({
  kind: 'counter',
  compartments: [],
  places: [
    { no: 1, type: 'shelf', name: { de: 'Regal 1', en: 'Shelf 1' } },
    { no: 2, type: 'fridge', name: { de: 'Kühlschrank', en: 'Fridge' }, probes: ['chill'] },
    { no: 3, type: 'freezer', name: { de: 'Tiefkühltruhe', en: 'Freezer' } },
    { no: 4, type: 'shelf', name: { de: 'Regal 2', en: 'Shelf 2' } },
  ],
  staff: await Promise.all(
    STAFF.map(async (s, i) => ({
      id: s.id,
      name: s.name,
      passwordHash: await hashStaffPassword(s.password, seededRandom(`staff-${i}`), TEST_COST),
    })),
  ),
});
