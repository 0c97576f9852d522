import { waveshareRelay } from '@regiobox/firmware-proto';
import type { InputSnapshot, ModbusRelayConfig, SerialLineStats } from '@regiobox/hardware-api';
import type { SerialPortStream } from '@serialport/stream';
import modbusSerial from 'modbus-serial';
import type { z } from 'zod';
import type { SerialSession } from '../serial-link/serial-link.js';
import { RtuFramedPort } from './rtu-port.js';

export type ModbusRelayHardwareConfig = z.infer<typeof ModbusRelayConfig>;

const { WaveshareRelay } = waveshareRelay;
// modbus-serial is CommonJS; under NodeNext its class is the module's `default`
const ModbusRTU = modbusSerial.default;
type ModbusRTU = InstanceType<typeof ModbusRTU>;

/**
 * One conversation with the relay board through modbus-serial, on the port the shared serial link
 * opened. Modbus RTU carries no transaction id and the library keeps one transaction at a time, so
 * requests are queued here; none is ever re-sent.
 */
export class ModbusSession implements SerialSession {
  readonly detail;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly failures = { timeouts: 0, crcErrors: 0 };

  private constructor(
    private readonly client: ModbusRTU,
    private readonly port: RtuFramedPort,
    private readonly config: ModbusRelayHardwareConfig,
  ) {
    this.detail = {
      detail: `Modbus relay board, unit ${config.unitId} on ${config.path}`,
      occupancySensors: false,
    };
    // a port error after opening means the line is gone; 'close' follows and says so
    client.on('error', () => {});
  }

  static async open(port: SerialPortStream, config: ModbusRelayHardwareConfig): Promise<ModbusSession> {
    const framed = new RtuFramedPort(port);
    const client = new ModbusRTU(framed);
    await new Promise<void>((resolve, reject) =>
      client.open((err: Error | null) => (err ? reject(err) : resolve())),
    );
    client.setID(config.unitId);
    client.setTimeout(config.replyTimeoutMs);
    return new ModbusSession(client, framed, config);
  }

  /** Door inputs and no occupancy sensors. */
  async readInputs(): Promise<InputSnapshot> {
    const { data } = await this.run(() => this.client.readDiscreteInputs(0, this.config.doorInputs));
    const openLevel = this.config.doorOpenWhen === 'input-on';
    const doors = data.slice(0, this.config.doorInputs).map((level) => level === openLevel);
    return { doors, occupancy: doors.map(() => null) };
  }

  /** Every relay off in one standard request (function 0x0F), the first thing after every open. */
  async releaseAll(): Promise<void> {
    await this.run(() =>
      this.client.writeCoils(
        0,
        Array.from({ length: this.config.relays }, () => false),
      ),
    );
  }

  /** The board's own timed pulse: function 0x05 at 0x0200 + relay with the length in 100 ms units. */
  async flashOn(relay: number, pulseMs: number): Promise<void> {
    const address = WaveshareRelay.flashOnBase + relay;
    const units = waveshareRelay.flashUnits(pulseMs);
    await this.run(() =>
      this.client.customFunction(WaveshareRelay.writeSingleCoil, [address >> 8, address & 0xff, 0, units]),
    );
  }

  async setRelay(relay: number, on: boolean): Promise<void> {
    await this.run(() => this.client.writeCoil(relay, on));
  }

  async relayIsOn(relay: number): Promise<boolean> {
    const { data } = await this.run(() => this.client.readCoils(relay, 1));
    return data[0] === true;
  }

  onClose(listener: (cause: Error | undefined) => void): void {
    if (!this.port.isOpen) listener(undefined);
    else this.client.on('close', () => listener(undefined));
  }

  lineStats(): SerialLineStats {
    const port = this.port.stats();
    return {
      framesReceived: port.framesReceived,
      framesDamaged: this.failures.crcErrors,
      garbageBytes: port.garbageBytes,
      crcErrors: this.failures.crcErrors,
      timeouts: this.failures.timeouts,
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.close();
  }

  private run<T>(request: () => Promise<T>): Promise<T> {
    const counted = () =>
      request().catch((err: unknown) => {
        if (isModbusTimeout(err)) this.failures.timeouts += 1;
        else if (err instanceof Error && err.message === 'CRC error') this.failures.crcErrors += 1;
        throw err;
      });
    const result = this.queue.then(counted, counted);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** modbus-serial's timeout: its TransactionTimedOutError carries errno ETIMEDOUT. */
export function isModbusTimeout(err: unknown): boolean {
  for (let e: unknown = err; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    if ((e as { errno?: unknown }).errno === 'ETIMEDOUT') return true;
  }
  return false;
}
