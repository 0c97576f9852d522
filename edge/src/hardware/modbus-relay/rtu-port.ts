import { EventEmitter } from 'node:events';
import type { SerialPortStream } from '@serialport/stream';

/** What the port carried: replies handed to the Modbus library, and bytes that fitted no reply. */
export interface RtuPortStats {
  framesReceived: number;
  garbageBytes: number;
}

/**
 * The "port" modbus-serial talks to, over a serial port the shared serial link has opened. Modbus
 * RTU has no delimiter and the library wants each reply in one piece, so the port cuts the byte
 * stream by the length the request implies (as the library's own buffered port does): the unit and
 * function code of the request start the reply, an exception reply is 5 bytes. What fits no reply
 * is counted and dropped; the library checks the CRC.
 */
export class RtuFramedPort extends EventEmitter {
  private buffer = Buffer.alloc(0);
  private expected: { unit: number; fn: number; length: number } | null = null;
  private readonly counters: RtuPortStats = { framesReceived: 0, garbageBytes: 0 };

  constructor(private readonly port: SerialPortStream) {
    super();
    port.on('data', this.onData);
    port.once('close', this.onClose);
  }

  get isOpen(): boolean {
    return this.port.isOpen;
  }

  stats(): RtuPortStats {
    return { ...this.counters };
  }

  /** The link opened the port already. */
  open(callback: (err: Error | null) => void): void {
    callback(null);
  }

  /** Detaches; the link closes the port itself. */
  close(callback?: (err: Error | null) => void): void {
    this.port.off('data', this.onData);
    this.port.off('close', this.onClose);
    callback?.(null);
  }

  write(request: Buffer): void {
    const unit = request[0] ?? 0;
    const fn = request[1] ?? 0;
    const quantity = request.length >= 6 ? request.readUInt16BE(4) : 0;
    const length =
      fn === 1 || fn === 2 ? 5 + Math.ceil(quantity / 8) : fn === 3 || fn === 4 ? 5 + 2 * quantity : 8;
    this.discard(this.buffer.length);
    this.expected = { unit, fn, length };
    this.port.write(request);
  }

  private readonly onData = (chunk: Buffer): void => {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const expected = this.expected;
    if (expected === null) {
      this.discard(this.buffer.length);
      return;
    }
    for (let i = 0; i + 1 < this.buffer.length; i++) {
      if (this.buffer[i] !== expected.unit) continue;
      const fn = this.buffer[i + 1];
      const length = fn === expected.fn ? expected.length : fn === (expected.fn | 0x80) ? 5 : 0;
      if (length === 0) continue;
      if (i + length > this.buffer.length) return;
      this.discard(i);
      const reply = this.buffer.subarray(0, length);
      this.buffer = this.buffer.subarray(length);
      this.expected = null;
      this.counters.framesReceived += 1;
      this.emit('data', reply);
      return;
    }
  };

  private readonly onClose = (): void => {
    this.emit('close');
  };

  private discard(bytes: number): void {
    this.counters.garbageBytes += bytes;
    this.buffer = this.buffer.subarray(bytes);
  }
}
