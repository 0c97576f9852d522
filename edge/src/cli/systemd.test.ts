import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../link/testing/until.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const UNIT = join(ROOT, 'deploy/raspberry-pi/regiobox-edge.service');
const MAIN = join(ROOT, 'edge/src/cli/main.ts');

/** The unit file as systemd reads it: sections of `Key=value` lines; a key may repeat. */
const parseUnit = (text: string): Map<string, Map<string, string[]>> => {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = new Map();
      sections.set(section[1] ?? '', current);
      continue;
    }
    const eq = line.indexOf('=');
    if (!current || eq < 0) throw new Error(`not a unit file line: ${line}`);
    const key = line.slice(0, eq).trim();
    current.set(key, [...(current.get(key) ?? []), line.slice(eq + 1).trim()]);
  }
  return sections;
};

describe('the systemd unit of the station', () => {
  const unit = parseUnit(readFileSync(UNIT, 'utf8'));
  const service = unit.get('Service') ?? new Map<string, string[]>();
  const value = (key: string) => service.get(key)?.at(-1);

  it('restarts the station after any exit, for ever, and after a hung event loop', () => {
    expect(value('Type')).toBe('notify');
    // the pings come from systemd-notify, a child process: the main PID must not be the only sender
    expect(value('NotifyAccess')).toBe('all');
    expect(value('WatchdogSec')).toBe('30');
    expect(value('Restart')).toBe('always');
    expect(value('RestartSec')).toBe('2');
    // otherwise five failed starts in ten seconds end the restarts
    expect(unit.get('Unit')?.get('StartLimitIntervalSec')).toEqual(['0']);
    // the bundle (npm run build), with Node flags before it; the unit test in simulator/ runs this line
    expect(value('ExecStart')).toMatch(
      /^\/usr\/bin\/node (--\S+ )*\/opt\/regiobox\/edge\/dist\/bundle\/regiobox-edge\.mjs --config \S+$/,
    );
  });

  it('runs as the regiobox user with only the gpio and dialout groups, writing only its data directory', () => {
    expect(value('User')).toBe('regiobox');
    expect(value('SupplementaryGroups')?.split(/\s+/).sort()).toEqual(['dialout', 'gpio']);
    expect(value('ProtectSystem')).toBe('strict');
    expect(value('ReadWritePaths')).toBe('/var/lib/regiobox');
    expect(value('StateDirectoryMode')).toBe('0700');
    expect(value('NoNewPrivileges')).toBe('yes');
    expect(value('PrivateTmp')).toBe('yes');
    expect(value('CapabilityBoundingSet')).toBe('');
  });

  it('leaves out the hardening that would cut the station off its devices or its JIT', () => {
    // PrivateDevices hides /dev/ttyUSB*; ProtectClock implies a DeviceAllow= list that closes every
    // other device; MemoryDenyWriteExecute forbids V8's JIT
    for (const key of ['PrivateDevices', 'ProtectClock', 'MemoryDenyWriteExecute', 'DeviceAllow'])
      expect(service.has(key), key).toBe(false);
  });

  it('is accepted by systemd-analyze verify without a warning, where systemd is installed', () => {
    const analyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => existsSync(p));
    // Structural checks above run everywhere; this one needs systemd's own parser.
    if (!analyze) return;
    const dir = mkdtempSync(join(tmpdir(), 'regiobox-unit-'));
    try {
      // verify also checks that ExecStart's binary exists: point it at this machine's node
      const text = readFileSync(UNIT, 'utf8').replace('/usr/bin/node ', `${process.execPath} `);
      writeFileSync(join(dir, 'regiobox-edge.service'), text);
      const result = spawnSync(analyze, ['verify', join(dir, 'regiobox-edge.service')], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sd_notify from the station CLI', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'regiobox-notify-'));
  });
  afterEach(() => {
    child?.kill('SIGKILL');
    child = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells systemd it is ready once it serves, then pings the watchdog at half of WatchdogSec', async () => {
    // a systemd-notify that records what it was asked to send, and the socket it would send it to
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const log = join(dir, 'notify.log');
    writeFileSync(join(bin, 'systemd-notify'), `#!/bin/sh\necho "$NOTIFY_SOCKET $*" >> '${log}'\n`);
    chmodSync(join(bin, 'systemd-notify'), 0o755);
    const config = join(dir, 'station.yaml');
    writeFileSync(
      config,
      [
        'stationId: notify-test',
        `dataDir: ${join(dir, 'data')}`,
        'compartments:',
        '  - { no: 1, lockChannel: 0, doorInput: 0, size: M, zone: chilled, probes: [] }',
        `hardware: { driver: serial-board, path: ${join(dir, 'no-adapter')} }`,
        'mqtt: { url: "mqtt://127.0.0.1:9" }',
        'kiosk: { port: 0 }',
        '',
      ].join('\n'),
    );
    const socket = join(dir, 'notify.sock');
    const started = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=regiobox-source', MAIN, '--config', config],
      {
        cwd: ROOT,
        stdio: 'ignore',
        // WatchdogSec=1 → WATCHDOG_USEC=1000000 → a ping every 500 ms
        env: {
          ...process.env,
          PATH: `${bin}:${process.env.PATH ?? ''}`,
          NOTIFY_SOCKET: socket,
          WATCHDOG_USEC: '1000000',
        },
      },
    );
    child = started;
    const exited = new Promise<number | null>((r) => started.once('exit', (code) => r(code)));
    const lines = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);

    const ready = await until(
      'READY from the station',
      () => lines().find((l) => l.includes('--ready')),
      30_000,
    );
    // the station names its own PID: the message comes from a child, and NotifyAccess=all attributes it
    expect(ready).toBe(`${socket} --ready --pid=${started.pid}`);
    await until(
      'three watchdog pings',
      () => lines().filter((l) => l.includes('WATCHDOG=1')).length >= 3,
      15_000,
    );
    const all = lines();
    expect(all[0]).toBe(ready);
    for (const ping of all.slice(1)) expect(ping).toBe(`${socket} --pid=${started.pid} WATCHDOG=1`);

    started.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
