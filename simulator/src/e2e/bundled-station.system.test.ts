import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stationTopics } from '@regiobox/contract';
import { attachBoardToPty, createPtyPair, SimulatedBoard } from '@regiobox/simulated-devices';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startAedes } from '../bench/support/brokers.js';
import { type StationProcess, spawnStation } from '../bench/support/station-process.js';
import { readStationUnit, unitCommand } from '../bench/support/unit.js';
import { until } from '../bench/support/until.js';
import { BENCH_WALL_ID, wallConfig } from '../bench/support/wall-config.js';

/**
 * What a Pi runs: ExecStart= and Environment= of deploy/raspberry-pi/regiobox-edge.service, word
 * for word, with /opt/regiobox pointed at this checkout and --config at a temp file. Needs
 * `npm run build` first (CI builds before the system tests): the unit runs the bundle it makes.
 */
describe('the systemd unit runs the built station bundle', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('starts a 48-door station from the bundle: READY=1 to systemd and an online birth at the broker', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regiobox-unit-run-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const unit = readStationUnit();
    const configFile = join(dir, 'station.json');
    const command = unitCommand(unit, { configFile });
    const script = command.find((w) => w.endsWith('.mjs') || w.endsWith('.js'));
    expect(script, 'ExecStart= runs the bundle').toMatch(/edge\/dist\/bundle\/regiobox-edge\.mjs$/);
    expect(existsSync(script ?? ''), `${script} is missing: run npm run build first`).toBe(true);

    const pty = await createPtyPair();
    cleanups.push(() => pty.close());
    const board = new SimulatedBoard({ lockChannels: 48, probes: 16, initialCelsius: 4 });
    const line = await attachBoardToPty(board, pty.boardPath);
    cleanups.push(async () => {
      await line.close();
      board.stop();
    });
    const broker = await startAedes();
    cleanups.push(() => broker.close());
    writeFileSync(
      configFile,
      JSON.stringify(
        wallConfig({ dataDir: join(dir, 'data'), serialPath: pty.hostPath, brokerUrl: broker.url }),
      ),
    );
    const observer = await mqtt.connectAsync(broker.url, { clientId: 'unit-test-observer' });
    cleanups.push(() => observer.endAsync());
    const births: { state: string; capabilities?: { driver?: string; compartments?: number } }[] = [];
    observer.on('message', (_topic, payload) => births.push(JSON.parse(payload.toString())));
    await observer.subscribeAsync(stationTopics(BENCH_WALL_ID).status, { qos: 1 });

    let station: StationProcess | undefined;
    cleanups.push(async () => {
      await station?.stop();
    });
    station = await spawnStation({ runtime: 'bundle', command, env: unit.environment, note: '' }, dir);
    const online = await until('an online birth', () => births.find((b) => b.state === 'online'), 20_000);
    expect(online.capabilities).toMatchObject({ driver: 'serial-board', compartments: 48 });
    expect(station.readyMs).toBeGreaterThan(0);
    // SIGTERM, as systemd stops it: a clean exit, relays off
    expect(await station.stop()).toBe(0);
  }, 60_000);
});
