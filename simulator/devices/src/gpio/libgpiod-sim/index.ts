import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TOOLS_SCRIPT = fileURLToPath(new URL('./tools.mjs', import.meta.url));

export interface SimulatedLibgpiodChip {
  /** pass as `chip` to the chardev backend: the simulated tools read it as the chip */
  readonly chip: string;
  readonly tools: { readonly gpioset: string; readonly gpioget: string; readonly gpiomon: string };
  /** physical level of a line (true = high) */
  level(offset: number): boolean;
  /** drives an input line from outside, as a switch would */
  setLevel(offset: number, high: boolean): void;
  /** every level the tools wrote, oldest first */
  writes(): Array<{ offset: number; high: boolean; atMs: number }>;
}

/**
 * Installs stand-ins for the libgpiod v2 tools in `dir`, backed by a chip directory, so the
 * chardev backend runs its real child processes and parses real tool output without /dev/gpiochip.
 */
export function installSimulatedLibgpiod(dir: string): SimulatedLibgpiodChip {
  const chip = path.join(dir, 'gpiochip-sim');
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(chip, { recursive: true });
  fs.mkdirSync(bin, { recursive: true });
  const tool = (name: string): string => {
    const file = path.join(bin, name);
    fs.writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" "${TOOLS_SCRIPT}" ${name} "$@"\n`, {
      mode: 0o755,
    });
    return file;
  };
  const levelFile = (offset: number): string => path.join(chip, String(offset));
  return {
    chip,
    tools: { gpioset: tool('gpioset'), gpioget: tool('gpioget'), gpiomon: tool('gpiomon') },
    level: (offset) =>
      fs.existsSync(levelFile(offset)) && fs.readFileSync(levelFile(offset), 'utf8').trim() === '1',
    setLevel: (offset, high) => {
      const temp = `${levelFile(offset)}.test`;
      fs.writeFileSync(temp, high ? '1' : '0');
      fs.renameSync(temp, levelFile(offset));
    },
    writes: () => {
      const log = path.join(chip, 'log');
      if (!fs.existsSync(log)) return [];
      return fs
        .readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(' ').map(Number))
        .map(([offset = 0, high = 0, atMs = 0]) => ({ offset, high: high === 1, atMs }));
    },
  };
}
