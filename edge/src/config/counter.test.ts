import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { loadConfig, parseConfig } from './load.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const MAIN = resolve(import.meta.dirname, '../cli/main.ts');
const TSX = resolve(import.meta.dirname, '../../../node_modules/.bin/tsx');
const secrets = mkdtempSync(join(tmpdir(), 'regiobox-counter-secrets-'));
afterAll(() => rmSync(secrets, { recursive: true, force: true }));

const HASH = '$scrypt$ln=10,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
const counter = (over: Record<string, unknown> = {}) => ({
  stationId: 'hofladen-1',
  kind: 'counter',
  dataDir: '/tmp/x',
  places: [
    { no: 1, type: 'shelf', name: 'Regal' },
    { no: 2, type: 'fridge', name: { de: 'Kühlschrank', en: 'Fridge' }, probes: ['f'] },
  ],
  staff: [{ id: 'anna', name: 'Anna', passwordHash: HASH }],
  probes: [{ id: 'f', oneWireId: '28-0316a2790dff' }],
  hardware: { driver: 'one-wire' },
  mqtt: { url: 'mqtt://127.0.0.1:1883' },
  ...over,
});

const problemsOf = (raw: unknown): string[] => {
  try {
    parseConfig(raw, {});
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  throw new Error('config was accepted');
};

describe('a counter station config', () => {
  it("a counter's places become the core's compartments: a zone by type, its probes, no lock and no door", () => {
    const c = parseConfig(counter(), {});
    expect(c.compartments.map((x) => [x.no, x.zone, x.probes])).toEqual([
      [1, 'ambient', []],
      [2, 'chilled', ['f']],
    ]);
    expect(c.compartments.every((x) => x.lockChannel < 0 && x.doorInput < 0)).toBe(true);
  });

  it('a counter needs places and staff and has no compartments; a locker has no places or staff', () => {
    expect(problemsOf(counter({ places: [], staff: [] }))).toEqual([
      'places: [] is empty: a counter needs at least one storage place',
      'staff: [] is empty: a counter needs at least one staff login',
    ]);
    expect(
      problemsOf(
        counter({ compartments: [{ no: 1, lockChannel: 0, doorInput: 0, size: 'M', zone: 'ambient' }] }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^compartments: \[\{"no":1.* are not for a counter: it has no locks; give its storage places in `places`$/,
      ),
    ]);
    expect(problemsOf({ ...counter(), kind: 'locker' })).toEqual([
      'compartments: missing is required: a locker needs at least one compartment',
      expect.stringMatching(/^places: \[.* are only for a counter \(kind: counter\)$/),
      expect.stringMatching(/^staff: \[.* are only for a counter \(kind: counter\)$/),
    ]);
  });

  it('names a duplicate place, an unknown probe, a duplicate staff id and a password in clear', () => {
    const raw = counter({
      places: [
        { no: 1, type: 'shelf', name: 'A' },
        { no: 1, type: 'freezer', name: 'B', probes: ['nope'] },
      ],
      staff: [
        { id: 'anna', name: 'Anna', passwordHash: HASH },
        { id: 'anna', name: 'Anna 2', passwordHash: 'geheim' },
      ],
    });
    expect(problemsOf(raw)).toEqual([
      'staff[1].passwordHash: "geheim" is not a hash from `staff-hash`',
      'places[1].no: 1 is already used; place numbers must be unique',
      'staff[1].id: "anna" is already used; staff ids must be unique',
      'places[1].probes[0]: "nope" is not a probe id defined in probes (f)',
    ]);
  });

  it('farm-shop-counter.yaml passes check-config with two staff accounts whose hashes come from staff-hash', async () => {
    const config = loadConfig(join(EXAMPLES, 'farm-shop-counter.yaml'), {});
    expect(config.kind).toBe('counter');
    // hashes of random passwords nobody kept: a published password would be a default login in every shop
    expect(config.staff.map((s) => s.passwordHash.startsWith('$scrypt$ln=14,'))).toEqual([true, true]);
    writeFileSync(join(secrets, 'mqtt-password'), 'station-password\n');
    writeFileSync(join(secrets, 'command-key'), `${'5a'.repeat(32)}\n`);
    const { stdout } = await promisify(execFile)(
      TSX,
      [
        '--conditions=regiobox-source',
        MAIN,
        '--config',
        join(EXAMPLES, 'farm-shop-counter.yaml'),
        'check-config',
      ],
      {
        env: {
          PATH: process.env.PATH,
          REGIOBOX_MQTT_PASSWORD_FILE: join(secrets, 'mqtt-password'),
          REGIOBOX_COMMAND_KEY_FILE: join(secrets, 'command-key'),
        },
      },
    );
    expect(stdout).toMatch(/hofladen-sonnenwiese: counter: 5 places, 2 staff, 3 probes, driver one-wire/);
  });
});
