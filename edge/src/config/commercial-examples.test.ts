import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from './index.js';
import { loadConfig } from './load.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const MAIN = resolve(import.meta.dirname, '../cli/main.ts');
const TSX = resolve(import.meta.dirname, '../../../node_modules/.bin/tsx');
const load = (name: string) => loadConfig(join(EXAMPLES, name), {});

/** `regiobox-edge --config <example> check-config`, as an installer runs it. */
async function checkConfig(name: string): Promise<string> {
  const { stdout } = await promisify(execFile)(TSX, [
    '--conditions=regiobox-source',
    MAIN,
    '--config',
    join(EXAMPLES, name),
    'check-config',
  ]);
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
