import { parseArgs } from 'node:util';

/** Command-line flags shared by every benchmark; each benchmark reads the ones it knows. */
export interface BenchArgs {
  /** longer runs (footprint: 10 minutes; others: more samples) */
  readonly long: boolean;
  /** shorter runs for a smoke test of the benchmark itself */
  readonly quick: boolean;
  /** the largest runs (bridge ingest up to 20,000 stations); also REGIOBOX_BENCH_FULL=1 */
  readonly full: boolean;
  /** a comma-separated choice among a benchmark's variants (bridge ingest: its setups) */
  readonly setups: readonly string[] | undefined;
  /** seconds, overriding a benchmark's measuring window */
  readonly seconds: number | undefined;
  /** a count overriding a benchmark's sample size (unlocks, round trips, events, stations) */
  readonly count: number | undefined;
  /** skip `npm run build` in the footprint benchmark */
  readonly noBuild: boolean;
  /** footprint: 'bundle' (the systemd unit's ExecStart=, the default) or 'dist' (tsc's output) */
  readonly runtime: 'bundle' | 'dist';
  /** footprint: the bundle without the unit's Node flags and environment */
  readonly plain: boolean;
  /** extra Node/V8 flags for a station process (before its script, so any V8 flag works), e.g. "--max-semi-space-size=1" */
  readonly nodeOptions: string | undefined;
}

export const parseBenchArgs = (argv: readonly string[] = process.argv.slice(2)): BenchArgs => {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      long: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      setups: { type: 'string' },
      seconds: { type: 'string' },
      count: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      'node-options': { type: 'string' },
      runtime: { type: 'string', default: 'bundle' },
      plain: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const num = (v: string | undefined, name: string): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new RangeError(`--${name} must be a positive number, got ${v}`);
    return n;
  };
  return {
    long: values.long === true,
    quick: values.quick === true,
    full: values.full === true || process.env.REGIOBOX_BENCH_FULL === '1',
    setups: values.setups?.split(',').filter((x) => x.length > 0),
    seconds: num(values.seconds, 'seconds'),
    count: num(values.count, 'count'),
    noBuild: values['no-build'] === true,
    nodeOptions: values['node-options'],
    runtime: values.runtime === 'dist' ? 'dist' : 'bundle',
    plain: values.plain === true,
  };
};
