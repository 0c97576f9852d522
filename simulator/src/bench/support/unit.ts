import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '../../../..');

/** The station's systemd unit, the one file that says how a Pi runs the station. */
export const STATION_UNIT = join(REPO_ROOT, 'deploy/raspberry-pi/regiobox-edge.service');
/** Where INSTALL.md puts the checkout; the unit's paths start with it. */
export const INSTALL_ROOT = '/opt/regiobox';

export class UnitFileError extends Error {
  readonly code = 'UNIT_FILE_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'UnitFileError';
  }
}

export interface StationUnit {
  /** ExecStart= split into words (the unit uses no quoting) */
  readonly execStart: readonly string[];
  /** every Environment=NAME=value line */
  readonly environment: Readonly<Record<string, string>>;
}

/** ExecStart= and Environment= of a unit file; comments and continuation lines are not used in it. */
export const readStationUnit = (file: string = STATION_UNIT): StationUnit => {
  const lines = readFileSync(file, 'utf8').split('\n');
  const values = (key: string) =>
    lines.filter((l) => l.startsWith(`${key}=`)).map((l) => l.slice(key.length + 1).trim());
  const [execStart, ...more] = values('ExecStart');
  if (execStart === undefined || more.length > 0)
    throw new UnitFileError(
      `${file}: needs exactly one ExecStart=, found ${more.length + (execStart ? 1 : 0)}`,
    );
  if (/["'\\]/.test(execStart)) throw new UnitFileError(`${file}: ExecStart= must not quote: ${execStart}`);
  const environment: Record<string, string> = {};
  for (const value of values('Environment')) {
    for (const assignment of value.split(/\s+/)) {
      const eq = assignment.indexOf('=');
      if (eq <= 0) throw new UnitFileError(`${file}: Environment=${value} is not NAME=value`);
      environment[assignment.slice(0, eq)] = assignment.slice(eq + 1);
    }
  }
  return { execStart: execStart.split(/\s+/), environment };
};

/**
 * The unit's ExecStart= as this checkout runs it: the installed node becomes this node, paths under
 * /opt/regiobox point into the checkout, and the config file is `configFile`. Nothing else changes,
 * so a flag added to the unit is a flag the benchmark and the test run with.
 */
export const unitCommand = (
  unit: StationUnit,
  o: { configFile: string; node?: string; root?: string },
): string[] => {
  const [node, ...rest] = unit.execStart;
  if (node === undefined || !node.endsWith('/node'))
    throw new UnitFileError(`ExecStart= must start with node, starts with ${node}`);
  const root = o.root ?? REPO_ROOT;
  const words = rest.map((w) =>
    w.startsWith(`${INSTALL_ROOT}/`) ? join(root, w.slice(INSTALL_ROOT.length + 1)) : w,
  );
  const at = words.indexOf('--config');
  if (at < 0 || words[at + 1] === undefined) throw new UnitFileError('ExecStart= names no --config <file>');
  words[at + 1] = o.configFile;
  return [o.node ?? process.execPath, ...words];
};
