import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { StationConfig } from '@regiobox/edge';
import { SIM_HEARTBEAT_MS } from '@regiobox/edge/hardware';
import type { SimClock } from '@regiobox/simulated-devices';
import {
  attachBoardToPty,
  type BoardOnPty,
  createPtyPair,
  type PtyPair,
  SimulatedRig,
  type SimulatedRigOptions,
} from '@regiobox/simulated-devices';
import type { HostedStation } from '../station/hosted-station.js';
import { Keypad } from '../station/site.js';
import { KioskTerminal, type StationTerminal } from '../station/terminal.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../../..');
const ENTRY = join(HERE, 'station-main.ts');

export interface ChildStationOptions {
  /** the station's config; its hardware section is replaced by the serial board on the PTY */
  readonly config: StationConfig;
  readonly clock: SimClock;
  readonly logFile: string;
  readonly ambient?: SimulatedRigOptions['ambient'];
  readonly seed?: number;
  /** real ms to wait for a (re)started station to serve */
  readonly startTimeoutMs?: number;
}

/**
 * A station in its own process, as on a real station computer: the board (and the world around it)
 * stays here, in the parent, on the far end of a socat PTY pair; the station opens the near end with
 * serialport's native bindings. SIGKILL takes the station down mid-whatever and leaves the board
 * running; removing the PTY is the USB cable pulled out.
 */
export class ChildStation implements HostedStation {
  readonly kind = 'child' as const;
  readonly stationId: string;
  readonly keypad = new Keypad();
  readonly rig: SimulatedRig;
  private readonly ttyDir: string;
  private readonly configFile: string;
  private pty: PtyPair | null = null;
  private boardEnd: BoardOnPty | null = null;
  private child: { process: ChildProcess; exited: Promise<void>; kiosk: string | null } | null = null;

  private constructor(private readonly o: ChildStationOptions) {
    this.stationId = o.config.stationId;
    this.ttyDir = join(o.config.dataDir, 'tty');
    mkdirSync(this.ttyDir, { recursive: true });
    this.rig = new SimulatedRig({
      name: o.config.stationId,
      compartments: o.config.compartments,
      probes: o.config.probes,
      occupancySensors: true,
      clock: o.clock,
      ...(o.ambient ? { ambient: o.ambient } : {}),
      ...(o.seed === undefined ? {} : { seed: o.seed }),
    });
    this.configFile = join(o.config.dataDir, 'station.json');
    const onPty = {
      driver: 'serial-board',
      path: join(this.ttyDir, 'host'),
      baudRate: 115200,
      replyTimeoutMs: 250,
      // real time against the station's simulated clock, as for in-process stations
      heartbeatMs: SIM_HEARTBEAT_MS,
    };
    writeFileSync(this.configFile, JSON.stringify({ ...o.config, hardware: onPty }, null, 2));
  }

  static async start(o: ChildStationOptions): Promise<ChildStation> {
    const s = new ChildStation(o);
    s.rig.run();
    try {
      await s.replug();
      await s.boot();
    } catch (err) {
      await s.stop();
      throw err;
    }
    return s;
  }

  get compartments(): StationConfig['compartments'] {
    return this.o.config.compartments;
  }

  get dataDir(): string {
    return this.o.config.dataDir;
  }

  isRunning(): boolean {
    return this.child !== null;
  }

  kioskUrl(): string | null {
    return this.child?.kiosk ?? null;
  }

  terminal(): StationTerminal | null {
    const url = this.kioskUrl();
    return url ? new KioskTerminal(url) : null;
  }

  async boot(): Promise<void> {
    if (this.child) return;
    const args = [
      '--import',
      'tsx',
      '--conditions=regiobox-source',
      ENTRY,
      '--config',
      this.configFile,
      '--clock',
      JSON.stringify(this.o.clock.params),
      '--log',
      this.o.logFile,
    ];
    const proc = spawn(process.execPath, args, { cwd: REPO, stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise<void>((done) => proc.once('exit', () => done()));
    const ready = new Promise<string | null>((done, fail) => {
      const lines = createInterface({ input: proc.stdout });
      lines.once('line', (line) => {
        try {
          done((JSON.parse(line) as { kiosk: string | null }).kiosk);
        } catch (err) {
          fail(err);
        }
      });
      void exited.then(() => fail(new Error(`station ${this.stationId} exited before it was ready`)));
    });
    const timeout = new Promise<never>((_, fail) =>
      setTimeout(
        () => fail(new Error(`station ${this.stationId} not ready in time`)),
        this.o.startTimeoutMs ?? 60_000,
      ).unref(),
    );
    try {
      const kiosk = await Promise.race([ready, timeout]);
      this.child = { process: proc, exited, kiosk };
      void exited.then(() => {
        if (this.child?.process === proc) this.child = null;
      });
    } catch (err) {
      proc.kill('SIGKILL');
      await exited;
      throw err;
    }
  }

  /** SIGKILL: a crash or a power cut of the station computer. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child) return;
    child.process.kill('SIGKILL');
    await child.exited;
  }

  async halt(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child) return;
    child.process.kill('SIGTERM');
    const stopped = await Promise.race([
      child.exited.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 15_000).unref()),
    ]);
    if (!stopped) {
      child.process.kill('SIGKILL');
      await child.exited;
    }
  }

  /** Removes the PTY pair: the station's port fails, and its path is gone until `replug`. */
  async unplug(): Promise<void> {
    await this.boardEnd?.close();
    this.boardEnd = null;
    await this.pty?.close();
    this.pty = null;
  }

  async replug(): Promise<void> {
    if (this.pty) return;
    this.pty = await createPtyPair({ dir: this.ttyDir });
    this.boardEnd = await attachBoardToPty(this.rig.board, this.pty.boardPath);
  }

  async stop(): Promise<void> {
    await this.halt();
    await this.unplug();
    this.rig.shutdown();
  }
}
