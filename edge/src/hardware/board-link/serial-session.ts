import type { SerialPortStream } from '@serialport/stream';
import type { SerialBinding } from '../board/serial-binding.js';
import { closeSerialPort, openSerialPort } from '../board/serial-port.js';
import type { BoardSession } from './board-link.js';

export interface SerialLineOptions {
  readonly path: string;
  readonly baudRate: number;
  readonly binding?: SerialBinding;
}

/**
 * An open serial port as a BoardSession: it reports the line lost when the port closes by itself
 * (an unplugged adapter, a removed PTY) and closes once.
 */
export class SerialLine implements BoardSession {
  private lostListener: ((reason: string) => void) | null = null;
  private closing: Promise<void> | null = null;

  private constructor(
    readonly port: SerialPortStream,
    private readonly path: string,
  ) {
    port.once('close', (err: Error | null) => {
      if (this.closing !== null) return;
      this.lostListener?.(`serial port ${path} closed${err ? ` (${err.message})` : ''}`);
    });
    // a port error after opening means the line is gone; 'close' follows and says so
    port.on('error', () => {});
  }

  static async open(options: SerialLineOptions): Promise<SerialLine> {
    return new SerialLine(await openSerialPort(options), options.path);
  }

  onLost(listener: (reason: string) => void): void {
    this.lostListener = listener;
  }

  close(): Promise<void> {
    this.closing ??= closeSerialPort(this.port);
    return this.closing;
  }
}
