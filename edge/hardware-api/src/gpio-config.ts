import { z } from 'zod';
import type { GpioLineAddress } from './gpio-backend.js';

/**
 * Since kernel 6.6 (Raspberry Pi OS Bookworm) sysfs numbers start at 512 and grow with every chip
 * (GPIO17 is 529 on a Pi Zero 2 W, 3 or 4; 588 on a Pi 5, whose header chip has base 571). A number
 * past 4095 would need thousands of lines on chips before it: no station computer has them.
 */
export const MAX_SYSFS_GPIO = 4095;
/** The Raspberry Pis' header chips have 54–58 lines; a chardev offset of 512 or more is a sysfs number. */
export const MAX_LINE_OFFSET = 511;
const SYSFS_BASE_SINCE_6_6 = 512;

const ChipId = z
  .string()
  .regex(
    /^(gpiochip\d+|\d+|\/.+)$/,
    'a GPIO chip: its name (gpiochip0), number (0) or device path (/dev/gpiochip0)',
  );

const GpioLine = z.strictObject({
  pin: z
    .number()
    .int()
    .min(0)
    .max(MAX_SYSFS_GPIO)
    .optional()
    .describe(
      'backend sysfs: the sysfs GPIO number, BCM + the base of the header chip (Bookworm: GPIO17 = 529; 588 on a Pi 5)',
    ),
  line: z
    .union([z.number().int().min(0), z.string().min(1).max(31)])
    .optional()
    .describe(
      'backend chardev: the line name as gpioinfo lists it (GPIO17), or the line offset on the chip (17)',
    ),
  chip: ChipId.optional().describe(
    'backend chardev: the chip of this line; by default hardware.chip for an offset, every chip for a name',
  ),
  activeLow: z
    .boolean()
    .default(false)
    .describe('true when low means active: relay energised, door open (opto-coupled relay modules)'),
});

type GpioLine = z.infer<typeof GpioLine>;
type Ctx = z.RefinementCtx;

export const GpioConfig = z
  .strictObject({
    driver: z.literal('gpio'),
    backend: z
      .enum(['sysfs', 'chardev'])
      .default('sysfs')
      .describe('sysfs: /sys/class/gpio via onoff; chardev: /dev/gpiochipN via the libgpiod v2 tools'),
    chip: ChipId.optional().describe(
      'backend chardev: the chip of lines given by offset (default gpiochip0)',
    ),
    relays: z.array(GpioLine).min(1).describe('lock relays by lock channel (index = channel)'),
    doorSwitches: z.array(GpioLine).min(1).describe('door reed switches by door input (index = input)'),
    debounceMs: z.number().int().min(0).max(1000).default(30),
    oneWirePath: z.string().default('/sys/bus/w1/devices'),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.backend === 'sysfs' && cfg.chip !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['chip'],
        input: cfg.chip,
        message: 'is used only by backend chardev; the sysfs backend takes sysfs numbers as pin',
      });
    const seen = new Map<string, string>();
    for (const list of ['relays', 'doorSwitches'] as const) {
      cfg[list].forEach((line, i) => {
        const at = [list, i];
        if (cfg.backend === 'sysfs') checkSysfsLine(line, at, ctx);
        else checkChardevLine(line, at, ctx);
        const key = lineKey(line, cfg.backend, cfg.chip);
        if (key === null) return;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, `hardware.${list}[${i}]`);
        else
          ctx.addIssue({
            code: 'custom',
            path: [...at, cfg.backend === 'sysfs' ? 'pin' : 'line'],
            input: cfg.backend === 'sysfs' ? line.pin : line.line,
            message: `is already used by ${first}; each line drives one relay or reads one switch`,
          });
      });
    }
  });

export type GpioConfig = z.infer<typeof GpioConfig>;

function checkSysfsLine(line: GpioLine, at: (string | number)[], ctx: Ctx): void {
  if (line.line !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: [...at, 'line'],
      input: line.line,
      message:
        'is a libgpiod line, which only backend chardev reaches; the sysfs backend takes the sysfs number as pin (GPIO17 is pin: 529 on Bookworm)',
    });
  if (line.chip !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: [...at, 'chip'],
      input: line.chip,
      message: 'is used only by backend chardev; the sysfs backend takes the sysfs number as pin',
    });
  if (line.pin === undefined && line.line === undefined)
    ctx.addIssue({
      code: 'custom',
      path: [...at, 'pin'],
      input: undefined,
      message: 'is required with backend sysfs: the sysfs GPIO number (GPIO17 is 529 on Bookworm)',
    });
}

function checkChardevLine(line: GpioLine, at: (string | number)[], ctx: Ctx): void {
  if (line.pin !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: [...at, 'pin'],
      input: line.pin,
      message: `is a sysfs number, which only backend sysfs uses; backend chardev takes line: a name (GPIO17) or an offset on the chip (17)`,
    });
  const value = line.line;
  if (value === undefined && line.pin === undefined)
    ctx.addIssue({
      code: 'custom',
      path: [...at, 'line'],
      input: undefined,
      message: 'is required with backend chardev: a line name (GPIO17) or an offset on the chip (17)',
    });
  if (typeof value === 'number' && value > MAX_LINE_OFFSET)
    ctx.addIssue({
      code: 'custom',
      path: [...at, 'line'],
      input: value,
      message:
        value >= SYSFS_BASE_SINCE_6_6
          ? 'is a sysfs number, not a line offset (no chip has that many lines); backend chardev takes the name (GPIO17) or the offset on the chip (17)'
          : `is above the largest line offset ${MAX_LINE_OFFSET}`,
    });
  if (typeof value === 'string' && /^\d+$/.test(value))
    ctx.addIssue({
      code: 'custom',
      path: [...at, 'line'],
      input: value,
      message: `is digits in quotes: for the offset write line: ${value} without quotes; a line name has letters`,
    });
}

/** The same physical line gives the same key; null when the line is too broken to compare. */
function lineKey(line: GpioLine, backend: 'sysfs' | 'chardev', chip: string | undefined): string | null {
  if (backend === 'sysfs') return line.pin === undefined ? null : `gpio ${line.pin}`;
  if (typeof line.line === 'string') return `name ${line.chip ?? '*'} ${line.line}`;
  if (typeof line.line === 'number') return `offset ${line.chip ?? chip ?? 'gpiochip0'} ${line.line}`;
  return null;
}

/** Where a configured line is, for the backend that `config.backend` selects. */
export function gpioLineAddress(
  line: GpioConfig['relays'][number],
  config: Pick<GpioConfig, 'backend' | 'chip'>,
): GpioLineAddress {
  if (config.backend === 'sysfs') {
    if (line.pin === undefined) throw new Error('a sysfs line without pin passed validation');
    return { kind: 'sysfs', gpio: line.pin };
  }
  if (typeof line.line === 'string')
    return line.chip === undefined
      ? { kind: 'name', name: line.line }
      : { kind: 'name', name: line.line, chip: line.chip };
  if (line.line === undefined) throw new Error('a chardev line without line passed validation');
  return { kind: 'offset', chip: line.chip ?? config.chip ?? 'gpiochip0', offset: line.line };
}
