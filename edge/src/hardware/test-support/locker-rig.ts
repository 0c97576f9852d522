import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompartmentSnapshot } from '@regiobox/contract';
import type { HardwareConfig } from '@regiobox/hardware-api';
import {
  attachBoardToPty,
  type BoardOnPty,
  createPtyPair,
  type PtyPair,
  type SerialDevice,
  SimulatedOneWireBus,
} from '@regiobox/simulated-devices';
import { pino } from 'pino';
import { parseConfig } from '../../config/index.js';
import type { StationConfig } from '../../config/schema.js';
import { until } from '../../link/testing/until.js';
import type { CodeOutcome } from '../../station/api.js';
import { type Station, startStation } from '../../station.js';
import { createHardware } from '../factory.js';

/** A simulated commercial lock board: a serial device with lockers behind it. */
export interface LockerDevice extends SerialDevice {
  isDoorOpen(input: number): boolean;
  closeDoor(input: number): void;
  forceDoor(input: number): void;
  /** lock channels fired so far, in order */
  pulsedChannels(): number[];
}

export const PROBES = { chill: '28-00000000c411', freeze: '28-00000000f12e' } as const;

/**
 * One real station (`startStation`: SQLite, kiosk, MQTT link, monitor) driving a commercial lock
 * board over a socat PTY whose far end is the simulated board, with DS18B20 probes on a simulated
 * one-wire bus: the way a Kerong or Waveshare station is built. The adapter can be unplugged and
 * plugged in again under the same path.
 */
export class LockerRig {
  readonly dir = mkdtempSync(join(tmpdir(), 'regiobox-locker-'));
  readonly oneWire: SimulatedOneWireBus;
  readonly config: StationConfig;
  private line: { pty: PtyPair; end: BoardOnPty } | null = null;
  private current: Station | null = null;

  constructor(
    readonly device: LockerDevice,
    hardware: (hostPath: string, oneWirePath: string) => HardwareConfig,
    brokerUrl: string,
  ) {
    this.oneWire = new SimulatedOneWireBus(join(this.dir, 'w1'));
    this.oneWire.setProbe(PROBES.chill, 4.5);
    this.oneWire.setProbe(PROBES.freeze, -20);
    const dataDir = join(this.dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    this.config = parseConfig({
      stationId: 'hofladen-7',
      dataDir,
      compartments: [
        { no: 1, lockChannel: 0, doorInput: 0, size: 'S', zone: 'ambient' },
        { no: 2, lockChannel: 1, doorInput: 1, size: 'M', zone: 'chilled', probes: ['chill'] },
        { no: 3, lockChannel: 2, doorInput: 2, size: 'L', zone: 'frozen', probes: ['freeze'] },
      ],
      probes: [
        { id: 'chill', oneWireId: PROBES.chill },
        { id: 'freeze', oneWireId: PROBES.freeze },
      ],
      hardware: hardware(join(this.dir, 'host'), join(this.dir, 'w1')),
      mqtt: { url: brokerUrl, keepaliveSeconds: 10, telemetryIntervalSeconds: 3600 },
      kiosk: { port: 0 },
    });
  }

  get station(): Station {
    if (!this.current) throw new Error('the station is not running');
    return this.current;
  }

  async plugBoard(): Promise<void> {
    const pty = await createPtyPair({ dir: this.dir });
    const end = await attachBoardToPty(this.device, pty.boardPath);
    this.line = { pty, end };
  }

  async unplugBoard(): Promise<void> {
    const line = this.line;
    this.line = null;
    await line?.end.close();
    await line?.pty.close();
  }

  /** The station as the CLI builds it, through the driver table. */
  async start(): Promise<Station> {
    const logger = pino({ level: process.env.REGIOBOX_TEST_LOG ?? 'silent' });
    this.current = await startStation(this.config, {
      logger,
      // the drivers' own retry policies: recovering within seconds is what they promise
      hardware: await createHardware(this.config.hardware, this.config.probes, { logger }),
      sampleIntervalMs: 200,
      tickIntervalMs: 200,
      alarmSettings: { boardUnreachableAfterSeconds: 1, probeMissingAfterSeconds: 1 },
      mqttBackoff: { minMs: 100, maxMs: 500 },
      timeService: null,
    });
    return this.current;
  }

  async close(): Promise<void> {
    await this.current?.stop();
    this.current = null;
    await this.unplugBoard();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async kioskCode(code: string): Promise<CodeOutcome> {
    const res = await fetch(`${this.station.kiosk?.url}api/code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, source: 'keypad' }),
    });
    return (await res.json()) as CodeOutcome;
  }

  compartment(no: number): CompartmentSnapshot | undefined {
    return this.station.service.snapshot().find((c) => c.no === no);
  }

  /** The door the station unlocked: seen open, then shut again; waits for the state the station records. */
  async useDoor(no: number, expectState: CompartmentSnapshot['state']): Promise<void> {
    if (!this.device.isDoorOpen(no - 1)) throw new Error(`door ${no} did not open`);
    await until(`door ${no} seen open`, () => this.compartment(no)?.doorOpen === true);
    this.device.closeDoor(no - 1);
    await until(`compartment ${no} ${expectState}`, () => this.compartment(no)?.state === expectState);
  }
}
