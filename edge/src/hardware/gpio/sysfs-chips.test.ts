import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assertSysfsNumberExists, listSysfsChips } from './sysfs-chips.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** /sys/class/gpio as a kernel since 6.6 lays it out, one gpiochip<base> directory per chip. */
function sysfs(chips: Array<{ label: string; base: number; lines: number }>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-sysfs-'));
  dirs.push(root);
  fs.writeFileSync(path.join(root, 'export'), '');
  for (const chip of chips) {
    const dir = path.join(root, `gpiochip${chip.base}`);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'label'), `${chip.label}\n`);
    fs.writeFileSync(path.join(dir, 'base'), `${chip.base}\n`);
    fs.writeFileSync(path.join(dir, 'ngpio'), `${chip.lines}\n`);
  }
  return root;
}

const PI_4_BOOKWORM = [
  { label: 'pinctrl-bcm2711', base: 512, lines: 58 },
  { label: 'raspberrypi-exp-gpio', base: 570, lines: 8 },
];

describe('sysfs numbers on the machine itself', () => {
  it('refuses a BCM number from an older guide on a Bookworm kernel, saying which number GPIO17 has now', () => {
    const chips = listSysfsChips(sysfs(PI_4_BOOKWORM));
    expect(() => assertSysfsNumberExists(17, chips)).toThrow(
      expect.objectContaining({
        code: 'DEVICE_MISSING',
        message:
          "GPIO 17 is on no chip (sysfs has 512–569 pinctrl-bcm2711, 570–577 raspberrypi-exp-gpio); the header's GPIO17 is 529 here (the base of pinctrl-bcm2711 + the BCM number)",
      }),
    );
  });

  it('accepts the numbers WIRING.md gives for Bookworm', () => {
    const chips = listSysfsChips(sysfs(PI_4_BOOKWORM));
    for (const gpio of [529, 539, 534, 535, 517, 518, 525, 531])
      expect(() => assertSysfsNumberExists(gpio, chips)).not.toThrow();
  });

  it('refuses a number past the last chip, and leaves the judgement to onoff where sysfs lists nothing', () => {
    const chips = listSysfsChips(sysfs(PI_4_BOOKWORM));
    expect(() => assertSysfsNumberExists(600, chips)).toThrow(/GPIO 600 is on no chip/);
    expect(listSysfsChips('/nonexistent/sys/class/gpio')).toEqual([]);
    expect(() => assertSysfsNumberExists(17, [])).not.toThrow();
  });
});
