import { existsSync, lstatSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../board/test-until.js';
import { createPtyPair, type PtyPair } from './pty-pair.js';

const pairs: PtyPair[] = [];
const ports: SerialPort[] = [];
afterEach(async () => {
  for (const port of ports.splice(0)) {
    if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
  for (const pair of pairs.splice(0)) await pair.close();
});

async function open(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
  ports.push(port);
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  return port;
}

describe('createPtyPair', () => {
  it('connects two /dev/pts devices both ways, byte for byte, including 0x00 and 0xFF', async () => {
    const pair = await createPtyPair();
    pairs.push(pair);
    expect(lstatSync(pair.hostPath).isSymbolicLink()).toBe(true);
    expect(pair.hostDevice).not.toBe(pair.boardDevice);
    const host = await open(pair.hostPath);
    const board = await open(pair.boardPath);
    const atBoard: Buffer[] = [];
    const atHost: Buffer[] = [];
    board.on('data', (chunk: Buffer) => atBoard.push(chunk));
    host.on('data', (chunk: Buffer) => atHost.push(chunk));
    const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    host.write(everyByte);
    board.write(Buffer.from('\r\n\x00\x11\x13', 'latin1'));
    await until(
      () => Buffer.concat(atBoard).length >= 256 && Buffer.concat(atHost).length >= 5,
      10_000,
      'bytes',
    );
    expect(Buffer.concat(atBoard)).toEqual(everyByte);
    expect(Buffer.concat(atHost)).toEqual(Buffer.from('\r\n\x00\x11\x13', 'latin1'));
  });

  it('removes its links and its directory on close', async () => {
    const pair = await createPtyPair();
    await pair.close();
    expect(existsSync(pair.hostPath)).toBe(false);
    expect(existsSync(join(pair.hostPath, '..'))).toBe(false);
    await pair.close(); // twice is harmless
  });

  it('puts the links into a given directory and leaves the directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regiobox-pty-test-'));
    try {
      const pair = await createPtyPair({ dir });
      expect(pair.boardPath).toBe(join(dir, 'board'));
      await pair.close();
      expect(existsSync(dir)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with PTY_UNAVAILABLE when socat cannot create the links', async () => {
    await expect(createPtyPair({ dir: '/nonexistent/regiobox' })).rejects.toMatchObject({
      code: 'PTY_UNAVAILABLE',
    });
  });
});
