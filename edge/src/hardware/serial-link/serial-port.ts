import { SerialPortStream } from '@serialport/stream';
import type { SerialBinding } from './serial-binding.js';

export interface SerialPortOptions {
  readonly path: string;
  readonly baudRate: number;
  /** the simulator's in-process binding in tests; the operating system's by default */
  readonly binding?: SerialBinding;
}

/**
 * Opens the port. The operating system's binding (a native addon) is loaded on first use, so a
 * station that drives GPIO never loads it.
 */
export async function openSerialPort(options: SerialPortOptions): Promise<SerialPortStream> {
  const binding = options.binding ?? (await import('serialport')).SerialPort.binding;
  const port = new SerialPortStream({
    binding,
    path: options.path,
    baudRate: options.baudRate,
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) => {
    port.open((err) => (err === null ? resolve() : reject(err)));
  });
  return port;
}

/** Closes the port if it is still open; never throws (it may have vanished with the device). */
export async function closeSerialPort(port: SerialPortStream): Promise<void> {
  if (!port.isOpen) {
    port.destroy();
    return;
  }
  await new Promise<void>((resolve) => {
    port.close(() => resolve());
  });
  port.destroy();
}

/** The path has no device behind it (an unplugged adapter), as opposed to one that is busy or refused. */
export function isDeviceMissing(err: unknown): boolean {
  if ((err as { code?: unknown } | null)?.code === 'ENOENT') return true;
  const message = err instanceof Error ? err.message : String(err);
  return /ENOENT|no such file|not found|does not exist/i.test(message);
}

/** A sentence for health and logs: a missing device reads differently from a busy one. */
export function describeOpenFailure(path: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (isDeviceMissing(err)) return `serial device ${path} does not exist`;
  return `serial device ${path} could not be opened (${message})`;
}
