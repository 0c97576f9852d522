import { type ChildProcess, spawnSync } from 'node:child_process';
import type {
  GpioBackend,
  GpioInputLine,
  GpioLineOptions,
  GpioOutputLine,
  GpioOutputOptions,
} from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import {
  boundedActiveArgs,
  getArgs,
  type LineSpec,
  monitorArgs,
  parseGetOutput,
  parseMonitorLine,
  setInactiveArgs,
} from './libgpiod-cli.js';
import { LibgpiodLookup } from './libgpiod-lookup.js';
import { runTool, startTool } from './libgpiod-process.js';

export interface LibgpiodTools {
  readonly gpioset: string;
  readonly gpioget: string;
  readonly gpiomon: string;
  readonly gpioinfo: string;
}

export interface LibgpiodBackendOptions {
  readonly consumer?: string;
  /** where the tools are; by default found on PATH */
  readonly tools?: Partial<LibgpiodTools>;
  readonly logger?: Logger;
  /** how long a tool may take before it counts as hung */
  readonly toolTimeoutMs?: number;
}

/**
 * GPIO through the kernel's character device, driven by the libgpiod v2 command-line tools. See
 * README.md in this folder for why tools and not a native addon, and for the limits.
 */
export function createLibgpiodBackend(options: LibgpiodBackendOptions): GpioBackend {
  const tools: LibgpiodTools = {
    gpioset: options.tools?.gpioset ?? 'gpioset',
    gpioget: options.tools?.gpioget ?? 'gpioget',
    gpiomon: options.tools?.gpiomon ?? 'gpiomon',
    gpioinfo: options.tools?.gpioinfo ?? 'gpioinfo',
  };
  const timeoutMs = options.toolTimeoutMs ?? 5000;
  const lookup = new LibgpiodLookup(tools, timeoutMs);
  const spec = async (line: GpioLineOptions): Promise<LineSpec> => {
    await lookup.checkVersion();
    const { chip, offset } = await lookup.locate(line.line);
    return { chip, offset, activeLow: line.activeLow, consumer: options.consumer ?? 'regiobox' };
  };

  return {
    name: 'chardev',
    async openOutput(line: GpioOutputOptions): Promise<GpioOutputLine> {
      const output = new ToolOutput(await spec(line), line.maxActiveMs, tools, timeoutMs);
      await output.write(false);
      return output;
    },
    async openInput(line: GpioLineOptions): Promise<GpioInputLine> {
      const input = new ToolInput(await spec(line), tools, timeoutMs, options.logger);
      await input.start();
      return input;
    },
  };
}

class ToolOutput implements GpioOutputLine {
  private holder: ChildProcess | null = null;

  constructor(
    private readonly spec: LineSpec,
    private readonly maxActiveMs: number,
    private readonly tools: LibgpiodTools,
    private readonly timeoutMs: number,
  ) {}

  async write(active: boolean): Promise<void> {
    if (active) {
      if (this.holder !== null) return;
      const { child, ready } = startTool(
        this.tools.gpioset,
        boundedActiveArgs(this.spec, this.maxActiveMs),
        this.timeoutMs,
      );
      this.holder = child;
      child.once('exit', () => {
        if (this.holder === child) this.holder = null;
      });
      try {
        await ready;
      } catch (err) {
        if (this.holder === child) this.holder = null;
        throw err;
      }
      return;
    }
    await this.stopHolder();
    await runTool(this.tools.gpioset, setInactiveArgs(this.spec), this.timeoutMs);
  }

  writeInactiveSync(): void {
    this.holder?.kill('SIGKILL');
    this.holder = null;
    // The killed holder may still own the line for a moment (EBUSY): try a few times.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const result = spawnSync(this.tools.gpioset, setInactiveArgs(this.spec), { timeout: this.timeoutMs });
      if (result.status === 0) return;
    }
    throw new Error(
      `${this.tools.gpioset} could not drive ${this.spec.chip} line ${this.spec.offset} inactive`,
    );
  }

  async close(): Promise<void> {
    await this.write(false);
  }

  private async stopHolder(): Promise<void> {
    const child = this.holder;
    if (child === null) return;
    this.holder = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }
}

class ToolInput implements GpioInputLine {
  private value = false;
  private monitor: ChildProcess | null = null;
  private closed = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly watchers = new Set<(active: boolean) => void>();

  constructor(
    private readonly spec: LineSpec,
    private readonly tools: LibgpiodTools,
    private readonly timeoutMs: number,
    private readonly logger: Logger | undefined,
  ) {}

  /**
   * Reads the level, then holds the line with gpiomon. An edge between the two is missed (the line
   * cannot be read while gpiomon holds it); the README lists this limit.
   */
  async start(): Promise<void> {
    const level = parseGetOutput(await runTool(this.tools.gpioget, getArgs(this.spec), this.timeoutMs));
    if (level !== this.value) this.update(level);
    const { child, ready } = startTool(this.tools.gpiomon, monitorArgs(this.spec), this.timeoutMs, (text) => {
      const parsed = parseMonitorLine(text);
      if (parsed.kind === 'edge' && parsed.offset === this.spec.offset) this.update(parsed.active);
    });
    this.monitor = child;
    await ready;
    child.once('exit', (code, signal) => {
      if (this.closed || this.monitor !== child) return;
      this.monitor = null;
      this.logger?.error({ line: this.lineLabel(), code, signal }, 'gpiomon exited; restarting');
      this.restartTimer = setTimeout(() => this.restart(), 1000);
    });
  }

  async read(): Promise<boolean> {
    return this.value;
  }

  watch(listener: (active: boolean) => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.restartTimer !== null) clearTimeout(this.restartTimer);
    const child = this.monitor;
    this.monitor = null;
    this.watchers.clear();
    if (child === null || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }

  private restart(): void {
    this.restartTimer = null;
    if (this.closed) return;
    this.start().catch((err: unknown) => {
      this.logger?.error({ err, line: this.lineLabel() }, 'gpiomon restart failed');
      if (!this.closed) this.restartTimer = setTimeout(() => this.restart(), 5000);
    });
  }

  private lineLabel(): string {
    return `${this.spec.chip} line ${this.spec.offset}`;
  }

  private update(active: boolean): void {
    this.value = active;
    for (const watcher of this.watchers) watcher(active);
  }
}
