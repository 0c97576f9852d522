/**
 * Command lines for, and output of, the libgpiod v2 tools (`gpioset`, `gpioget`, `gpiomon`,
 * `gpioinfo` as shipped with libgpiod 2.x, e.g. Debian trixie). Pure functions, so the syntax is
 * checked by unit tests against the tools' documented formats. Debian bookworm ships libgpiod 1.6,
 * whose tools take `<chip> <offset>=<value>`, `--mode=time --sec/--usec` and find names with
 * `gpiofind`; this backend recognises them by their version and refuses them with an explanation.
 */

/** A line the tools can address: always by chip and offset, once a name has been looked up. */
export interface LineSpec {
  readonly chip: string;
  readonly offset: number;
  readonly activeLow: boolean;
  readonly consumer: string;
}

function common(line: LineSpec): string[] {
  return ['--chip', line.chip, '--consumer', line.consumer, ...(line.activeLow ? ['--active-low'] : [])];
}

/**
 * Drives the line active, prints a banner once the kernel granted it, and after `holdMs` drives it
 * inactive and exits: the tool itself ends the pulse even if this process dies meanwhile.
 */
export function boundedActiveArgs(line: LineSpec, holdMs: number): string[] {
  return [
    ...common(line),
    '--banner',
    '--toggle',
    `${Math.max(1, Math.round(holdMs))}ms,0`,
    `${line.offset}=1`,
  ];
}

/** Drives the line inactive and exits at once (`--toggle 0`: no toggling, no waiting). */
export function setInactiveArgs(line: LineSpec): string[] {
  return [...common(line), '--toggle', '0', `${line.offset}=0`];
}

export function getArgs(line: LineSpec): string[] {
  return [...common(line), String(line.offset)];
}

/** Edges on both flanks, one per output line as `<offset> <rising|falling>`; banner first. */
export function monitorArgs(line: LineSpec): string[] {
  return [...common(line), '--banner', '--edges', 'both', '--format', '%o %E', String(line.offset)];
}

/** `gpioget` prints `"17"=active` (or `1` with --numeric); returns the logical value. */
export function parseGetOutput(stdout: string): boolean {
  const text = stdout.trim();
  const named = text.match(/=(active|inactive)$/);
  if (named !== null) return named[1] === 'active';
  if (text === '1' || text === '0') return text === '1';
  throw new Error(`unexpected gpioget output: ${JSON.stringify(text.slice(0, 80))}`);
}

export type MonitorLine =
  | { readonly kind: 'banner' }
  | { readonly kind: 'edge'; readonly offset: number; readonly active: boolean }
  | { readonly kind: 'other'; readonly text: string };

/**
 * One line of `gpiomon --format '%o %E'` output. With --active-low the tool flips the edges, so
 * "rising" always means "became active".
 */
export function parseMonitorLine(text: string): MonitorLine {
  if (text.startsWith('Monitoring line')) return { kind: 'banner' };
  const edge = text.trim().match(/^(\d+) (rising|falling)$/);
  if (edge === null || edge[1] === undefined) return { kind: 'other', text };
  return { kind: 'edge', offset: Number.parseInt(edge[1], 10), active: edge[2] === 'rising' };
}

/**
 * The libgpiod major version from `gpioset --version`: `gpioset (libgpiod) v1.6.3` on Debian
 * bookworm, `gpioset (libgpiod) v2.1.3`, or `gpioset v2.3.2 (libgpiod v2.2.1)` in later releases.
 */
export function parseToolMajorVersion(stdout: string): number | null {
  const match = stdout.match(/libgpiod\)? v(\d+)\./) ?? stdout.match(/\bv(\d+)\.\d+/);
  return match?.[1] === undefined ? null : Number.parseInt(match[1], 10);
}

/**
 * Looks a line up by name: `gpioinfo` prints one `<chip> <offset>\t"<name>"\t<attributes>` row per
 * match. `--strict` makes it search every chip instead of stopping at the first match, so a name
 * that two chips share is noticed instead of silently taking one of them.
 */
export function findLineArgs(name: string, chip?: string): string[] {
  return [...(chip === undefined ? [] : ['--chip', chip]), '--by-name', '--strict', name];
}

export function parseFindOutput(stdout: string): Array<{ chip: string; offset: number }> {
  return stdout.split('\n').flatMap((row) => {
    const match = row.match(/^(\S+) (\d+)\t/);
    return match?.[1] === undefined || match[2] === undefined
      ? []
      : [{ chip: match[1], offset: Number.parseInt(match[2], 10) }];
  });
}
