import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from './atomic-file.js';
import { CodesRepo } from './codes-repo.js';
import type { Db } from './database.js';

export type StationKeyErrorCode = 'STATION_KEY_UNUSABLE' | 'STATION_KEY_DAMAGED';

export class StationKeyError extends Error {
  constructor(
    readonly code: StationKeyErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StationKeyError';
  }
}

/** What the loader needs to know before it may replace a damaged key. */
export interface StationKeyPolicy {
  /** how many codes MACed under the present key are still active (a new key would invalidate them) */
  readonly activeCodes: () => number;
  /** told when a damaged key was replaced because no active code depended on it */
  readonly onReplaced?: (why: string) => void;
}

const KEY_BYTES = 32;

const errnoOf = (err: unknown): string | undefined => (err as NodeJS.ErrnoException).code;

const newKeyText = (): string => randomBytes(KEY_BYTES).toString('hex');

const readKeyText = (file: string): string | null => {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return null;
    throw new StationKeyError('STATION_KEY_UNUSABLE', `station key ${file} cannot be read: ${errnoOf(err)}`, {
      cause: err,
    });
  }
};

const writeKey = (file: string, replace: boolean): string => {
  const text = newKeyText();
  try {
    writeFileAtomically(file, text, { mode: 0o600, replace });
  } catch (err) {
    throw new StationKeyError('STATION_KEY_UNUSABLE', `cannot create station key ${file}: ${errnoOf(err)}`, {
      cause: err,
    });
  }
  return text;
};

const damage = (text: string): string =>
  text.length === 0 ? 'empty' : `not 64 hex digits (${text.length} bytes)`;

/**
 * The key under which codes are MACed. It lives in its own file (mode 0600), never in the database,
 * so a copied database alone does not let anyone test code guesses offline. Created at first start,
 * atomically, so a power cut leaves no key or the whole key.
 *
 * A damaged key (empty or not 64 hex digits — a file system that lost data, or a key written by a
 * version before the atomic write) is replaced only when no active code depends on it; otherwise the
 * station refuses to start, because a new key would silently invalidate every code already issued.
 */
export const loadOrCreateStationKey = (file: string, policy: StationKeyPolicy): Buffer => {
  let text = readKeyText(file) ?? writeKey(file, false);
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0)
    throw new StationKeyError(
      'STATION_KEY_UNUSABLE',
      `station key ${file} is readable by others (mode ${mode.toString(8)}); chmod 600 it`,
    );
  if (!/^[0-9a-f]{64}$/.test(text.trim())) {
    const why = damage(text.trim());
    const active = policy.activeCodes();
    if (active > 0)
      throw new StationKeyError(
        'STATION_KEY_DAMAGED',
        `station key ${file} is ${why}, and ${active} active codes were issued ` +
          'under it: restore station.key from a backup of the data directory and restart; without a backup, ' +
          'delete it and restart, and have the marketplace cancel and reserve its open orders again (their codes ' +
          'stop working) — see edge/OPERATIONS.md, "Station key"',
      );
    text = writeKey(file, true);
    policy.onReplaced?.(`station key was ${why}; no active code depended on it, so a new key was made`);
  }
  return Buffer.from(text.trim(), 'hex');
};

/** The station's key in `<dataDir>/station.key`, judged against the active codes in `db`. */
export const openStationKey = (dataDir: string, db: Db, onReplaced?: (why: string) => void): Buffer =>
  loadOrCreateStationKey(join(dataDir, 'station.key'), {
    activeCodes: () => new CodesRepo(db).activeCount(),
    onReplaced,
  });
