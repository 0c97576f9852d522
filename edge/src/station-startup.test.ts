import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedBoard, SimulatedSerialBinding } from '@regiobox/simulated-devices';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from './config/index.js';
import { TestBroker } from './link/testing/test-broker.js';
import { until } from './link/testing/until.js';
import { startStation } from './station.js';
import { stationDatabaseFile } from './store/station-records.js';

const PATH = '/dev/serial/by-id/usb-regiobox-board-if00';

describe('a station whose start fails half-way', () => {
  let dir: string;
  let broker: TestBroker;
  let board: SimulatedBoard;
  let squatter: net.Server;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'regiobox-startup-'));
    broker = await TestBroker.start();
    board = new SimulatedBoard({ lockChannels: 2, probes: 0 });
    squatter = net.createServer();
    await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', () => r()));
  });
  afterEach(async () => {
    await new Promise((r) => squatter.close(r));
    board.stop();
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a kiosk port already taken makes startStation reject, and the link, the board and the database it had started are stopped', async () => {
    const address = squatter.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const dataDir = join(dir, 'data');
    const config = parseConfig({
      stationId: 'dorfladen-3',
      dataDir,
      compartments: [
        { no: 1, lockChannel: 0, doorInput: 0, size: 'S', zone: 'ambient', probes: [] },
        { no: 2, lockChannel: 1, doorInput: 1, size: 'M', zone: 'ambient', probes: [] },
      ],
      hardware: { driver: 'serial-board', path: PATH, heartbeatMs: 500 },
      mqtt: { url: broker.url, keepaliveSeconds: 10, telemetryIntervalSeconds: 5 },
      kiosk: { host: '127.0.0.1', port: address.port },
    });
    const binding = new SimulatedSerialBinding();
    binding.plug(PATH, board);
    let connects = 0;
    let disconnects = 0;
    broker.aedes.on('client', () => connects++);
    broker.aedes.on('clientDisconnect', () => disconnects++);

    await expect(
      startStation(config, {
        logger: pino({ level: process.env.DBG ? 'info' : 'silent' }),
        binding,
        mqttBackoff: { minMs: 20, maxMs: 50 },
      }),
    ).rejects.toThrow(/EADDRINUSE/);

    // the board: the station's serial port is closed and no lock output is left on
    await until('the board released', () => !board.isAttached);
    expect([0, 1].map((ch) => board.isEnergised(ch))).toEqual([false, false]);
    // the database: closing the last connection checkpoints and removes the write-ahead log
    expect(existsSync(`${stationDatabaseFile(dataDir)}-wal`)).toBe(false);
    // the link: an attempt in flight when it stopped may still land and is closed at once; after
    // that no connection is left, and none comes back (a leaked link would stay or retry every 20-50 ms)
    await new Promise((r) => setTimeout(r, 500));
    expect(broker.connectedClients()).toBe(0);
    expect(disconnects).toBe(connects);
  });
});
