import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../registry/password-hash.js';
import { readmeCommands, runPrinted, type ShellRun } from '../test-support/readme.js';
import { until } from '../test-support/until.js';

const BRIDGE = 'node cloud-bridge/dist/cli/main.js';
// The printed defaults (1883, 8080) may be taken on a test machine; the variables are documented.
const PORTS = { REGIOBOX_BRIDGE__HTTP__PORT: '0', REGIOBOX_BRIDGE__BROKER__PORT: '0' };

const canLogIn = (url: string, username: string, password: string): Promise<boolean> =>
  new Promise((resolve) => {
    const client = mqtt.connect(url, {
      username,
      password,
      reconnectPeriod: 0,
      clientId: `regiobox-${username}`,
    });
    client.once('connect', () => client.end(true, () => resolve(true)));
    client.once('error', () => client.end(true, () => resolve(false)));
  });

describe('the marketplace side of the README, run as printed', () => {
  let dir = '';
  const runs: ShellRun[] = [];
  afterEach(() => {
    for (const r of runs.splice(0)) r.killGroup('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stations add dorfladen-3 registers the station with the bridge started beside it, and write-mosquitto needs no --db either', async () => {
    const [start, add, hash, ...rest] = readmeCommands('## The marketplace side');
    expect(rest).toEqual([]);
    expect(start).toBe(BRIDGE);
    expect(add).toBe(`${BRIDGE} stations add dorfladen-3`);
    expect(hash).toBe(`printf '%s' "$PASSWORD" | ${BRIDGE} operator-hash`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-readme-'));

    const bridge = runPrinted(start ?? '', dir, PORTS);
    runs.push(bridge);
    await until('bridge started', () => bridge.output().includes('"msg":"bridge started"'), 30_000);
    const brokerUrl = /"brokerUrl":"([^"]+)"/.exec(bridge.output())?.[1] ?? '';

    const added = runPrinted(add ?? '', dir, PORTS);
    expect(await added.exit, added.output()).toBe(0);
    const password = /MQTT password:\s+(\S+)/.exec(added.output())?.[1] ?? '';
    expect(password).toMatch(/\S{16,}/);
    expect(await canLogIn(brokerUrl, 'dorfladen-3', password)).toBe(true);

    const hashed = runPrinted(hash ?? '', dir, { PASSWORD: 'Kühlkette-2026!' });
    expect(await hashed.exit).toBe(0);
    expect(await verifyPassword('Kühlkette-2026!', hashed.output().trim())).toBe(true);

    const files = runPrinted(`${BRIDGE} stations write-mosquitto mosquitto`, dir, PORTS);
    expect(await files.exit, files.output()).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'mosquitto', 'regiobox.passwd'), 'utf8')).toMatch(/^dorfladen-3:/m);
  }, 60_000);
});
