import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BridgeConfigInput } from '../config.js';

const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.ts');
const TSX = createRequire(import.meta.url).resolve('tsx/cli');

export interface BridgeProcessOptions {
  /** the bridge's config, written to a file and given with --config; `log.level` at least info */
  readonly config: BridgeConfigInput;
  /** extra environment, e.g. REGIOBOX_BRIDGE__* secrets */
  readonly env?: Readonly<Record<string, string>>;
  /** how long to wait for "bridge started"; default 60 s */
  readonly startTimeoutMs?: number;
}

export interface BridgeProcess {
  readonly pid: number;
  readonly httpUrl: string;
  readonly brokerUrl: string;
  /** the process's log lines (pino JSON) so far */
  log(): string;
  /** SIGKILL: no shutdown step runs, as in a crash or an OOM kill; resolves when it is gone */
  kill(): Promise<void>;
  /** SIGTERM and wait for the clean stop (SIGKILL after 10 s) */
  stop(): Promise<void>;
}

export class BridgeProcessError extends Error {
  readonly code = 'BRIDGE_PROCESS_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'BridgeProcessError';
  }
}

/**
 * A bridge instance as a process of its own, started as production starts it: the `regiobox-bridge`
 * command (from source, through tsx) with a config file. Several of these against one broker and one
 * PostgreSQL are several bridge instances; `kill()` is a crash.
 */
export const startBridgeProcess = async (options: BridgeProcessOptions): Promise<BridgeProcess> => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'regiobox-bridge-process-'));
  const configFile = path.join(dir, 'bridge.json');
  writeFileSync(configFile, JSON.stringify(options.config), { mode: 0o600 });
  const child: ChildProcess = spawn(
    process.execPath,
    [TSX, '--conditions=regiobox-source', MAIN, '--config', configFile],
    { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => rmSync(dir, { recursive: true, force: true }));

  const started = await new Promise<{ httpUrl: string; brokerUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new BridgeProcessError(`the bridge did not start in time:\n${output.slice(-4000)}`));
    }, options.startTimeoutMs ?? 60_000);
    const look = () => {
      const line = output.split('\n').find((l) => l.includes('"msg":"bridge started"'));
      if (!line) return;
      clearTimeout(timer);
      child.stdout?.off('data', look);
      resolve(JSON.parse(line) as { httpUrl: string; brokerUrl: string });
    };
    child.stdout?.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new BridgeProcessError(`the bridge exited with ${code} before it started:\n${output.slice(-4000)}`),
      );
    });
  });

  const signal = async (sig: NodeJS.Signals, graceMs: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(sig);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return {
    pid: child.pid ?? -1,
    ...started,
    log: () => output,
    kill: () => signal('SIGKILL', 0),
    stop: () => signal('SIGTERM', 10_000),
  };
};
