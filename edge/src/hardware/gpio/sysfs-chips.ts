import fs from 'node:fs';
import path from 'node:path';
import { HardwareError } from '@regiobox/hardware-api';

export interface SysfsChip {
  readonly label: string;
  readonly base: number;
  readonly lines: number;
}

/** The GPIO chips sysfs lists (`/sys/class/gpio/gpiochip<base>/{base,ngpio,label}`); [] if unreadable. */
export function listSysfsChips(root = '/sys/class/gpio'): SysfsChip[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(root).filter((name) => name.startsWith('gpiochip'));
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    try {
      const read = (file: string): string => fs.readFileSync(path.join(root, name, file), 'utf8').trim();
      return [{ label: read('label'), base: Number(read('base')), lines: Number(read('ngpio')) }];
    } catch {
      return [];
    }
  });
}

/**
 * Refuses a sysfs number that no chip has, before `onoff` fails on it with a bare EINVAL. The usual
 * cause is a BCM number from an older guide on a kernel since 6.6, where the header starts at 512.
 */
export function assertSysfsNumberExists(gpio: number, chips: readonly SysfsChip[]): void {
  if (chips.length === 0 || chips.some((c) => gpio >= c.base && gpio < c.base + c.lines)) return;
  const ranges = [...chips]
    .sort((a, b) => a.base - b.base)
    .map((c) => `${c.base}–${c.base + c.lines - 1} ${c.label}`)
    .join(', ');
  const header = chips.find((c) => /^pinctrl-(bcm2835|bcm2711|rp1)$/.test(c.label));
  const hint =
    header !== undefined && gpio < header.base
      ? `; the header's GPIO${gpio} is ${header.base + gpio} here (the base of ${header.label} + the BCM number)`
      : '';
  throw new HardwareError('DEVICE_MISSING', `GPIO ${gpio} is on no chip (sysfs has ${ranges})${hint}`);
}
