/**
 * Plausible compartment temperatures for the dashboard's demo fleet: a day curve, sensor noise,
 * door openings that spike the air and recover within minutes, and an optional cooling fault.
 * Deterministic for a seed, so screenshots and tests see the same fleet every run.
 */

export type Random = () => number;

/** mulberry32: small, fast, good enough for test data. */
export const seededRandom = (seed: number): Random => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

const BASE: Record<string, { celsius: number; swing: number; spike: number }> = {
  ambient: { celsius: 17.5, swing: 3.2, spike: 0.8 },
  chilled: { celsius: 4.4, swing: 0.5, spike: 3.6 },
  cold: { celsius: 2.3, swing: 0.35, spike: 3 },
  frozen: { celsius: -19.6, swing: 0.6, spike: 4.5 },
};

export interface ProbeModel {
  readonly zone: string;
  /** door openings, ms since the epoch */
  readonly doorOpenings: readonly number[];
  /** from this time on the cooling fails and the air warms towards `towardsCelsius` */
  readonly fault?: { readonly from: number; readonly towardsCelsius: number; readonly minutesToHalf: number };
  /** the door stands open from this time on */
  readonly openSince?: number;
}

const HOUR = 3_600_000;

export const celsiusAt = (m: ProbeModel, t: number, random: Random): number => {
  const base = BASE[m.zone] ?? BASE.chilled;
  if (!base) throw new Error(`no thermal base for ${m.zone}`);
  const hourOfDay = (t / HOUR) % 24;
  let c = base.celsius + base.swing * Math.sin(((hourOfDay - 9) / 24) * 2 * Math.PI);
  for (const opened of m.doorOpenings) {
    const minutes = (t - opened) / 60_000;
    if (minutes >= 0 && minutes < 40) c += base.spike * Math.exp(-minutes / 5);
  }
  if (m.fault && t >= m.fault.from) {
    const minutes = (t - m.fault.from) / 60_000;
    c += (m.fault.towardsCelsius - c) * (1 - 0.5 ** (minutes / m.fault.minutesToHalf));
  }
  if (m.openSince !== undefined && t >= m.openSince) {
    c += Math.min(5, ((t - m.openSince) / 60_000) * 0.6);
  }
  return Math.round((c + (random() - 0.5) * 0.3) * 10) / 10;
};

/** Door openings for loading and pickups: a few a day, in opening hours (07:00–20:00 UTC). */
export const doorOpenings = (from: number, to: number, perDay: number, random: Random): number[] => {
  const out: number[] = [];
  const days = Math.ceil((to - from) / (24 * HOUR)) + 1;
  const firstMidnight = Math.floor(from / (24 * HOUR)) * 24 * HOUR;
  for (let d = 0; d < days; d++) {
    for (let i = 0; i < perDay; i++) {
      const t = firstMidnight + d * 24 * HOUR + (7 + random() * 13) * HOUR;
      if (t >= from && t <= to) out.push(t);
    }
  }
  return out.sort((a, b) => a - b);
};
