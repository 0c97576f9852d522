import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load.js';
import { wiringTable } from './testing/wiring-table.js';

const DEPLOY = resolve(import.meta.dirname, '../../../deploy');
const load = (name: string) => loadConfig(join(DEPLOY, 'examples', name), {});
const unitValue = (key: string): string | undefined =>
  new RegExp(`^${key}=(.*)$`, 'm').exec(
    readFileSync(join(DEPLOY, 'raspberry-pi/regiobox-edge.service'), 'utf8'),
  )?.[1];

/** What every shipped example must agree on with the systemd unit and INSTALL.md. */
const expectDeployable = (config: ReturnType<typeof load>) => {
  // the one directory the unit lets the station write
  expect(config.dataDir).toBe(unitValue('ReadWritePaths'));
  // secrets come from 0600 files under /etc/regiobox, never from the config itself
  expect(config.mqtt.passwordFile).toBe('/etc/regiobox/mqtt-password');
  expect(config.mqtt.commandKeyFile).toBe('/etc/regiobox/command-key');
  expect(config.mqtt.url).toMatch(/^mqtts:\/\//);
  // the touch screen's browser runs on the same machine; the page is never on the network
  expect(config.kiosk).toEqual({ enabled: true, host: '127.0.0.1', port: 8080, maskPin: false });
};

describe('the example station configs in deploy/examples', () => {
  it('gpio-station.yaml: four doors on relays and reed switches, DS18B20 probes on one-wire', () => {
    const config = load('gpio-station.yaml');
    expectDeployable(config);
    const hw = config.hardware;
    if (hw.driver !== 'gpio') throw new Error(`expected the gpio driver, got ${hw.driver}`);
    expect(config.compartments).toHaveLength(4);
    // every lock channel and door input has its pin; opto-coupled relay modules switch on LOW
    for (const c of config.compartments) {
      expect(hw.relays[c.lockChannel]).toMatchObject({ activeLow: true });
      expect(hw.doorSwitches[c.doorInput]).toMatchObject({ activeLow: false });
    }
    // Raspberry Pi OS Bookworm: the sysfs backend with the sysfs numbers of WIRING.md's pin table
    expect(hw.backend).toBe('sysfs');
    const wiring = wiringTable();
    // the table itself: 512 + BCM, and the device tree's name of each header line
    for (const row of [...wiring.relays, ...wiring.doorSwitches]) {
      expect(row.sysfs).toBe(512 + row.bcm);
      expect(row.name).toBe(`GPIO${row.bcm}`);
    }
    expect(hw.relays.map((p) => p.pin)).toEqual(wiring.relays.map((row) => row.sysfs));
    expect(hw.doorSwitches.map((p) => p.pin)).toEqual(wiring.doorSwitches.map((row) => row.sysfs));
    // none is GPIO 4 (sysfs 516), which the w1-gpio overlay takes for one-wire
    expect([...hw.relays, ...hw.doorSwitches].map((p) => p.pin)).not.toContain(516);
    expect(config.probes.every((p) => p.oneWireId?.startsWith('28-'))).toBe(true);
    // every cooled compartment is measured
    for (const c of config.compartments.filter((x) => x.zone !== 'ambient')) expect(c.probes).not.toEqual([]);
  });

  it('rs485-wall.yaml: 24 doors on one lock board behind a USB-RS485 adapter at 115200 baud', () => {
    const config = load('rs485-wall.yaml');
    expectDeployable(config);
    const hw = config.hardware;
    if (hw.driver !== 'serial-board') throw new Error(`expected the serial-board driver, got ${hw.driver}`);
    // a by-id path survives the adapter coming back as another ttyUSB after a USB reset
    expect(hw.path).toMatch(/^\/dev\/serial\/by-id\//);
    expect(hw.baudRate).toBe(115200);
    expect(config.compartments).toHaveLength(24);
    expect(new Set(config.compartments.map((c) => c.zone))).toEqual(
      new Set(['ambient', 'chilled', 'cold', 'frozen']),
    );
    for (const c of config.compartments.filter((x) => x.zone === 'frozen')) expect(c.probes).toHaveLength(1);
    expect(config.probes.every((p) => p.boardIndex !== undefined)).toBe(true);
  });
});
