/**
 * The cron expressions the station's jobs use, in the station's local time: five fields (minute hour
 * day-of-month month day-of-week) or six with seconds first; each field `*`, `n`, `a-b`, `*\/n`,
 * `a-b/n` or a comma list of those. Written here instead of taken from node-cron, which formats
 * every candidate time through Intl.DateTimeFormat: that pulls ICU's data into memory (about 8 MB of
 * the station's RSS) for four jobs that need none of it.
 */
export class CronError extends Error {
  readonly code = 'INVALID_CRON';
  constructor(message: string) {
    super(message);
    this.name = 'CronError';
  }
}

interface Field {
  readonly min: number;
  readonly max: number;
}

const FIELDS: readonly Field[] = [
  { min: 0, max: 59 }, // second
  { min: 0, max: 59 }, // minute
  { min: 0, max: 23 }, // hour
  { min: 1, max: 31 }, // day of month
  { min: 1, max: 12 }, // month
  { min: 0, max: 7 }, // day of week, 0 and 7 are Sunday
];

export interface CronSchedule {
  readonly expression: string;
  /** the first matching whole second strictly after `after` */
  next(after: Date): Date;
}

const parseField = (text: string, f: Field, expression: string): ReadonlySet<number> => {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new CronError(`"${expression}": "${part}" is not a cron field`);
    const from = m[1] === '*' ? f.min : Number(m[2]);
    const to = m[1] === '*' ? f.max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? f.max : from;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (from < f.min || to > f.max || from > to || step < 1)
      throw new CronError(`"${expression}": "${part}" is outside ${f.min}-${f.max}`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
};

export const parseCron = (expression: string): CronSchedule => {
  const words = expression.trim().split(/\s+/);
  if (words.length !== 5 && words.length !== 6)
    throw new CronError(`"${expression}": a cron expression has 5 or 6 fields, this one ${words.length}`);
  const all = words.length === 5 ? ['0', ...words] : words;
  const [second, minute, hour, dom, month, dowRaw] = all.map((w, i) =>
    parseField(w, FIELDS[i] as Field, expression),
  ) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  const dow = new Set([...dowRaw].map((d) => d % 7));
  // as in every cron: when both day fields are restricted, a day matching either one counts
  const domStar = all[3] === '*';
  const dowStar = all[5] === '*';
  const dayMatches = (d: Date) =>
    domStar && dowStar
      ? true
      : domStar
        ? dow.has(d.getDay())
        : dowStar
          ? dom.has(d.getDate())
          : dom.has(d.getDate()) || dow.has(d.getDay());
  const schedule: CronSchedule = {
    expression,
    next: (after) => {
      const t = new Date(after.getTime());
      t.setMilliseconds(0);
      t.setSeconds(t.getSeconds() + 1);
      // at most eight years of candidates: every valid expression matches long before that
      for (let guard = 0; guard < 100_000; guard++) {
        if (!month.has(t.getMonth() + 1)) {
          t.setMonth(t.getMonth() + 1, 1);
          t.setHours(0, 0, 0);
        } else if (!dayMatches(t)) {
          t.setDate(t.getDate() + 1);
          t.setHours(0, 0, 0);
        } else if (!hour.has(t.getHours())) {
          t.setHours(t.getHours() + 1, 0, 0);
        } else if (!minute.has(t.getMinutes())) {
          t.setMinutes(t.getMinutes() + 1, 0);
        } else if (!second.has(t.getSeconds())) {
          t.setSeconds(t.getSeconds() + 1);
        } else return t;
      }
      throw new CronError(`"${expression}" never matches`);
    },
  };
  // an expression that never matches (31 February) is refused now, not at its first run
  schedule.next(new Date(2000, 0, 1));
  return schedule;
};
