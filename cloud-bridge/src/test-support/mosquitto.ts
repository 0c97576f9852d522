import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

export const MOSQUITTO_BINARY = '/usr/sbin/mosquitto';

export interface MosquittoOptions {
  /** a Mosquitto password file; with it anonymous clients are refused */
  readonly passwordFile?: string;
  readonly aclFile?: string;
  /** 0 or absent: a free port on 127.0.0.1 */
  readonly port?: number;
  /** further mosquitto.conf lines, e.g. `max_packet_size 65536` */
  readonly extraConfig?: readonly string[];
  /**
   * A complete mosquitto.conf instead of the generated one (the options above are then ignored),
   * given the port to listen on, e.g. the production example with its paths replaced.
   */
  readonly config?: (port: number) => string;
  /** how long to wait for the listener, default 10 s */
  readonly startTimeoutMs?: number;
}

export interface RunningMosquitto {
  /** `mqtt://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited */
  stop(): Promise<void>;
  /** stops (if running) and starts again on the same port; without persistence all state is gone */
  restart(): Promise<void>;
  /** SIGHUP: mosquitto rereads its password and ACL files (poll for the effect, it is asynchronous) */
  reload(): void;
  /** what mosquitto logged so far, for failure messages */
  log(): string;
}

export class MosquittoStartError extends Error {
  readonly code = 'MOSQUITTO_START_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'MosquittoStartError';
  }
}

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const configFor = (port: number, options: MosquittoOptions): string =>
  options.config?.(port) ??
  [
    `listener ${port} 127.0.0.1`,
    `allow_anonymous ${options.passwordFile ? 'false' : 'true'}`,
    ...(options.passwordFile ? [`password_file ${options.passwordFile}`] : []),
    ...(options.aclFile ? [`acl_file ${options.aclFile}`] : []),
    'persistence false',
    // Run as whoever runs the tests, so mosquitto can read files in their temp dirs (as root it would
    // otherwise switch to the mosquitto user).
    ...(process.getuid?.() === 0 ? ['user root'] : []),
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
    ...(options.extraConfig ?? []),
    '',
  ].join('\n');

/**
 * A real Mosquitto for system tests, on 127.0.0.1 only, in its own temp dir, without persistence.
 * Always `stop()` it in afterEach/afterAll: the process outlives a failed test otherwise.
 */
export const startMosquitto = async (options: MosquittoOptions = {}): Promise<RunningMosquitto> => {
  const port = options.port || (await freePort());
  const dir = mkdtempSync(path.join(os.tmpdir(), 'regiobox-mosquitto-'));
  const confFile = path.join(dir, 'mosquitto.conf');
  writeFileSync(confFile, configFor(port, options));
  let output = '';
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const start = async (): Promise<void> => {
    const proc = spawn(MOSQUITTO_BINARY, ['-c', confFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let gone = false;
    exited = new Promise((resolve) => {
      proc.once('exit', () => {
        gone = true;
        resolve();
      });
      proc.once('error', (err) => {
        output += `spawn failed: ${err.message}\n`;
        gone = true;
        resolve();
      });
    });
    proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
    while (Date.now() < deadline) {
      if (gone) throw new MosquittoStartError(`mosquitto exited during start on port ${port}:\n${output}`);
      // Only trust the port once our process holds it (another process could have taken the port).
      if ((await accepts(port)) && !gone) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    proc.kill('SIGKILL');
    await exited;
    throw new MosquittoStartError(`mosquitto did not listen on port ${port} in time:\n${output}`);
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    const killer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  };

  try {
    await start();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    log: () => output,
    reload: () => {
      child?.kill('SIGHUP');
    },
    async stop() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await stop();
      // stop() may have removed the directory; the configuration is rebuilt from the options.
      mkdirSync(dir, { recursive: true });
      writeFileSync(confFile, configFor(port, options));
      await start();
    },
  };
};
