import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { until } from './until.js';

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(address && typeof address === 'object' ? address.port : 0));
    });
  });

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** A real Mosquitto 2 (MQTT 5 and 3.1.1) on 127.0.0.1, anonymous, without persistence. */
export class TestMosquitto {
  private process: ChildProcess | undefined;
  private stderr = '';

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<TestMosquitto> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-mosquitto-'));
    const broker = new TestMosquitto(await freePort(), dir);
    await broker.run();
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  /** Kills the broker; with persistence off, sessions and retained messages are gone. */
  async kill(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.run();
  }

  async close(): Promise<void> {
    await this.kill();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private async run(): Promise<void> {
    const conf = path.join(this.dir, 'mosquitto.conf');
    const lines = [
      `listener ${this.port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'log_dest stderr',
      'log_type error',
    ];
    if (process.getuid?.() === 0) lines.push('user root');
    fs.writeFileSync(conf, `${lines.join('\n')}\n`);
    const child = spawn('/usr/sbin/mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.process = child;
    await until(
      `mosquitto listening (${this.stderr})`,
      async () => child.exitCode === null && (await accepts(this.port)),
    );
  }
}
