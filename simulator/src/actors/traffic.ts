import type { RandomSource } from '@regiobox/simulated-devices';

/** A range [min, max] of simulated milliseconds or of counts. */
export type Range = readonly [number, number];

/** How the people behave; all times are simulated milliseconds. */
export interface TrafficProfile {
  /** orders the marketplace places per station and simulated hour */
  readonly ordersPerHour: number;
  readonly parcelsPerOrder: Range;
  /** from the reservation to the producer's arrival */
  readonly producerDelayMs: Range;
  /** from the load to the customer's arrival */
  readonly pickupDelayMs: Range;
  /** the pickup deadline the marketplace sets, from the reservation */
  readonly pickupWindowMs: number;
  /** customers who come only after the deadline (the producer then retrieves the goods) */
  readonly lateShare: number;
  /** customers who type a wrong code first */
  readonly wrongCodeShare: number;
  /** customers who scan the QR token instead of typing the PIN */
  readonly qrShare: number;
  /** how long a door stays open while goods go in or out */
  readonly doorOpenMs: Range;
}

export const DEFAULT_TRAFFIC: TrafficProfile = {
  ordersPerHour: 4,
  parcelsPerOrder: [1, 2],
  producerDelayMs: [5 * 60_000, 40 * 60_000],
  pickupDelayMs: [10 * 60_000, 3 * 3_600_000],
  pickupWindowMs: 8 * 3_600_000,
  lateShare: 0.05,
  wrongCodeShare: 0.15,
  qrShare: 0.3,
  doorOpenMs: [15_000, 60_000],
};

/** Draws from the scenario's seeded random source. */
export class Dice {
  constructor(readonly random: RandomSource) {}

  between(range: Range): number {
    return range[0] + (range[1] - range[0]) * this.random();
  }

  int(range: Range): number {
    return Math.floor(this.between([range[0], range[1] + 1 - 1e-9]));
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.random() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** Waiting time of a Poisson process with `perHour` events per hour, in ms. */
  nextArrivalMs(perHour: number): number {
    return (-Math.log(1 - this.random()) / perHour) * 3_600_000;
  }

  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(Math.floor(this.random() * 10));
    return s;
  }
}

export const PRODUCERS = [
  'Hof Lehmann',
  'Spreewaldmolkerei Krause',
  'Fischerei am See',
  'Bäckerei Schulz',
  'Gemüsegarten Wendt',
  'Fleischerei Richter',
  'Imkerei Sommer',
];

/** How warm goods arrive from the producer's van, by zone. */
export const ARRIVAL_CELSIUS: Readonly<Record<string, Range>> = {
  ambient: [14, 22],
  chilled: [4, 9],
  cold: [1, 5],
  frozen: [-20, -14],
};
