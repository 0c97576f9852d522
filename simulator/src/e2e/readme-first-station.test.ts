import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readmeCommands, runPrinted, type ShellRun, until } from '@regiobox/cloud-bridge/testing';
import { afterEach, describe, expect, it } from 'vitest';

const EXAMPLE = 'edge/examples/first-station.yaml';
const REPO = path.resolve(import.meta.dirname, '../../..');

describe('"Running a station" in the README, run as printed', () => {
  let dir = '';
  const runs: ShellRun[] = [];
  afterEach(() => {
    for (const r of runs.splice(0)) r.killGroup('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a newcomer registers dorfladen-3, check-config passes only once its secret files exist, and the station comes online at the bridge', async () => {
    const [build, bridgeLine, add, check, station, haccp, ...rest] = readmeCommands('## Running a station');
    expect(rest).toEqual([]);
    expect(build).toBe('npm ci && npm run build'); // the test runs the sources instead
    expect(bridgeLine).toMatch(/&$/);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-readme-station-'));
    fs.mkdirSync(path.join(dir, 'edge/examples'), { recursive: true });
    fs.copyFileSync(path.join(REPO, EXAMPLE), path.join(dir, EXAMPLE));

    // The printed ports (1883, 8080, 8081) may be taken here; these variables are the documented overrides.
    const bridge = runPrinted((bridgeLine ?? '').replace(/\s*&$/, ''), dir, {
      REGIOBOX_BRIDGE__HTTP__PORT: '0',
      REGIOBOX_BRIDGE__BROKER__PORT: '0',
    });
    runs.push(bridge);
    await until('bridge started', () => bridge.output().includes('"msg":"bridge started"'), 30_000);
    const brokerUrl = /"brokerUrl":"([^"]+)"/.exec(bridge.output())?.[1] ?? '';
    const stationEnv = { REGIOBOX_MQTT_URL: brokerUrl, REGIOBOX_KIOSK_PORT: '0' };

    const early = runPrinted(check ?? '', dir, stationEnv);
    expect(await early.exit).toBe(2);
    expect(early.output()).toContain('mqtt.passwordFile: ".data/dorfladen-3/mqtt-password" does not exist');

    const added = runPrinted(add ?? '', dir);
    expect(await added.exit, added.output()).toBe(0);
    expect(added.output()).toContain('Wrote .data/dorfladen-3/mqtt-password (mqtt.passwordFile)');
    expect(fs.statSync(path.join(dir, '.data/dorfladen-3/command-key')).mode & 0o777).toBe(0o600);

    const checked = runPrinted(check ?? '', dir, stationEnv);
    expect(await checked.exit, checked.output()).toBe(0);
    expect(checked.output()).toContain('dorfladen-3: 2 compartments');

    const running = runPrinted(station ?? '', dir, stationEnv);
    runs.push(running);
    await until('station online', () => running.output().includes('"msg":"link online"'), 30_000);
    running.child.kill('SIGTERM');
    expect(await running.exit).toBe(0);

    const exported = runPrinted(haccp ?? '', dir, stationEnv);
    expect(await exported.exit, exported.output()).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'haccp-july.csv'), 'utf8')).toMatch(
      /^\uFEFFstation;compartment;zone;probe;/,
    );
  }, 120_000);
});
