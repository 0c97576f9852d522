import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from './index.js';
import { loadConfig } from './load.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const MAIN = resolve(import.meta.dirname, '../cli/main.ts');
const TSX = resolve(import.meta.dirname, '../../../node_modules/.bin/tsx');
const load = (name: string) => loadConfig(join(EXAMPLES, name), {});

const secrets = mkdtempSync(join(tmpdir(), 'regiobox-commercial-secrets-'));
afterAll(() => rmSync(secrets, { recursive: true, force: true }));

/**
 * `regiobox-edge --config <example> check-config`, as an installer runs it. check-config also
 * checks the secret files; they are in a temp dir here, named by the documented environment
 * overrides, so that only the example is on trial.
 */
async function checkConfig(name: string): Promise<string> {
  writeFileSync(join(secrets, 'mqtt-password'), 'station-password\n');
  writeFileSync(join(secrets, 'command-key'), `${'5a'.repeat(32)}\n`);
  const { stdout } = await promisify(execFile)(
    TSX,
    ['--conditions=regiobox-source', MAIN, '--config', join(EXAMPLES, name), 'check-config'],
    {
      env: {
        PATH: process.env.PATH,
        REGIOBOX_MQTT_PASSWORD_FILE: join(secrets, 'mqtt-password'),
        REGIOBOX_COMMAND_KEY_FILE: join(secrets, 'command-key'),
      },
    },
  );
  return stdout;
}

describe('the commercial lock board examples in edge/examples', () => {
  it('kerong-cu16-lockers.yaml: 20 doors on two cascaded Kerong boards, probes on one-wire', async () => {
    const config = load('kerong-cu16-lockers.yaml');
    const hw = config.hardware;
    if (hw.driver !== 'kerong-cu') throw new Error(`expected the kerong-cu driver, got ${hw.driver}`);
    expect(hw).toMatchObject({ baudRate: 19200, boards: [0, 1] });
    expect(hw.path).toMatch(/^\/dev\/serial\/by-id\//);
    expect(config.compartments).toHaveLength(20);
    // channels 16-19 are the second board's first four locks
    expect(config.compartments.filter((c) => c.lockChannel >= 16).map((c) => c.no)).toEqual([17, 18, 19, 20]);
    expect(config.probes.every((p) => p.oneWireId?.startsWith('28-'))).toBe(true);
    for (const c of config.compartments.filter((x) => x.zone !== 'ambient')) expect(c.probes).not.toEqual([]);
    expect(await checkConfig('kerong-cu16-lockers.yaml')).toMatch(
      /20 compartments, 3 probes, driver kerong-cu/,
    );
  });

  it('waveshare-modbus-lockers.yaml: four doors on a Waveshare Modbus RTU relay board with flash on', async () => {
    const config = load('waveshare-modbus-lockers.yaml');
    const hw = config.hardware;
    if (hw.driver !== 'modbus-relay') throw new Error(`expected the modbus-relay driver, got ${hw.driver}`);
    expect(hw).toMatchObject({ baudRate: 9600, unitId: 1, flashOn: true, relays: 8, doorInputs: 8 });
    expect(config.compartments.every((c) => c.lockChannel < hw.relays && c.doorInput < hw.doorInputs)).toBe(
      true,
    );
    expect(config.probes.every((p) => p.oneWireId?.startsWith('28-'))).toBe(true);
    expect(await checkConfig('waveshare-modbus-lockers.yaml')).toMatch(
      /4 compartments, 2 probes, driver modbus-relay/,
    );
  });

  it('refuses a lock channel past the configured boards, naming the compartment and the boards', () => {
    const raw = parse(readFileSync(join(EXAMPLES, 'kerong-cu16-lockers.yaml'), 'utf8'));
    raw.hardware.boards = [0];
    expect(() => parseConfig(raw)).toThrow(/compartments\[16\]\.lockChannel.*has no lock: 1 Kerong board/s);
  });
});
