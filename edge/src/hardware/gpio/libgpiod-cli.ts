/**
 * Command lines for, and output of, the libgpiod v2 tools (`gpioset`, `gpioget`, `gpiomon` as
 * shipped with libgpiod 2.x, e.g. Debian trixie). Pure functions, so the syntax is checked by unit
 * tests against the tools' documented formats.
 */

export interface LineSpec {
  readonly chip: string;
  readonly pin: number;
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
  return [...common(line), '--banner', '--toggle', `${Math.max(1, Math.round(holdMs))}ms,0`, `${line.pin}=1`];
}

/** Drives the line inactive and exits at once (`--toggle 0`: no toggling, no waiting). */
export function setInactiveArgs(line: LineSpec): string[] {
  return [...common(line), '--toggle', '0', `${line.pin}=0`];
}

export function getArgs(line: LineSpec): string[] {
  return [...common(line), String(line.pin)];
}

/** Edges on both flanks, one per output line as `<offset> <rising|falling>`; banner first. */
export function monitorArgs(line: LineSpec): string[] {
  return [...common(line), '--banner', '--edges', 'both', '--format', '%o %E', String(line.pin)];
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
  | { readonly kind: 'edge'; readonly pin: number; readonly active: boolean }
  | { readonly kind: 'other'; readonly text: string };

/**
 * One line of `gpiomon --format '%o %E'` output. With --active-low the tool flips the edges, so
 * "rising" always means "became active".
 */
export function parseMonitorLine(text: string): MonitorLine {
  if (text.startsWith('Monitoring line')) return { kind: 'banner' };
  const edge = text.trim().match(/^(\d+) (rising|falling)$/);
  if (edge === null || edge[1] === undefined) return { kind: 'other', text };
  return { kind: 'edge', pin: Number.parseInt(edge[1], 10), active: edge[2] === 'rising' };
}
