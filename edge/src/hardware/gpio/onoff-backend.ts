import type {
  GpioBackend,
  GpioInputLine,
  GpioLineOptions,
  GpioOutputLine,
  GpioOutputOptions,
} from '@regiobox/hardware-api';
import { describeGpioLine, type GpioLineAddress, HardwareError } from '@regiobox/hardware-api';
import { assertSysfsNumberExists, listSysfsChips } from './sysfs-chips.js';

type OnoffModule = typeof import('onoff');
type OnoffGpio = import('onoff').Gpio;

/**
 * GPIO through the kernel's sysfs interface (/sys/class/gpio) with `onoff`. The module is loaded
 * only when this backend is chosen: it is an optional dependency, and newer kernels (Debian trixie)
 * may have no sysfs GPIO at all; there the chardev backend serves. A number no chip has is refused
 * with the chips' ranges, before onoff's bare EINVAL.
 */
export async function createOnoffBackend(options: { sysfsRoot?: string } = {}): Promise<GpioBackend> {
  const specifier = 'onoff';
  let onoff: OnoffModule;
  try {
    const mod = (await import(specifier)) as OnoffModule & { default?: OnoffModule };
    onoff = mod.Gpio === undefined && mod.default !== undefined ? mod.default : mod;
  } catch (err) {
    throw new HardwareError(
      'DEVICE_MISSING',
      'the onoff package is not installed; install it or set hardware.backend to chardev',
      undefined,
      { cause: err },
    );
  }
  const { Gpio } = onoff;
  const exists = (line: GpioLineAddress): number => {
    const gpio = sysfsNumber(line);
    assertSysfsNumberExists(gpio, listSysfsChips(options.sysfsRoot));
    return gpio;
  };
  const ensureAccessible = (): void => {
    if (!Gpio.accessible) {
      throw new HardwareError(
        'DEVICE_MISSING',
        '/sys/class/gpio is not available on this kernel; set hardware.backend to chardev',
      );
    }
  };

  return {
    name: 'sysfs',
    async openOutput(line: GpioOutputOptions): Promise<GpioOutputLine> {
      ensureAccessible();
      // sysfs 'high'/'low' set the raw level before the first write: pick the raw level that is
      // inactive so an active-low relay board does not click on while the line is exported.
      const gpio = new Gpio(exists(line.line), line.activeLow ? 'high' : 'low', 'none', {
        activeLow: line.activeLow,
      });
      return outputLine(gpio);
    },
    async openInput(line: GpioLineOptions): Promise<GpioInputLine> {
      ensureAccessible();
      const gpio = new Gpio(exists(line.line), 'in', 'both', { activeLow: line.activeLow });
      return inputLine(gpio);
    },
  };
}

/** sysfs knows lines only by their global number; names and chip offsets are the chardev backend's. */
function sysfsNumber(line: GpioLineAddress): number {
  if (line.kind === 'sysfs') return line.gpio;
  throw new HardwareError(
    'DEVICE_MISSING',
    `${describeGpioLine(line)} cannot be reached through sysfs, which numbers lines globally; set hardware.backend to chardev`,
  );
}

function outputLine(gpio: OnoffGpio): GpioOutputLine {
  let closed = false;
  return {
    write: (active) => gpio.write(active ? 1 : 0),
    writeInactiveSync: () => gpio.writeSync(0),
    async close() {
      if (closed) return;
      closed = true;
      gpio.writeSync(0);
      gpio.unexport();
    },
  };
}

function inputLine(gpio: OnoffGpio): GpioInputLine {
  return {
    read: async () => (await gpio.read()) === 1,
    watch(listener) {
      const callback = (err: Error | null | undefined, value: 0 | 1): void => {
        if (err == null) listener(value === 1);
      };
      gpio.watch(callback);
      return () => gpio.unwatch(callback);
    },
    async close() {
      gpio.unwatchAll();
      gpio.unexport();
    },
  };
}
