import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompartmentSnapshot } from '@regiobox/contract';
import {
  attachBoardToPty,
  type BoardOnPty,
  createPtyPair,
  type PtyPair,
  SimulatedBoard,
  seededRandom,
} from '@regiobox/simulated-devices';
import { pino } from 'pino';
import { parseConfig } from '../../config/index.js';
import type { StationConfig } from '../../config/schema.js';
import type { AlarmSettings } from '../../domain/alarms/settings.js';
import type { Clock } from '../../domain/clock.js';
import { createSerialBoardHardware } from '../../hardware/board/board-hardware.js';
import type { KioskStatus } from '../../kiosk/schema.js';
import { until } from '../../link/testing/until.js';
import type { TimeService } from '../../monitoring/clock-watch.js';
import type { CodeOutcome } from '../../station/api.js';
import { type Station, startStation } from '../../station.js';

export const STATION = 'dorfladen-3';

/** Compartment no → the board's lock channel and door input (the same number here). */
const input = (no: number): number => no - 1;

export interface RigOptions {
  /** where the station's link connects (the broker itself, or a proxy or gate before it) */
  readonly brokerUrl: string;
  /** default: a fresh directory in the rig's temp dir */
  readonly dataDir?: string;
  readonly clock?: Clock;
  /** true: a timesyncd marker in the rig's dir (see `timesync`); default: no time service */
  readonly timesyncd?: boolean;
  readonly keepaliveSeconds?: number;
  /** a file with the hex key for signed commands */
  readonly commandKeyFile?: string;
  /** over the rig's short delays (board unreachable and probe missing after 1 s) */
  readonly alarmSettings?: Partial<AlarmSettings>;
  /** seeds the board's line faults, so that a failing run can be replayed */
  readonly boardSeed?: number;
  /** default 3600: no telemetry batch within a test unless asked for */
  readonly telemetryIntervalSeconds?: number;
}

/**
 * One real station as `startStation` builds it — SQLite file, kiosk on a loopback port, MQTT link,
 * monitor, jobs — with the serial-board driver on a socat PTY whose far end is the simulated board.
 * The adapter can be unplugged (socat and both PTYs vanish) and plugged in again under the same path.
 * Timings are short (heartbeat, alarm delays) so that each fault shows within seconds; the retry
 * policies are the station's defaults.
 */
export class FaultRig {
  readonly dir = mkdtempSync(join(tmpdir(), 'regiobox-fault-'));
  // a spring pushes an unlatched door open, so a slow test machine never misses the pulse's window
  readonly board: SimulatedBoard;
  readonly config: StationConfig;
  /** where the rig's fake timesyncd keeps its marker (used with `timesyncd: true`) */
  readonly timesync: TimeService = {
    marker: join(this.dir, 'timesync', 'synchronized'),
    presentIf: [join(this.dir, 'timesync')],
  };
  private line: { pty: PtyPair; end: BoardOnPty } | null = null;
  private current: Station | null = null;

  constructor(private readonly opts: RigOptions) {
    this.board = new SimulatedBoard(
      { lockChannels: 3, probes: 2, occupancySensors: [true, true, true], springOpen: true },
      { random: seededRandom(opts.boardSeed ?? 1) },
    );
    this.board.setProbe(0, 4.5);
    this.board.setProbe(1, -20);
    if (opts.timesyncd) mkdirSync(join(this.dir, 'timesync'));
    const dataDir = opts.dataDir ?? join(this.dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    this.config = parseConfig({
      stationId: STATION,
      dataDir,
      compartments: [
        { no: 1, lockChannel: 0, doorInput: 0, size: 'S', zone: 'ambient' },
        { no: 2, lockChannel: 1, doorInput: 1, size: 'M', zone: 'chilled', probes: ['chill'] },
        { no: 3, lockChannel: 2, doorInput: 2, size: 'L', zone: 'frozen', probes: ['freeze'] },
      ],
      probes: [
        { id: 'chill', boardIndex: 0 },
        { id: 'freeze', boardIndex: 1 },
      ],
      // the path a by-id symlink would have; socat creates it when the adapter is plugged in
      hardware: { driver: 'serial-board', path: join(this.dir, 'host'), heartbeatMs: 300 },
      mqtt: {
        url: opts.brokerUrl,
        keepaliveSeconds: opts.keepaliveSeconds ?? 10,
        telemetryIntervalSeconds: opts.telemetryIntervalSeconds ?? 3600,
        ...(opts.commandKeyFile ? { commandKeyFile: opts.commandKeyFile } : {}),
      },
      kiosk: { port: 0 },
    });
  }

  get station(): Station {
    if (!this.current) throw new Error('the station is not running');
    return this.current;
  }

  /** The USB adapter goes in: socat makes the PTY pair, the simulated board listens on its end. */
  async plugBoard(): Promise<void> {
    const pty = await createPtyPair({ dir: this.dir });
    const end = await attachBoardToPty(this.board, pty.boardPath);
    this.line = { pty, end };
  }

  /** The adapter is pulled: the board's end closes, socat exits, the device path disappears. */
  async unplugBoard(): Promise<void> {
    const line = this.line;
    this.line = null;
    await line?.end.close();
    await line?.pty.close();
  }

  /** Noise towards the station, straight onto the board's end of the line (a bad cable, EMI). */
  async noiseOnLine(bytes: Buffer): Promise<void> {
    const port = this.line?.end.port;
    if (!port) throw new Error('the board is unplugged');
    await new Promise<void>((resolve, reject) =>
      port.write(bytes, (err) => (err ? reject(err) : port.drain(() => resolve()))),
    );
  }

  /** `clock`: this boot's clock (a Pi reboots with whatever time it has), default the rig's. */
  async start(clock: Clock | undefined = this.opts.clock): Promise<Station> {
    const logger = pino({ level: process.env.REGIOBOX_TEST_LOG ?? 'silent' });
    const hw = this.config.hardware;
    if (hw.driver !== 'serial-board') throw new Error('the rig drives the serial board');
    this.current = await startStation(this.config, {
      logger,
      clock,
      // the driver's and the link's own retry policies: recovering within seconds is what they promise
      hardware: createSerialBoardHardware(hw, this.config.probes, { logger }),
      timeService: this.opts.timesyncd ? this.timesync : null,
      sampleIntervalMs: 200,
      tickIntervalMs: 200,
      clockAlarmAfterMs: 1_000,
      alarmSettings: {
        boardUnreachableAfterSeconds: 1,
        probeMissingAfterSeconds: 1,
        ...this.opts.alarmSettings,
      },
    });
    return this.current;
  }

  async stop(): Promise<void> {
    await this.current?.stop();
    this.current = null;
  }

  async close(): Promise<void> {
    await this.stop();
    await this.unplugBoard();
    this.board.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  // --- what a person at the station does and sees ---

  /** The kiosk page's status, as the touch screen polls it. */
  async kioskStatus(): Promise<KioskStatus> {
    const res = await fetch(`${this.kioskUrl()}api/status`);
    return (await res.json()) as KioskStatus;
  }

  /** A code typed on the kiosk's keypad. */
  async enterCode(code: string): Promise<CodeOutcome> {
    const res = await fetch(`${this.kioskUrl()}api/code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, source: 'keypad' }),
    });
    return (await res.json()) as CodeOutcome;
  }

  compartment(no: number): CompartmentSnapshot | undefined {
    return this.station.service.snapshot().find((c) => c.no === no);
  }

  /** The door the station unlocked: goods in or out, shut again; waits for the state the station records. */
  async useDoor(no: number, goodsInside: boolean, expectState: CompartmentSnapshot['state']): Promise<void> {
    if (!this.board.isDoorOpen(input(no))) throw new Error(`door ${no} did not open`);
    await until(`door ${no} seen open`, () => this.compartment(no)?.doorOpen === true);
    this.board.setOccupancy(input(no), goodsInside);
    this.board.closeDoor(input(no));
    await until(`compartment ${no} ${expectState}`, () => this.compartment(no)?.state === expectState);
  }

  /** Channels the board pulsed, in order: every door the station opened. */
  pulsedChannels(): number[] {
    return this.board.pulses().map((p) => p.channel);
  }

  private kioskUrl(): string {
    const url = this.station.kiosk?.url;
    if (!url) throw new Error('no kiosk');
    return url;
  }
}
