import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { ConfigError } from './errors.js';
import { loadConfig, parseConfig } from './load.js';
import { wiringTable } from './testing/wiring-table.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const BOOKWORM_EXAMPLE = join(ROOT, 'deploy/examples/gpio-station.yaml');
const TRIXIE_EXAMPLE = join(ROOT, 'edge/examples/gpio-cold-box.yaml');

const dirs: string[] = [];

/**
 * The Pi's secret files, which check-config also checks: here in a temp dir, named by the documented
 * environment overrides, so that only the GPIO section is on trial.
 */
const secretFiles = (): Record<string, string> => {
  const dir = mkdtempSync(join(tmpdir(), 'regiobox-gpio-secrets-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'mqtt-password'), 'station-password\n');
  writeFileSync(join(dir, 'command-key'), `${'5a'.repeat(32)}\n`);
  return {
    REGIOBOX_MQTT_PASSWORD_FILE: join(dir, 'mqtt-password'),
    REGIOBOX_COMMAND_KEY_FILE: join(dir, 'command-key'),
  };
};

/** `regiobox-edge --config <file> check-config`, as an installer runs it on the Pi. */
const checkConfig = (file: string) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(
      join(ROOT, 'node_modules/.bin/tsx'),
      ['--conditions=regiobox-source', join(ROOT, 'edge/src/cli/main.ts'), '--config', file, 'check-config'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, ...secretFiles() } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The Bookworm example with its `hardware` section changed, written where check-config can read it. */
const bookwormWith = (hardware: Record<string, unknown>): string => {
  const dir = mkdtempSync(join(tmpdir(), 'regiobox-gpio-config-'));
  dirs.push(dir);
  const config = parseYaml(readFileSync(BOOKWORM_EXAMPLE, 'utf8')) as Record<string, unknown>;
  const file = join(dir, 'station.yaml');
  writeFileSync(file, toYaml({ ...config, hardware: { ...(config.hardware as object), ...hardware } }));
  return file;
};

/** One door, so that every problem reported is one of the GPIO section. */
const problemsOf = (hardware: Record<string, unknown>): string[] => {
  try {
    parseConfig({
      stationId: 'hofladen-sonnenwiese',
      dataDir: '/var/lib/regiobox',
      compartments: [{ no: 1, lockChannel: 0, doorInput: 0, size: 'M', zone: 'ambient' }],
      hardware: { driver: 'gpio', ...hardware },
      mqtt: { url: 'mqtts://broker.regio-markt.example:8883' },
    });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  throw new Error('config was accepted');
};

describe('GPIO examples with the pin numbers of current Raspberry Pi OS', () => {
  it('regiobox-edge check-config accepts the Bookworm example (sysfs numbers from 512) and the Trixie one (line names)', async () => {
    const bookworm = await checkConfig(BOOKWORM_EXAMPLE);
    expect(bookworm.stderr).toBe('');
    expect(bookworm.stdout).toContain('hofladen-sonnenwiese: 4 compartments, 3 probes, driver gpio');
    expect(bookworm.code).toBe(0);

    const trixie = await checkConfig(TRIXIE_EXAMPLE);
    expect(trixie.stderr).toBe('');
    expect(trixie.stdout).toContain('hof-birkenweg-kuehlbox: 1 compartments, 1 probes, driver gpio');
    expect(trixie.code).toBe(0);
  });

  it('the Trixie example names the lines that WIRING.md gives for the same keys', () => {
    const hw = loadConfig(TRIXIE_EXAMPLE, {}).hardware;
    if (hw.driver !== 'gpio') throw new Error(`expected the gpio driver, got ${hw.driver}`);
    const wiring = wiringTable();
    expect(hw.backend).toBe('chardev');
    expect(hw.relays.map((l) => l.line)).toEqual(wiring.relays.slice(0, hw.relays.length).map((r) => r.name));
    expect(hw.doorSwitches.map((l) => l.line)).toEqual(
      wiring.doorSwitches.slice(0, hw.doorSwitches.length).map((r) => r.name),
    );
  });

  it('check-config refuses a line name with the sysfs backend, naming the key, and exits 2', async () => {
    const result = await checkConfig(bookwormWith({ relays: [{ line: 'GPIO17', activeLow: true }] }));

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('hardware.relays[0].line: "GPIO17" is a libgpiod line');
    expect(result.stderr).toContain('GPIO17 is pin: 529 on Bookworm');
    expect(result.stdout).toBe('');
  });
});

describe('GPIO lines that cannot be are refused with the key named', () => {
  it('a sysfs number in a chardev config, as pin or as line offset', () => {
    expect(problemsOf({ backend: 'chardev', relays: [{ pin: 529 }], doorSwitches: [{ line: 534 }] })).toEqual(
      [
        'hardware.relays[0].pin: 529 is a sysfs number, which only backend sysfs uses; backend chardev takes line: a name (GPIO17) or an offset on the chip (17)',
        'hardware.doorSwitches[0].line: 534 is a sysfs number, not a line offset (no chip has that many lines); backend chardev takes the name (GPIO17) or the offset on the chip (17)',
      ],
    );
  });

  it('a line, a line chip or a hardware chip with the sysfs backend', () => {
    expect(
      problemsOf({
        chip: 'gpiochip0',
        relays: [{ pin: 529, chip: 'gpiochip4' }],
        doorSwitches: [{ line: 5 }],
      }),
    ).toEqual([
      'hardware.chip: "gpiochip0" is used only by backend chardev; the sysfs backend takes sysfs numbers as pin',
      'hardware.relays[0].chip: "gpiochip4" is used only by backend chardev; the sysfs backend takes the sysfs number as pin',
      'hardware.doorSwitches[0].line: 5 is a libgpiod line, which only backend chardev reaches; the sysfs backend takes the sysfs number as pin (GPIO17 is pin: 529 on Bookworm)',
    ]);
  });

  it('sysfs numbers no machine has, and a line without any address', () => {
    expect(problemsOf({ relays: [{ pin: -1 }], doorSwitches: [{ pin: 100_000 }] })).toEqual([
      'hardware.relays[0].pin: -1 is below the minimum 0',
      'hardware.doorSwitches[0].pin: 100000 is above the maximum 4095',
    ]);
    expect(problemsOf({ relays: [{ activeLow: true }], doorSwitches: [{ pin: 517 }] })).toEqual([
      'hardware.relays[0].pin: missing is required with backend sysfs: the sysfs GPIO number (GPIO17 is 529 on Bookworm)',
    ]);
  });

  it('a chip that is no chip, and a typo in a line', () => {
    expect(
      problemsOf({
        backend: 'chardev',
        relays: [{ line: 'GPIO17', chip: 'rp1' }],
        doorSwitches: [{ line: 'GPIO5', activLow: true }],
      }),
    ).toEqual([
      'hardware.relays[0].chip: "rp1" is not a GPIO chip: its name (gpiochip0), number (0) or device path (/dev/gpiochip0)',
      'hardware.doorSwitches[0].activLow: unknown key (typo?)',
    ]);
  });

  it('one line for a relay and a door switch, and an offset in quotes', () => {
    expect(
      problemsOf({
        backend: 'chardev',
        relays: [{ line: 'GPIO17' }, { line: '27' }],
        doorSwitches: [{ line: 'GPIO17' }, { chip: 'gpiochip0', line: 6 }, { line: 6 }],
      }),
    ).toEqual([
      'hardware.relays[1].line: "27" is digits in quotes: for the offset write line: 27 without quotes; a line name has letters',
      'hardware.doorSwitches[0].line: "GPIO17" is already used by hardware.relays[0]; each line drives one relay or reads one switch',
      'hardware.doorSwitches[2].line: 6 is already used by hardware.doorSwitches[1]; each line drives one relay or reads one switch',
    ]);
  });
});
