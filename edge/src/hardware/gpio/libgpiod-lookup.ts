import { describeGpioLine, type GpioLineAddress, HardwareError } from '@regiobox/hardware-api';
import { findLineArgs, type LineSpec, parseFindOutput, parseToolMajorVersion } from './libgpiod-cli.js';
import { runToolForOutput } from './libgpiod-process.js';

export interface LookupTools {
  readonly gpioset: string;
  readonly gpioinfo: string;
}

/**
 * What the chardev backend asks the system before it requests a line: whether the tools speak the
 * v2 syntax, and on which chip and offset a named line is.
 */
export class LibgpiodLookup {
  private versionChecked: Promise<void> | null = null;

  constructor(
    private readonly tools: LookupTools,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Debian bookworm's libgpiod 1.6 tools would fail on the first v2 option with "unrecognized
   * option"; say what to do instead. Checked once; a failed check is repeated at the next request,
   * so installing the right tools needs no restart.
   */
  checkVersion(): Promise<void> {
    this.versionChecked ??= this.probeVersion().catch((err: unknown) => {
      this.versionChecked = null;
      throw err;
    });
    return this.versionChecked;
  }

  /** The chip and offset of a line; a name is looked up with gpioinfo at every request. */
  async locate(line: GpioLineAddress): Promise<Pick<LineSpec, 'chip' | 'offset'>> {
    if (line.kind === 'offset') return { chip: line.chip, offset: line.offset };
    if (line.kind === 'sysfs') {
      throw new HardwareError(
        'DEVICE_MISSING',
        `${describeGpioLine(line)} is a sysfs number, which the chardev backend cannot address; give the line's name or its chip and offset`,
      );
    }
    const { stdout, stderr } = await runToolForOutput(
      this.tools.gpioinfo,
      findLineArgs(line.name, line.chip),
      this.timeoutMs,
    );
    const found = parseFindOutput(stdout);
    const where = line.chip === undefined ? '' : ` on ${line.chip}`;
    const [first, ...others] = found;
    if (first === undefined) {
      const detail = stderr.trim().split('\n').at(-1) ?? '';
      throw new HardwareError(
        'DEVICE_MISSING',
        `no GPIO line is named ${line.name}${where} (\`gpioinfo\` lists the names)${detail === '' ? '' : `: ${detail}`}`,
      );
    }
    if (others.length > 0) {
      const all = found.map((f) => `${f.chip} line ${f.offset}`).join(', ');
      throw new HardwareError(
        'DEVICE_MISSING',
        `the GPIO line name ${line.name} is not unique (${all}); give the line's chip in the config`,
      );
    }
    return first;
  }

  private async probeVersion(): Promise<void> {
    const { stdout } = await runToolForOutput(this.tools.gpioset, ['--version'], this.timeoutMs);
    const major = parseToolMajorVersion(stdout);
    if (major === null || major >= 2) return;
    throw new HardwareError(
      'DEVICE_MISSING',
      `${this.tools.gpioset} is libgpiod v${major} (Debian bookworm ships 1.6), whose command line the chardev backend does not speak; install the libgpiod v2 tools (Debian trixie: gpiod), or on bookworm set hardware.backend to sysfs with sysfs numbers (GPIO17 is 529)`,
    );
  }
}
