/**
 * NMEA 0183 sentences for a route, as a GPS receiver on a van would send them: one GGA (position,
 * fix quality) and one RMC (position, speed, course, date) per epoch. gpsfake replays such a log
 * into a real gpsd, which turns them into the TPV reports the station reads.
 */

export interface Point {
  readonly lat: number;
  readonly lon: number;
}

export type TrackLeg =
  /** the van stands still at a point */
  | { readonly kind: 'dwell'; readonly at: Point; readonly epochs: number }
  /** the van drives in a straight line; the last epoch is at `to` */
  | { readonly kind: 'drive'; readonly from: Point; readonly to: Point; readonly epochs: number };

/** XOR of the characters between `$` and `*`, two upper-case hex digits. */
export const nmeaChecksum = (body: string): string => {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum ^= body.charCodeAt(i);
  return sum.toString(16).toUpperCase().padStart(2, '0');
};

const sentence = (body: string): string => `$${body}*${nmeaChecksum(body)}`;

/** ddmm.mmmm,N / dddmm.mmmm,E */
const angle = (deg: number, degDigits: number, pos: string, neg: string): string => {
  const abs = Math.abs(deg);
  const d = Math.floor(abs);
  const minutes = (abs - d) * 60;
  return `${String(d).padStart(degDigits, '0')}${minutes.toFixed(4).padStart(7, '0')},${deg >= 0 ? pos : neg}`;
};

const hhmmss = (t: Date): string =>
  `${String(t.getUTCHours()).padStart(2, '0')}${String(t.getUTCMinutes()).padStart(2, '0')}${String(t.getUTCSeconds()).padStart(2, '0')}.00`;
const ddmmyy = (t: Date): string =>
  `${String(t.getUTCDate()).padStart(2, '0')}${String(t.getUTCMonth() + 1).padStart(2, '0')}${String(t.getUTCFullYear() % 100).padStart(2, '0')}`;

/** GGA: fix quality 1 (GPS), 8 satellites, HDOP 0.9, 60 m above the sea (the Spreewald is flat). */
export const gga = (p: Point, t: Date): string =>
  sentence(
    `GPGGA,${hhmmss(t)},${angle(p.lat, 2, 'N', 'S')},${angle(p.lon, 3, 'E', 'W')},1,08,0.9,60.0,M,44.0,M,,`,
  );

/** RMC: status A (valid), speed in knots, course over ground. */
export const rmc = (p: Point, t: Date, knots: number, course: number): string =>
  sentence(
    `GPRMC,${hhmmss(t)},A,${angle(p.lat, 2, 'N', 'S')},${angle(p.lon, 3, 'E', 'W')},${knots.toFixed(1)},${course.toFixed(1)},${ddmmyy(t)},,,A`,
  );

const METRES_PER_DEG_LAT = 111_320;

const bearing = (a: Point, b: Point): number => {
  const y = (b.lon - a.lon) * Math.cos((a.lat * Math.PI) / 180);
  const deg = (Math.atan2(y, b.lat - a.lat) * 180) / Math.PI;
  return (deg + 360) % 360;
};

const metres = (a: Point, b: Point): number => {
  const dy = (b.lat - a.lat) * METRES_PER_DEG_LAT;
  const dx = (b.lon - a.lon) * METRES_PER_DEG_LAT * Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot(dx, dy);
};

/** The log's lines (CRLF-free; gpsfake accepts LF), one GGA and one RMC per epoch of `epochMs`. */
export const nmeaTrack = (legs: readonly TrackLeg[], start: Date, epochMs = 1_000): string[] => {
  const lines: string[] = [];
  let epoch = 0;
  const emit = (p: Point, knots: number, course: number) => {
    const t = new Date(start.getTime() + epoch * epochMs);
    lines.push(gga(p, t), rmc(p, t, knots, course));
    epoch++;
  };
  for (const leg of legs) {
    if (leg.kind === 'dwell') {
      for (let i = 0; i < leg.epochs; i++) emit(leg.at, 0, 0);
      continue;
    }
    const course = bearing(leg.from, leg.to);
    const knots = metres(leg.from, leg.to) / ((leg.epochs * epochMs) / 1000) / 0.514444;
    for (let i = 1; i <= leg.epochs; i++) {
      const f = i / leg.epochs;
      emit(
        {
          lat: leg.from.lat + (leg.to.lat - leg.from.lat) * f,
          lon: leg.from.lon + (leg.to.lon - leg.from.lon) * f,
        },
        knots,
        course,
      );
    }
  }
  return lines;
};

/** A tour's track: a dwell at each stop, straight drives between them. */
export const tourTrack = (
  stops: readonly Point[],
  o: {
    readonly dwellEpochs: number | readonly number[];
    readonly driveEpochs: number;
    readonly start: Date;
    readonly epochMs?: number;
  },
): string[] => {
  const legs: TrackLeg[] = [];
  stops.forEach((at, i) => {
    const prev = stops[i - 1];
    if (prev) legs.push({ kind: 'drive', from: prev, to: at, epochs: o.driveEpochs });
    const dwell = typeof o.dwellEpochs === 'number' ? o.dwellEpochs : (o.dwellEpochs[i] ?? 1);
    legs.push({ kind: 'dwell', at, epochs: dwell });
  });
  return nmeaTrack(legs, o.start, o.epochMs);
};
