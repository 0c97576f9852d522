import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TOOLS_SCRIPT = fileURLToPath(new URL('./tools.mjs', import.meta.url));

export interface SimulatedGpiochipSpec {
  /** the chip's name as the tools print it, e.g. gpiochip0 */
  readonly name: string;
  /** line names by offset, '' for an unnamed line; their count is the chip's line count */
  readonly lineNames: readonly string[];
}

/**
 * The 54 lines of a Raspberry Pi's GPIO bank as its device tree names them: ID_SDA, ID_SCL, then
 * GPIO2 to GPIO27 for the header; the rest (SD card, Ethernet, ...) left unnamed here.
 */
export function raspberryPiHeaderChip(name: string): SimulatedGpiochipSpec {
  const header = Array.from({ length: 28 }, (_, i) => (i === 0 ? 'ID_SDA' : i === 1 ? 'ID_SCL' : `GPIO${i}`));
  return { name, lineNames: [...header, ...Array.from({ length: 26 }, () => '')] };
}

export interface SimulatedLibgpiodOptions {
  /** the chips under the simulated /dev, the first one is `chip`; by default a Pi 4's gpiochip0 */
  readonly chips?: readonly SimulatedGpiochipSpec[];
  /** the libgpiod version the tools report; a 1.x version refuses every v2 option, as bookworm's do */
  readonly version?: string;
}

export interface SimulatedLibgpiodChip {
  /** the first chip's path: pass it as a chip to the chardev backend */
  readonly chip: string;
  readonly tools: {
    readonly gpioset: string;
    readonly gpioget: string;
    readonly gpiomon: string;
    readonly gpioinfo: string;
  };
  /** physical level of a line (true = high); `chip` is a chip name, the first chip by default */
  level(offset: number, chip?: string): boolean;
  /** drives an input line from outside, as a switch would */
  setLevel(offset: number, high: boolean, chip?: string): void;
  /** every level the tools wrote on a chip, oldest first */
  writes(chip?: string): Array<{ offset: number; high: boolean; atMs: number }>;
  /** a chip appears, as an I2C expander does when its driver probes */
  addChip(chip: SimulatedGpiochipSpec): void;
}

/**
 * Installs stand-ins for the libgpiod v2 tools in `dir`, backed by chip directories under a
 * simulated /dev, so the chardev backend runs its real child processes and parses real tool output
 * without /dev/gpiochip. A chip is named as the real tools accept it: by name, number or path.
 */
export function installSimulatedLibgpiod(
  dir: string,
  options: SimulatedLibgpiodOptions = {},
): SimulatedLibgpiodChip {
  const chips = options.chips ?? [raspberryPiHeaderChip('gpiochip0')];
  const [first] = chips;
  if (first === undefined) throw new Error('a simulated libgpiod needs at least one chip');
  const dev = path.join(dir, 'dev');
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  const addChip = (chip: SimulatedGpiochipSpec): void => {
    fs.mkdirSync(path.join(dev, chip.name), { recursive: true });
    fs.writeFileSync(path.join(dev, chip.name, 'names.json'), JSON.stringify(chip.lineNames));
  };
  for (const chip of chips) addChip(chip);
  const env = `REGIOBOX_SIM_GPIO_DEV="${dev}" REGIOBOX_SIM_LIBGPIOD_VERSION="${options.version ?? '2.1.3'}"`;
  const tool = (name: string): string => {
    const file = path.join(bin, name);
    fs.writeFileSync(file, `#!/bin/sh\n${env} exec "${process.execPath}" "${TOOLS_SCRIPT}" ${name} "$@"\n`, {
      mode: 0o755,
    });
    return file;
  };
  const levelFile = (offset: number, chip = first.name): string => path.join(dev, chip, String(offset));
  return {
    chip: path.join(dev, first.name),
    tools: {
      gpioset: tool('gpioset'),
      gpioget: tool('gpioget'),
      gpiomon: tool('gpiomon'),
      gpioinfo: tool('gpioinfo'),
    },
    level: (offset, chip) =>
      fs.existsSync(levelFile(offset, chip)) &&
      fs.readFileSync(levelFile(offset, chip), 'utf8').trim() === '1',
    setLevel: (offset, high, chip) => {
      const temp = `${levelFile(offset, chip)}.test`;
      fs.writeFileSync(temp, high ? '1' : '0');
      fs.renameSync(temp, levelFile(offset, chip));
    },
    writes: (chip = first.name) => {
      const log = path.join(dev, chip, 'log');
      if (!fs.existsSync(log)) return [];
      return fs
        .readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(' ').map(Number))
        .map(([offset = 0, high = 0, atMs = 0]) => ({ offset, high: high === 1, atMs }));
    },
    addChip,
  };
}
