import type {
  GpioBackend,
  GpioInputLine,
  GpioLineAddress,
  GpioLineOptions,
  GpioOutputLine,
  GpioOutputOptions,
} from '@regiobox/hardware-api';

/** One change of an output line, as a logic analyser on the header would record it. */
export interface OutputTransition {
  readonly pin: number;
  /** physical level */
  readonly high: boolean;
  /** the logical value the driver asked for */
  readonly active: boolean;
  readonly atMs: number;
}

export interface WriteFault {
  /** which writes fail: driving the line active, inactive, or either */
  readonly on: 'activate' | 'deactivate' | 'any';
  /** how many matching writes fail before the line works again */
  readonly times: number;
  /** true: the level changes and the call still fails (an EIO after the fact) */
  readonly applyBeforeFailing: boolean;
}

interface LineState {
  high: boolean;
  requestedAs: 'input' | 'output' | null;
  readonly physicalListeners: Set<(high: boolean) => void>;
  fault: (WriteFault & { remaining: number }) | null;
}

/**
 * A GPIO chip in memory that implements edge's `GpioBackend`. Inputs are driven by actors (a door's
 * reed switch) through `setLevel`; outputs are observed by actors through `onLevel` and recorded in
 * `transitions`. Requests are exclusive, as the kernel's character device makes them.
 *
 * Pins are numbered once: a sysfs number and a chip offset both mean that pin, whatever the chip,
 * and a line named `GPIO<n>`, as on a Raspberry Pi's header, is pin n.
 */
export class SimulatedGpioChip implements GpioBackend {
  readonly name = 'simulated';
  readonly transitions: OutputTransition[] = [];
  private readonly lines = new Map<number, LineState>();
  private readonly startedAt = performance.now();

  /** Physical level of a pin (true = high). Unused pins float low. */
  level(pin: number): boolean {
    return this.line(pin).high;
  }

  /** Drives a pin from outside (a switch, a sensor). Edges reach input watchers asynchronously. */
  setLevel(pin: number, high: boolean): void {
    const line = this.line(pin);
    if (line.requestedAs === 'output') throw new Error(`pin ${pin} is an output; it cannot be driven`);
    this.change(line, high);
  }

  /** Observes every physical change of a pin, input or output. Returns an unsubscribe function. */
  onLevel(pin: number, listener: (high: boolean) => void): () => void {
    const listeners = this.line(pin).physicalListeners;
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  isRequested(pin: number): boolean {
    return this.line(pin).requestedAs !== null;
  }

  /** Fault injection: the next matching writes on `pin` throw an EIO. */
  injectWriteFault(pin: number, fault: WriteFault): void {
    this.line(pin).fault = { ...fault, remaining: fault.times };
  }

  /** Energised periods of one output, as [start, end] in ms since the chip was created. */
  activePeriods(pin: number): Array<{ fromMs: number; toMs: number | null }> {
    const periods: Array<{ fromMs: number; toMs: number | null }> = [];
    for (const t of this.transitions) {
      if (t.pin !== pin) continue;
      const open = periods.at(-1);
      if (t.active && (open === undefined || open.toMs !== null))
        periods.push({ fromMs: t.atMs, toMs: null });
      if (!t.active && open !== undefined && open.toMs === null) open.toMs = t.atMs;
    }
    return periods;
  }

  async openOutput(options: GpioOutputOptions): Promise<GpioOutputLine> {
    const pin = pinOf(options.line);
    const line = this.request(pin, 'output');
    const physical = (active: boolean): boolean => active !== options.activeLow;
    this.drive(pin, line, physical(false), false);
    let closed = false;
    const write = (active: boolean): void => {
      if (closed) throw new Error(`pin ${pin} was released`);
      this.writeWithFaults(pin, line, active, physical(active));
    };
    return {
      write: async (active) => write(active),
      writeInactiveSync: () => this.drive(pin, line, physical(false), false),
      close: async () => {
        if (closed) return;
        this.drive(pin, line, physical(false), false);
        closed = true;
        line.requestedAs = null;
      },
    };
  }

  async openInput(options: GpioLineOptions): Promise<GpioInputLine> {
    const pin = pinOf(options.line);
    const line = this.request(pin, 'input');
    const watchers = new Set<(active: boolean) => void>();
    const unsubscribe = this.onLevel(pin, (high) => {
      const active = high !== options.activeLow;
      // A kernel delivers edge events through a file descriptor, never inside the caller's stack.
      queueMicrotask(() => {
        for (const watcher of watchers) watcher(active);
      });
    });
    return {
      read: async () => line.high !== options.activeLow,
      watch: (listener) => {
        watchers.add(listener);
        return () => watchers.delete(listener);
      },
      close: async () => {
        unsubscribe();
        watchers.clear();
        line.requestedAs = null;
      },
    };
  }

  private writeWithFaults(pin: number, line: LineState, active: boolean, high: boolean): void {
    const fault = line.fault;
    const matches =
      fault !== null && fault.remaining > 0 && (fault.on === 'any' || (fault.on === 'activate') === active);
    if (!matches) {
      this.drive(pin, line, high, active);
      return;
    }
    fault.remaining -= 1;
    if (fault.applyBeforeFailing) this.drive(pin, line, high, active);
    throw Object.assign(new Error(`EIO: i/o error, write to simulated pin ${pin}`), { code: 'EIO' });
  }

  private drive(pin: number, line: LineState, high: boolean, active: boolean): void {
    const last = this.transitions.findLast((t) => t.pin === pin);
    if (last === undefined || last.high !== high) {
      this.transitions.push({ pin, high, active, atMs: performance.now() - this.startedAt });
    }
    this.change(line, high);
  }

  private change(line: LineState, high: boolean): void {
    if (line.high === high) return;
    line.high = high;
    for (const listener of line.physicalListeners) listener(high);
  }

  private request(pin: number, as: 'input' | 'output'): LineState {
    const line = this.line(pin);
    if (line.requestedAs !== null) {
      throw Object.assign(new Error(`EBUSY: pin ${pin} is already requested`), { code: 'EBUSY' });
    }
    line.requestedAs = as;
    return line;
  }

  private line(pin: number): LineState {
    let line = this.lines.get(pin);
    if (line === undefined) {
      line = { high: false, requestedAs: null, physicalListeners: new Set(), fault: null };
      this.lines.set(pin, line);
    }
    return line;
  }
}

function pinOf(line: GpioLineAddress): number {
  if (line.kind === 'sysfs') return line.gpio;
  if (line.kind === 'offset') return line.offset;
  const header = /^GPIO(\d+)$/.exec(line.name);
  if (header?.[1] === undefined) {
    throw Object.assign(new Error(`no line named ${line.name} on the simulated chip`), { code: 'ENOENT' });
  }
  return Number.parseInt(header[1], 10);
}
