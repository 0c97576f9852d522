import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { loadConfig, parseConfig } from './load.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '../../examples');

const minimal = () => ({
  stationId: 'test-station',
  dataDir: '/tmp/x',
  compartments: [
    { no: 1, lockChannel: 0, doorInput: 0, size: 'M', zone: 'chilled', probes: ['p1'] },
    { no: 2, lockChannel: 1, doorInput: 1, size: 'L', zone: 'frozen' },
  ],
  probes: [{ id: 'p1', boardIndex: 0 }],
  hardware: { driver: 'serial-board', path: '/dev/ttyUSB0' },
  mqtt: { url: 'mqtt://127.0.0.1:1883' },
});

const problemsOf = (raw: unknown, env: Record<string, string> = {}): string[] => {
  try {
    parseConfig(raw, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  throw new Error('config was accepted');
};

describe('example configs', () => {
  it('the one-door cold box loads with its serial board', () => {
    const cfg = loadConfig(join(examples, 'cold-box.yaml'), {});
    expect(cfg.compartments).toHaveLength(1);
    expect(cfg.hardware.driver).toBe('serial-board');
    expect(cfg.compartments[0]?.zone).toBe('chilled');
  });

  it('the 12-compartment mixed wall loads with every zone and its probes', () => {
    const cfg = loadConfig(join(examples, 'mixed-wall-12.yaml'), {});
    expect(cfg.compartments).toHaveLength(12);
    expect(new Set(cfg.compartments.map((c) => c.zone))).toEqual(
      new Set(['ambient', 'chilled', 'cold', 'frozen']),
    );
    expect(cfg.compartments.find((c) => c.no === 3)?.location).toBe('top row, 3rd from left');
    expect(cfg.deadlines.cold.pickupWindowHours).toBeLessThan(cfg.deadlines.ambient.pickupWindowHours);
  });
});

describe('defaults', () => {
  it('fills code policy, deadlines, door timing and kiosk defaults', () => {
    const cfg = parseConfig(minimal());
    expect(cfg.codes.pinDigits).toBe(10);
    expect(cfg.codes.lockout.maxDelaySeconds).toBe(300);
    expect(cfg.deadlines.cold.pickupWindowHours).toBe(24);
    expect(cfg.kiosk).toEqual({ enabled: true, host: '127.0.0.1', port: 8080, maskPin: false });
    expect(cfg.mqtt.keepaliveSeconds).toBe(30);
    expect(cfg.compartments[1]?.probes).toEqual([]);
  });
});

describe('bad values name key, value and expectation', () => {
  it('an unknown zone', () => {
    const raw = minimal();
    (raw.compartments[1] as { zone: string }).zone = 'freezer';
    expect(problemsOf(raw)).toEqual([
      'compartments[1].zone: "freezer" is not one of ambient, chilled, cold, frozen',
    ]);
  });

  it('a wrong type and a missing key', () => {
    const raw: Record<string, unknown> = { ...minimal(), stationId: undefined };
    (raw.compartments as { lockChannel: unknown }[])[0]!.lockChannel = 'two';
    const problems = problemsOf(raw);
    expect(problems).toContain('compartments[0].lockChannel: "two" is not a number');
    expect(problems.some((p) => p.startsWith('stationId: missing is not a string'))).toBe(true);
  });

  it('an unknown hardware driver', () => {
    expect(problemsOf({ ...minimal(), hardware: { driver: 'usb-relay' } })).toEqual([
      'hardware.driver: "usb-relay" is not one of serial-board, gpio, kerong-cu, modbus-relay, simulated, one-wire',
    ]);
  });

  it('a typo in a key is not silently ignored', () => {
    expect(problemsOf({ ...minimal(), kiosk: { hots: '0.0.0.0' } })).toEqual([
      'kiosk.hots: unknown key (typo?)',
    ]);
  });

  it('an out-of-range number', () => {
    const raw = { ...minimal(), codes: { pinDigits: 4 } };
    expect(problemsOf(raw)).toEqual(['codes.pinDigits: 4 is below the minimum 6']);
  });
});

describe('cross-field checks', () => {
  it('duplicate compartment numbers, lock channels and door inputs', () => {
    const raw = minimal();
    raw.compartments[1] = { ...raw.compartments[0]!, probes: [] };
    expect(problemsOf(raw)).toEqual([
      'compartments[1].no: 1 is already used by compartments[0].no; compartment numbers must be unique',
      'compartments[1].lockChannel: 0 is already used by compartments[0].lockChannel; lock channels must be unique',
      'compartments[1].doorInput: 0 is already used by compartments[0].doorInput; door inputs must be unique',
    ]);
  });

  it('a compartment referencing a probe that does not exist', () => {
    const raw = minimal();
    raw.compartments[1] = { ...raw.compartments[1]!, probes: ['p9'] };
    expect(problemsOf(raw)).toEqual([
      'compartments[1].probes[0]: "p9" is not a probe id defined in probes (p1)',
    ]);
  });

  it('a gpio lock channel without a relay', () => {
    const raw = {
      ...minimal(),
      probes: [],
      compartments: [{ no: 1, lockChannel: 3, doorInput: 0, size: 'M', zone: 'ambient' }],
      hardware: { driver: 'gpio', relays: [{ pin: 17 }], doorSwitches: [{ pin: 27, activeLow: true }] },
    };
    expect(problemsOf(raw)).toEqual([
      'compartments[0].lockChannel: 3 has no relay: hardware.relays defines channels 0–0',
    ]);
  });

  it('a back-off cap longer than the memory of wrong codes', () => {
    const raw = { ...minimal(), codes: { lockout: { maxDelaySeconds: 3600, forgetAfterMinutes: 30 } } };
    expect(problemsOf(raw)).toEqual([
      'codes.lockout.maxDelaySeconds: 3600 must be shorter than codes.lockout.forgetAfterMinutes (30 min), or every wait resets the back-off',
    ]);
  });

  it('a board probe without its index', () => {
    expect(problemsOf({ ...minimal(), probes: [{ id: 'p1' }] })).toEqual([
      'probes[0].boardIndex: missing is required with the serial-board driver (probes are read by the board)',
    ]);
  });
});

describe('files and environment', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'regiobox-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('environment variables override the file', () => {
    const file = join(dir, 'station.json');
    writeFileSync(file, JSON.stringify(minimal()));
    const cfg = loadConfig(file, {
      REGIOBOX_MQTT_URL: 'mqtts://broker.example:8883',
      REGIOBOX_DATA_DIR: '/srv/regiobox',
      REGIOBOX_STATION_ID: 'other-station',
      REGIOBOX_KIOSK_PORT: '9090',
      REGIOBOX_SERIAL_PATH: '/dev/ttyACM1',
    });
    expect(cfg.mqtt.url).toBe('mqtts://broker.example:8883');
    expect(cfg.dataDir).toBe('/srv/regiobox');
    expect(cfg.stationId).toBe('other-station');
    expect(cfg.kiosk.port).toBe(9090);
    expect(cfg.hardware.driver === 'serial-board' && cfg.hardware.path).toBe('/dev/ttyACM1');
  });

  it('a bad environment value is reported with the variable that set it', () => {
    const file = join(dir, 'station.yaml');
    writeFileSync(file, JSON.stringify(minimal()));
    expect(() => loadConfig(file, { REGIOBOX_KIOSK_PORT: 'eighty' })).toThrow(
      'kiosk.port: "eighty" (from REGIOBOX_KIOSK_PORT) is not a number',
    );
  });

  it('a missing file and broken YAML give specific errors', () => {
    expect(() => loadConfig(join(dir, 'nope.yaml'), {})).toThrow(
      /cannot read config file .*nope\.yaml: ENOENT/,
    );
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'stationId: [unclosed\n');
    expect(() => loadConfig(file, {})).toThrow(/broken\.yaml: not valid YAML/);
  });
});
