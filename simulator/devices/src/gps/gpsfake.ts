import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export const freePort = async (): Promise<number> => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address !== 'object') throw new Error('no port');
  return address.port;
};

export interface GpsfakeOptions {
  /** the NMEA log, one sentence a line (see nmea-track.ts) */
  readonly sentences: readonly string[];
  /** seconds between sentences (gpsfake -c); a GGA+RMC epoch takes two */
  readonly cycleSeconds: number;
  /** gpsfake stops itself after this many seconds at the latest (its -W), whatever the test does */
  readonly timeoutSeconds?: number;
  /** the port gpsd listens on; default a free one */
  readonly port?: number;
}

/**
 * A real gpsd, fed by gpsfake (Debian gpsd-tools) replaying an NMEA log once (-1), listening on a free
 * port of 127.0.0.1 (-P). Playback starts as gpsd opens the fake device, before a client connects.
 * Stopped by `stop()`, and by itself after `timeoutSeconds`.
 */
export class Gpsfake {
  private exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly dir: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async start(o: GpsfakeOptions): Promise<Gpsfake> {
    const dir = mkdtempSync(join(tmpdir(), 'regiobox-gpsfake-'));
    const log = join(dir, 'track.nmea');
    writeFileSync(log, `${o.sentences.join('\n')}\n`);
    const port = o.port ?? (await freePort());
    const args = [
      '-q',
      '-1',
      '-P',
      String(port),
      '-c',
      String(o.cycleSeconds),
      '-W',
      String(o.timeoutSeconds ?? 120),
      log,
    ];
    // own process group: stop() ends gpsfake and the gpsd it started together
    const child = spawn('gpsfake', args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const fake = new Gpsfake(child, port, dir);
    await fake.listening(stderr);
    return fake;
  }

  /** Until gpsd accepts connections on the port (gpsfake starts it first thing). */
  private async listening(stderr: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`gpsfake exited: ${stderr}`);
      const ok = await new Promise<boolean>((resolve) => {
        const s = net.connect({ host: '127.0.0.1', port: this.port });
        s.once('connect', () => {
          s.destroy();
          resolve(true);
        });
        s.once('error', () => resolve(false));
      });
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`gpsd did not listen on ${this.port}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGINT');
      } catch {
        // already gone
      }
      const killed = await Promise.race([
        this.exited.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 2_000)),
      ]);
      if (!killed) {
        try {
          process.kill(-this.child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
