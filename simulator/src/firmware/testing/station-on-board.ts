import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type Station, startStation } from '@regiobox/edge';
import { pino } from 'pino';
import type { BoardProcess } from './board-process.js';

export type CompartmentSnapshot = ReturnType<Station['service']['snapshot']>[number];

export interface StationOnBoardOptions {
  /** the station's READ_STATES heartbeat; at most a third of the board's watchdogMs */
  readonly heartbeatMs?: number;
  /** how long the station energises a lock (doors.pulseMs) */
  readonly pulseMs?: number;
}

/**
 * A real station — SQLite in a temp dir, no kiosk, its MQTT link pointed at a port where no broker
 * listens (a station works offline; the marketplace is not under test here) — with the serial-board driver on the
 * board process's pseudo-terminal: three compartments, compartment n on lock channel and door input
 * n − 1, two probes on the board's probe slots 0 and 1.
 */
export class StationOnBoard {
  readonly dir = mkdtempSync(join(tmpdir(), 'regiobox-firmware-'));
  private current: Station | null = null;

  constructor(
    readonly board: BoardProcess,
    private readonly options: StationOnBoardOptions = {},
  ) {}

  get station(): Station {
    if (!this.current) throw new Error('the station is not running');
    return this.current;
  }

  async start(): Promise<Station> {
    const dataDir = join(this.dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    const config = parseConfig({
      stationId: 'firmware-test',
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
      hardware: {
        driver: 'serial-board',
        path: this.board.ptyPath,
        heartbeatMs: this.options.heartbeatMs ?? 500,
      },
      doors: { pulseMs: this.options.pulseMs ?? 400 },
      mqtt: { url: 'mqtt://127.0.0.1:9' },
    });
    this.current = await startStation(config, {
      logger: pino({ level: process.env.REGIOBOX_TEST_LOG ?? 'silent' }),
      kiosk: false,
      sampleIntervalMs: 200,
      tickIntervalMs: 200,
      mqttBackoff: { minMs: 1000, maxMs: 5000 },
    });
    return this.current;
  }

  compartment(no: number): CompartmentSnapshot | undefined {
    return this.station.service.snapshot().find((c) => c.no === no);
  }

  async close(): Promise<void> {
    await this.current?.stop();
    this.current = null;
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Polls `probe` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => T | Promise<T>,
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Blocks this whole process — the station with it — as a hung station would: nothing goes out. */
export function freezeStation(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
