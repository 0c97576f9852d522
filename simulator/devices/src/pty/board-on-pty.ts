import type { SerialPort } from 'serialport';
import type { SerialDevice } from '../serial-device/device-line.js';

export interface BoardOnPty {
  readonly port: SerialPort;
  /** Detaches the board and closes its end of the line. */
  close(): Promise<void>;
}

/**
 * Opens the board's end of a PTY pair with serialport's real bindings and lets the simulated board
 * speak over it, as the microcontroller would over its UART.
 */
export async function attachBoardToPty(
  board: SerialDevice,
  boardPath: string,
  options: { baudRate?: number } = {},
): Promise<BoardOnPty> {
  // loaded on use, so that importing the simulator never loads the native serial addon
  const { SerialPort } = await import('serialport');
  const port = new SerialPort({ path: boardPath, baudRate: options.baudRate ?? 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  board.attach(port);
  // a port error after opening means the line is gone; the board detaches on 'close'
  port.on('error', () => {});
  let closing: Promise<void> | undefined;
  return {
    port,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        if (board.isAttachedTo(port)) board.detach();
        if (!port.isOpen) {
          resolve();
          return;
        }
        port.close(() => resolve());
      });
      return closing;
    },
  };
}
