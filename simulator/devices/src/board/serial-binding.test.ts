import { BoardClient } from '@regiobox/firmware-proto';
import { SerialPortStream } from '@serialport/stream';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedSerialBinding } from './serial-binding.js';
import { SimulatedBoard } from './simulated-board.js';
import { until } from './test-until.js';

const PATH = '/dev/serial/by-id/usb-regiobox-board-0';
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function openPort(binding: SimulatedSerialBinding, path = PATH): Promise<SerialPortStream> {
  const port = new SerialPortStream({ binding, path, baudRate: 115200, autoOpen: false });
  return new Promise((resolve, reject) => port.open((error) => (error ? reject(error) : resolve(port))));
}

function closePort(port: SerialPortStream): Promise<void> {
  if (!port.isOpen) return Promise.resolve();
  return new Promise((resolve) => port.close(() => resolve()));
}

function setup() {
  const binding = new SimulatedSerialBinding();
  const board = new SimulatedBoard({ lockChannels: 2 });
  binding.plug(PATH, board);
  cleanups.push(() => board.stop());
  return { binding, board };
}

describe('SimulatedSerialBinding', () => {
  it('lets a station talk to the board through SerialPortStream', async () => {
    const { binding, board } = setup();
    const port = await openPort(binding);
    const client = new BoardClient(port);
    cleanups.push(
      () => closePort(port),
      () => client.close(),
    );
    await expect(client.hello()).resolves.toMatchObject({ lockChannels: 2 });
    await client.unlock(1, 300, 77);
    expect(board.pulses()).toMatchObject([{ channel: 1, pulseMs: 300, commandId: 77 }]);
    expect(await binding.list()).toMatchObject([{ path: PATH, manufacturer: 'regiobox simulator' }]);
  });

  it('fails to open a path with no device, like a missing USB adapter', async () => {
    const binding = new SimulatedSerialBinding();
    await expect(openPort(binding, '/dev/ttyUSB9')).rejects.toMatchObject({
      code: 'ENOENT',
      message: 'Error: No such file or directory, cannot open /dev/ttyUSB9',
    });
  });

  it('refuses a second open of a port that is already open', async () => {
    const { binding } = setup();
    const port = await openPort(binding);
    cleanups.push(() => closePort(port));
    await expect(openPort(binding)).rejects.toThrow(/Cannot lock port/);
  });

  it('an unplug closes the port with a disconnect error and the client settles; re-plugging works', async () => {
    const { binding, board } = setup();
    const port = await openPort(binding);
    const client = new BoardClient(port, { replyTimeoutMs: 10_000 });
    cleanups.push(() => client.close());
    await client.ping();
    const closed = new Promise<unknown>((resolve) => port.once('close', resolve));
    board.goSilent();
    const pending = client.readStates();
    binding.unplug(PATH);
    await expect(closed).resolves.toMatchObject({ disconnected: true });
    await expect(pending).rejects.toMatchObject({ code: 'CLOSED' });
    expect(port.isOpen).toBe(false);
    await expect(openPort(binding)).rejects.toMatchObject({ code: 'ENOENT' });

    board.resume();
    binding.plug(PATH, board);
    const again = await openPort(binding);
    const second = new BoardClient(again);
    cleanups.push(
      () => closePort(again),
      () => second.close(),
    );
    await second.ping();
  });

  it('closing the port on the host side detaches the board', async () => {
    const { binding, board } = setup();
    const port = await openPort(binding);
    expect(board.isAttached).toBe(true);
    await closePort(port);
    await until(() => !board.isAttached, 5000, 'the board to be detached');
    // the port can be opened again at once
    const again = await openPort(binding);
    cleanups.push(() => closePort(again));
    expect(board.isAttached).toBe(true);
  });

  it('board.disconnect() looks like an unplug to the station', async () => {
    const { binding, board } = setup();
    const port = await openPort(binding);
    // as on a real port, the loss shows on the next read, so someone has to be reading
    port.on('data', () => {});
    const closed = new Promise<unknown>((resolve) => port.once('close', resolve));
    board.disconnect();
    await expect(closed).resolves.toMatchObject({ disconnected: true });
  });
});
