import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PtyPair {
  /** symlink to the station's end, e.g. <dir>/host → /dev/pts/5 */
  readonly hostPath: string;
  /** symlink to the board's end */
  readonly boardPath: string;
  /** the /dev/pts/N devices behind the links */
  readonly hostDevice: string;
  readonly boardDevice: string;
  /** Stops socat (the line goes away under both ends) and removes the links. */
  close(): Promise<void>;
}

export class PtyUnavailableError extends Error {
  readonly code = 'PTY_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PtyUnavailableError';
  }
}

export interface PtyPairOptions {
  /** where to put the links; a fresh temp dir (removed on close) by default */
  dir?: string;
  /** how long to wait for socat to create both links */
  timeoutMs?: number;
}

/**
 * A connected pair of pseudo-terminals from socat: what is written to one end is read from the other,
 * through the kernel's tty layer, so the station opens a real /dev/pts/N with serialport's real
 * bindings. Needs the Debian package socat.
 */
export async function createPtyPair(options: PtyPairOptions = {}): Promise<PtyPair> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'regiobox-pty-'));
  const hostPath = join(dir, 'host');
  const boardPath = join(dir, 'board');
  const socat = spawn(
    'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${boardPath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  socat.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => socat.once('exit', () => resolve()));
  const spawnError = new Promise<Error>((resolve) => socat.once('error', resolve));
  const cleanup = async () => {
    await stopProcess(socat, exited);
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };

  const deadline = performance.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const failure = await Promise.race([spawnError, sleep(20).then(() => undefined)]);
    if (failure) {
      await cleanup();
      throw new PtyUnavailableError(`cannot start socat: ${failure.message}`, { cause: failure });
    }
    if (socat.exitCode !== null) {
      await cleanup();
      throw new PtyUnavailableError(`socat exited with ${socat.exitCode}: ${stderr.trim()}`);
    }
    if (existsSync(hostPath) && existsSync(boardPath)) break;
    if (performance.now() > deadline) {
      await cleanup();
      throw new PtyUnavailableError(`socat did not create ${hostPath} and ${boardPath}: ${stderr.trim()}`);
    }
  }

  let closing: Promise<void> | undefined;
  return {
    hostPath,
    boardPath,
    hostDevice: realpathSync(hostPath),
    boardDevice: realpathSync(boardPath),
    close: () => {
      closing ??= cleanup();
      return closing;
    },
  };
}

async function stopProcess(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
  if (!stopped) {
    child.kill('SIGKILL');
    await exited;
  }
}
