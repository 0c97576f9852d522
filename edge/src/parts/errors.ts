import { readFileSync } from 'node:fs';
import type { StationKeyError } from '../store/station-key.js';

export class StartupError extends Error {
  constructor(
    readonly code: 'DATA_DIR_UNUSABLE' | 'SECRET_FILE_UNREADABLE' | StationKeyError['code'],
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StartupError';
  }
}

export const readSecret = (file: string, what: string): string => {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (cause) {
    throw new StartupError('SECRET_FILE_UNREADABLE', `${what} ${file} cannot be read`, { cause });
  }
};
