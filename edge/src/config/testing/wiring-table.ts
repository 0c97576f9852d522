import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const WIRING = resolve(import.meta.dirname, '../../../../deploy/WIRING.md');

/**
 * The GPIO pin table of deploy/WIRING.md, per config key (`relays[0]`, ...): the BCM number, the
 * line name for the chardev backend and the Bookworm sysfs number for the sysfs backend.
 */
export const wiringTable = () => {
  const rows = [
    ...readFileSync(WIRING, 'utf8').matchAll(
      /^\| [^|]+ \| GPIO(\d+) \| `([A-Z0-9_]+)` \| (\d+) \| \d+ \| `(relays|doorSwitches)\[(\d+)\]` \|$/gm,
    ),
  ].map(([, bcm, name, sysfs, key, index]) => ({
    bcm: Number(bcm),
    name,
    sysfs: Number(sysfs),
    key,
    index: Number(index),
  }));
  const of = (key: string) => rows.filter((r) => r.key === key).sort((a, b) => a.index - b.index);
  return { relays: of('relays'), doorSwitches: of('doorSwitches') };
};
