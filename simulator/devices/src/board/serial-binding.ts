import type { Duplex } from 'node:stream';
import { createDuplexPair } from '@regiobox/firmware-proto';
import type { OpenOptions as StreamOpenOptions } from '@serialport/stream';
import type { SerialDevice } from '../serial-device/device-line.js';

// @serialport/bindings-interface publishes no types for ESM importers; take them from @serialport/stream.
/** A serialport binding, as `new SerialPortStream({ binding, ... })` takes it. */
export type SerialBinding = StreamOpenOptions['binding'];
type BindingPort = Awaited<ReturnType<SerialBinding['open']>>;
type OpenOptions = Parameters<SerialBinding['open']>[0];
type PortInfo = Awaited<ReturnType<SerialBinding['list']>>[number];
type PortStatus = Awaited<ReturnType<BindingPort['get']>>;
type SetOptions = Parameters<BindingPort['set']>[0];
type UpdateOptions = Parameters<BindingPort['update']>[0];

/** The error a serialport binding gives for a path with no device behind it (as the Linux binding words it). */
export class DeviceMissingError extends Error {
  readonly code = 'ENOENT';
  readonly errno = -2;
  constructor(path: string) {
    super(`Error: No such file or directory, cannot open ${path}`);
    this.name = 'DeviceMissingError';
  }
}

/** A read or write cut short by the host closing the port; serialport expects `canceled`. */
class CanceledError extends Error {
  readonly canceled = true;
}

interface Device {
  board: SerialDevice;
  info: PortInfo;
  port?: SimulatedSerialPort;
}

/**
 * A serialport binding whose devices are simulated boards (of any protocol), so a station opens
 * `new SerialPortStream({ binding, path, baudRate })` and talks to a board with no OS device.
 * `plug`/`unplug` make a device appear and vanish, as a USB adapter does.
 */
export class SimulatedSerialBinding implements SerialBinding {
  private readonly devices = new Map<string, Device>();

  plug(path: string, board: SerialDevice, info: Partial<PortInfo> = {}): void {
    if (this.devices.has(path)) throw new Error(`a device is already plugged in at ${path}`);
    this.devices.set(path, {
      board,
      info: {
        path,
        manufacturer: 'regiobox simulator',
        serialNumber: undefined,
        pnpId: undefined,
        locationId: undefined,
        productId: undefined,
        vendorId: undefined,
        ...info,
      },
    });
  }

  /** The device vanishes; an open port on it fails as on a real unplug. */
  unplug(path: string): void {
    const device = this.devices.get(path);
    if (!device) return;
    this.devices.delete(path);
    device.port?.disconnect();
  }

  isPlugged(path: string): boolean {
    return this.devices.has(path);
  }

  async list(): Promise<PortInfo[]> {
    return [...this.devices.values()].map((device) => ({ ...device.info }));
  }

  async open(options: OpenOptions): Promise<SimulatedSerialPort> {
    await new Promise((resolve) => setImmediate(resolve));
    const device = this.devices.get(options.path);
    if (!device) throw new DeviceMissingError(options.path);
    if (device.port?.isOpen) throw new Error(`Error: Resource temporarily unavailable Cannot lock port`);
    const [hostEnd, boardEnd] = createDuplexPair();
    const port = new SimulatedSerialPort(withDefaults(options), hostEnd, () => {
      if (device.port === port) device.port = undefined;
    });
    device.port = port;
    device.board.attach(boardEnd);
    return port;
  }
}

function withDefaults(options: OpenOptions): Required<OpenOptions> {
  return {
    dataBits: 8,
    lock: true,
    stopBits: 1,
    parity: 'none',
    rtscts: false,
    xon: false,
    xoff: false,
    xany: false,
    hupcl: true,
    ...options,
  };
}

/** One open port: bytes go to and come from the board over an in-memory pair. */
export class SimulatedSerialPort implements BindingPort {
  isOpen = true;
  private inbox: Buffer[] = [];
  private waitingRead: { wake: (error?: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor(
    readonly openOptions: Required<OpenOptions>,
    private readonly line: Duplex,
    private readonly onClosed: () => void,
  ) {
    line.on('data', (chunk: Buffer) => {
      this.inbox.push(chunk);
      this.wake();
    });
    // The board side went away (board.disconnect(), a destroyed link): like a yanked USB cable.
    line.on('close', () => this.fail(new Error('Error: Input/output error, the device was disconnected')));
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    for (;;) {
      if (!this.isOpen) throw new CanceledError('Read canceled');
      if (this.failure) throw this.failure;
      const chunk = this.inbox.shift();
      if (chunk) {
        const bytesRead = chunk.copy(buffer, offset, 0, Math.min(length, chunk.length));
        if (bytesRead < chunk.length) this.inbox.unshift(chunk.subarray(bytesRead));
        return { buffer, bytesRead };
      }
      await new Promise<void>((resolve) => {
        this.waitingRead = { wake: () => resolve() };
      });
    }
  }

  async write(buffer: Buffer): Promise<void> {
    if (!this.isOpen) throw new CanceledError('Write canceled');
    if (this.failure) throw this.failure;
    await new Promise<void>((resolve, reject) =>
      this.line.write(Buffer.from(buffer), (error) => (error ? reject(error) : resolve())),
    );
  }

  async close(): Promise<void> {
    if (!this.isOpen) throw new Error('Port is not open');
    this.isOpen = false;
    this.wake();
    this.line.destroy();
    this.onClosed();
  }

  /** Called by the binding on unplug. */
  disconnect(): void {
    this.line.destroy();
  }

  async update(_options: UpdateOptions): Promise<void> {
    this.assertOpen();
  }

  async set(_options: SetOptions): Promise<void> {
    this.assertOpen();
  }

  async get(): Promise<PortStatus> {
    this.assertOpen();
    return { cts: true, dsr: true, dcd: true };
  }

  async getBaudRate(): Promise<{ baudRate: number }> {
    this.assertOpen();
    return { baudRate: this.openOptions.baudRate };
  }

  async flush(): Promise<void> {
    this.assertOpen();
    this.inbox = [];
  }

  async drain(): Promise<void> {
    this.assertOpen();
  }

  private fail(error: Error): void {
    if (!this.isOpen || this.failure) return;
    this.failure = error;
    this.wake();
    this.onClosed();
  }

  private wake(): void {
    const waiting = this.waitingRead;
    this.waitingRead = undefined;
    waiting?.wake();
  }

  private assertOpen(): void {
    if (!this.isOpen) throw new Error('Port is not open');
  }
}
