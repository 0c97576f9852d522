import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.js';

/**
 * Debian's server binaries: `REGIOBOX_PG_BIN`, else the newest /usr/lib/postgresql/<major>/bin
 * (15 on bookworm, where the tests run).
 */
export const postgresBin = (): string => {
  const given = process.env.REGIOBOX_PG_BIN;
  if (given) return given;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((d) => /^\d+$/.test(d))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return path.join(root, majors[0] ?? '15', 'bin');
};

export interface PostgresOptions {
  /** further `-c name=value` server settings, e.g. `{ max_connections: '200' }` */
  readonly settings?: Readonly<Record<string, string>>;
  /** how long to wait for the server to accept connections, default 30 s */
  readonly startTimeoutMs?: number;
}

export interface RunningPostgres {
  /** `postgres://regiobox@127.0.0.1:<port>/postgres` (trust authentication, superuser) */
  readonly url: string;
  readonly port: number;
  /** the cluster's temp dir (data dir and socket); removed on stop */
  readonly dir: string;
  /** a new empty database on this cluster; returns its URL */
  createDatabase(name?: string): Promise<string>;
  /** fast shutdown, then the cluster's directory is removed; safe to call twice */
  stop(): Promise<void>;
  /** what the server logged so far, for failure messages */
  log(): string;
}

export class PostgresStartError extends Error {
  readonly code = 'POSTGRES_START_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'PostgresStartError';
  }
}

/** postgres refuses to run as root: as root, the cluster belongs to the `postgres` user (or `nobody`). */
const serverUser = (): { uid: number; gid: number } | undefined => {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      return { uid, gid };
    } catch {}
  }
  throw new PostgresStartError('running as root, and there is neither a postgres nor a nobody user');
};

let counter = 0;

/**
 * A throw-away PostgreSQL cluster for tests and benches: initdb into a temp dir, the server on
 * 127.0.0.1 and a free port (its socket in the same dir), durability off (fsync, synchronous_commit:
 * nothing here must survive a power cut). A watchdog shell holds a pipe from this process: when the
 * process dies, even by SIGKILL, the watchdog stops the server and removes the directory.
 */
export const startPostgres = async (options: PostgresOptions = {}): Promise<RunningPostgres> => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'regiobox-pg-'));
  const data = path.join(dir, 'data');
  const owner = serverUser();
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const as = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const env = { ...process.env, LC_ALL: 'C', HOME: dir };
  try {
    execFileSync(
      path.join(postgresBin(), 'initdb'),
      ['-D', data, '-U', 'regiobox', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      { ...as, env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const e = err as { stderr?: Buffer; message: string };
    throw new PostgresStartError(`initdb failed: ${e.stderr?.toString() ?? e.message}`);
  }
  const port = await freePort();
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: dir,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    shared_buffers: '32MB',
    max_connections: '100',
    ...options.settings,
  };
  const args = ['-D', data, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const proc: ChildProcess = spawn(path.join(postgresBin(), 'postgres'), args, {
    ...as,
    env,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let gone = false;
  const exited = new Promise<void>((resolve) => {
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
  // SIGQUIT is postgres' immediate shutdown; `cat` returns when this process's end of the pipe closes.
  const watchdog = spawn(
    'sh',
    [
      '-c',
      'cat >/dev/null; kill -QUIT "$1" 2>/dev/null; sleep 2; rm -rf "$2"',
      'pg-watchdog',
      String(proc.pid),
      dir,
    ],
    { stdio: ['pipe', 'ignore', 'ignore'], detached: true },
  );
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();

  const url = `postgres://regiobox@127.0.0.1:${port}/postgres`;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      if (!gone) {
        proc.kill('SIGINT'); // fast shutdown: open sessions are ended
        const killer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      watchdog.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (gone) {
      await stop();
      throw new PostgresStartError(`postgres exited during start:\n${output}`);
    }
    if (await accepts(url)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new PostgresStartError(`postgres did not accept connections in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    port,
    dir,
    log: () => output,
    stop,
    async createDatabase(name) {
      const db = name ?? `t${process.pid}_${Date.now().toString(36)}_${++counter}`;
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(db)) throw new Error(`not a plain database name: ${db}`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${db} TEMPLATE template0`);
      } finally {
        await client.end();
      }
      return `postgres://regiobox@127.0.0.1:${port}/${db}`;
    },
  };
};

const accepts = async (url: string): Promise<boolean> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
};

/** True where the Debian postgresql binaries are installed (the system tests need them). */
export const hasPostgres = (): boolean => existsSync(path.join(postgresBin(), 'postgres'));
