/**
 * The edge-owned seam between the GPIO driver and whatever reaches the pins: sysfs through `onoff`,
 * the character device through the libgpiod tools, or the simulator's chip in tests.
 *
 * Values are logical: `active` already accounts for `activeLow`, so a relay line is active when the
 * relay is energised and a door-switch line is active when the door is open, whatever the wiring.
 */

/**
 * Where a line is. sysfs knows one global number per line; the character device knows chips and
 * offsets, and libgpiod finds a line by the name the device tree gives it ("GPIO17"), which stays
 * the same when a kernel renumbers chips (the Raspberry Pi 5's header: gpiochip4, later gpiochip0).
 */
export type GpioLineAddress =
  | { readonly kind: 'sysfs'; readonly gpio: number }
  | { readonly kind: 'offset'; readonly chip: string; readonly offset: number }
  | { readonly kind: 'name'; readonly name: string; readonly chip?: string };

/** For logs and errors: "GPIO 529", "gpiochip0 line 17", "line GPIO17". */
export function describeGpioLine(line: GpioLineAddress): string {
  if (line.kind === 'sysfs') return `GPIO ${line.gpio}`;
  if (line.kind === 'offset') return `${line.chip} line ${line.offset}`;
  return line.chip === undefined ? `line ${line.name}` : `${line.chip} line ${line.name}`;
}

export interface GpioLineOptions {
  readonly line: GpioLineAddress;
  readonly activeLow: boolean;
}

export interface GpioOutputOptions extends GpioLineOptions {
  /**
   * Upper bound for one active phase. A backend that can (chardev) lets the kernel side drop the
   * line by itself after this long, so even a killed process cannot leave a solenoid energised.
   */
  readonly maxActiveMs: number;
}

export interface GpioOutputLine {
  write(active: boolean): Promise<void>;
  /**
   * Drives the line inactive without waiting for anything: a process 'exit' handler runs no async
   * work, and it is the last chance to de-energise a relay.
   */
  writeInactiveSync(): void;
  /** Drives the line inactive and gives it back. */
  close(): Promise<void>;
}

export interface GpioInputLine {
  read(): Promise<boolean>;
  /** Called with the new level after every edge, undebounced. Returns an unsubscribe function. */
  watch(listener: (active: boolean) => void): () => void;
  close(): Promise<void>;
}

export interface GpioBackend {
  /** for logs and health: 'sysfs', 'chardev', 'simulated' */
  readonly name: string;
  /** Requests an output line, driven inactive from the first instant. */
  openOutput(options: GpioOutputOptions): Promise<GpioOutputLine>;
  /** Requests an input line with edge detection on both edges. */
  openInput(options: GpioLineOptions): Promise<GpioInputLine>;
}
