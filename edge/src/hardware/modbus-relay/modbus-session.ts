import { waveshareRelay } from '@regiobox/firmware-proto';
import type { InputSnapshot, ModbusRelayConfig } from '@regiobox/hardware-api';
import modbusSerial from 'modbus-serial';
import type { z } from 'zod';
import type { SerialBinding } from '../board/serial-binding.js';
import type { BoardSession } from '../board-link/board-link.js';

export type ModbusRelayHardwareConfig = z.infer<typeof ModbusRelayConfig>;

const { WaveshareRelay } = waveshareRelay;
// modbus-serial is CommonJS; under NodeNext its class is the module's `default`
const ModbusRTU = modbusSerial.default;
type ModbusRTU = InstanceType<typeof ModbusRTU>;

/**
 * One open Modbus RTU line to the relay board, through modbus-serial's buffered RTU port (it
 * reassembles replies that arrive in pieces). Modbus RTU carries no transaction id and the library
 * keeps one transaction at a time, so requests are queued here; none is ever re-sent.
 */
export class ModbusSession implements BoardSession {
  private queue: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | null = null;
  private lostListener: ((reason: string) => void) | null = null;

  private constructor(
    private readonly client: ModbusRTU,
    private readonly config: ModbusRelayHardwareConfig,
  ) {
    client.on('close', () => {
      if (this.closing === null) this.lostListener?.(`serial port ${config.path} closed`);
    });
    // a port error after opening means the line is gone; 'close' follows and says so
    client.on('error', () => {});
  }

  static async open(config: ModbusRelayHardwareConfig, binding?: SerialBinding): Promise<ModbusSession> {
    const client = new ModbusRTU();
    // modbus-serial hands these options to serialport, so the simulator's binding works as the OS's does
    await client.connectRTUBuffered(config.path, {
      baudRate: config.baudRate,
      ...(binding ? { binding } : {}),
    } as Parameters<ModbusRTU['connectRTUBuffered']>[1]);
    client.setID(config.unitId);
    client.setTimeout(config.replyTimeoutMs);
    return new ModbusSession(client, config);
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

  onLost(listener: (reason: string) => void): void {
    this.lostListener = listener;
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (!this.client.isOpen) {
        resolve();
        return;
      }
      this.client.close(() => resolve());
    });
    return this.closing;
  }

  private run<T>(request: () => Promise<T>): Promise<T> {
    const result = this.queue.then(request, request);
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
