import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A file written and fsynced beside its target, not yet visible under the target's name. */
export interface StagedFile {
  readonly target: string;
  readonly temp: string;
}

export interface AtomicWriteOptions {
  /** file mode of a new file; default 0600 (the station's small files are secrets or state) */
  readonly mode?: number;
  /** false: fail with EEXIST instead of replacing an existing target (first-boot files) */
  readonly replace?: boolean;
}

const removeIfThere = (file: string): void => {
  try {
    unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
};

const fsyncDirectory = (dir: string): void => {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/**
 * Step one: the data goes to a temp file in the target's directory and is fsynced. A power cut after
 * this leaves the target as it was (absent, or the whole old file); the temp file is overwritten by
 * the next write.
 */
export const stageFile = (target: string, data: string | Uint8Array, mode = 0o600): StagedFile => {
  const temp = join(dirname(target), `.${basename(target)}.tmp`);
  // a leftover of an earlier crash is removed, so the new file gets `mode`, not the leftover's
  removeIfThere(temp);
  const fd = openSync(temp, 'wx', mode);
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return { target, temp };
};

/** Step two: the staged file takes the target's name in one step, and the directory entry is synced. */
export const commitStagedFile = (staged: StagedFile, replace = true): void => {
  if (replace) renameSync(staged.temp, staged.target);
  else {
    // link() refuses an existing target, so a first-boot file is never replaced behind our back
    try {
      linkSync(staged.temp, staged.target);
    } finally {
      removeIfThere(staged.temp);
    }
  }
  fsyncDirectory(dirname(staged.target));
};

/**
 * Writes a small file so that after a power cut at any moment it is either the old file or the new
 * one, never empty or half-written: temp file, fsync, rename, fsync the directory.
 */
export const writeFileAtomically = (
  target: string,
  data: string | Uint8Array,
  o: AtomicWriteOptions = {},
): void => {
  const staged = stageFile(target, data, o.mode ?? 0o600);
  try {
    commitStagedFile(staged, o.replace ?? true);
  } catch (err) {
    removeIfThere(staged.temp);
    throw err;
  }
};
