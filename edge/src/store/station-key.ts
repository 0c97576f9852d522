import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';

export class StationKeyError extends Error {
  readonly code = 'STATION_KEY_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StationKeyError';
  }
}

const KEY_BYTES = 32;

/**
 * The key under which codes are MACed. It lives in its own file (mode 0600), never in the database,
 * so a copied database alone does not let anyone test code guesses offline. Created at first start.
 */
export const loadOrCreateStationKey = (file: string): Buffer => {
  try {
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(KEY_BYTES).toString('hex'));
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new StationKeyError(`cannot create station key ${file}: ${(err as NodeJS.ErrnoException).code}`, {
        cause: err,
      });
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0)
    throw new StationKeyError(
      `station key ${file} is readable by others (mode ${mode.toString(8)}); chmod 600 it`,
    );
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(text)) throw new StationKeyError(`station key ${file} is not 64 hex digits`);
  return Buffer.from(text, 'hex');
};
