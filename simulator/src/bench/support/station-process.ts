import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CompiledStation, REPO_ROOT } from './build.js';
import { epochMs } from './child.js';
import { sampleProcess } from './proc-stats.js';
import { until } from './until.js';

/** A station in its own process, as systemd runs it, with a stub `systemd-notify` that records READY. */
export interface StationProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** epoch ms just before spawn() */
  readonly spawnedAt: number;
  /** spawn → READY=1 */
  readonly readyMs: number;
  /** CPU time (user + system) the station had used when READY=1 was seen: less load-dependent than readyMs */
  readonly readyCpuMs: number;
  /** the watchdog pings recorded so far */
  watchdogPings(): number;
  stop(): Promise<number | null>;
}

/**
 * A folder with the stub `systemd-notify` (it appends each call with a nanosecond timestamp to
 * notify.log) and the cache directory systemd would give the unit (CacheDirectory=).
 */
export const prepareNotify = (dir: string): { bin: string; log: string; cache: string } => {
  const bin = join(dir, 'bin');
  const log = join(dir, 'notify.log');
  const cache = join(dir, 'cache');
  mkdirSync(bin, { recursive: true });
  mkdirSync(cache, { recursive: true });
  writeFileSync(join(bin, 'systemd-notify'), `#!/bin/sh\necho "$(date +%s%N) $*" >> '${log}'\n`);
  chmodSync(join(bin, 'systemd-notify'), 0o755);
  return { bin, log, cache };
};

const notifyLines = (log: string): string[] =>
  existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];

/** Spawns the station and resolves at READY=1 (it rejects when the station exits first). */
export const spawnStation = async (
  station: CompiledStation,
  dir: string,
  /** nodeOptions: extra Node/V8 flags, put before the script */
  o: { nodeOptions?: string; stdout?: 'ignore' | 'pipe' } = {},
): Promise<StationProcess> => {
  const notify = prepareNotify(dir);
  const readiesBefore = notifyLines(notify.log).filter((l) => l.includes('--ready')).length;
  // Node and V8 flags go on the command line: NODE_OPTIONS refuses most V8 flags (--lite-mode …)
  const [command, ...rest] = station.command;
  const args = [...(o.nodeOptions?.split(/\s+/).filter(Boolean) ?? []), ...rest];
  const spawnedAt = epochMs();
  const child = spawn(command ?? process.execPath, args, {
    cwd: join(REPO_ROOT, 'edge'),
    stdio: ['ignore', o.stdout ?? 'ignore', 'pipe'],
    env: {
      ...process.env,
      ...station.env,
      PATH: `${notify.bin}:${process.env.PATH ?? ''}`,
      NOTIFY_SOCKET: join(dir, 'notify.sock'),
      WATCHDOG_USEC: '30000000',
      CACHE_DIRECTORY: notify.cache,
    },
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-2000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const readyLine = await until(
    'READY=1 from the station',
    () => {
      if (child.exitCode !== null) throw new Error(`the station exited with ${child.exitCode}: ${stderr}`);
      return notifyLines(notify.log).filter((l) => l.includes('--ready'))[readiesBefore];
    },
    30_000,
    2,
  );
  const readyMs = Number(BigInt(readyLine.split(' ')[0] ?? '0') / 1000n) / 1000 - spawnedAt;
  const readyCpuMs = sampleProcess(child.pid ?? 0).cpuSeconds * 1000;
  let stopped: Promise<number | null> | undefined;
  return {
    child,
    pid: child.pid ?? 0,
    spawnedAt,
    readyMs,
    readyCpuMs,
    watchdogPings: () => notifyLines(notify.log).filter((l) => l.includes('WATCHDOG=1')).length,
    stop: () => {
      stopped ??= (async () => {
        if (child.exitCode !== null) return child.exitCode;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        const code = await exited;
        clearTimeout(timer);
        return code;
      })();
      return stopped;
    },
  };
};

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
