import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A change of one lock output, as the board process reports it, with the board's own clock in ms. */
export interface LockChange {
  readonly channel: number;
  readonly on: boolean;
  readonly atMs: number;
}

export class BoardProcessError extends Error {
  readonly code = 'BOARD_PROCESS_FAILED';
}

/**
 * The C firmware running as a process — the host build or the AVR build in simavr — with its UART on a
 * pseudo-terminal and its pins behind the side channel (firmware-proto/firmware/README.md): one command
 * a line on stdin, one answer a line on stdout, plus lines of its own for every lock output change
 * and every watchdog release.
 */
export class BoardProcess {
  readonly lockChanges: LockChange[] = [];
  watchdogReleases = 0;
  private readonly waiters: Array<(line: string) => void> = [];
  private readonly output: string[] = [];
  private exited = false;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly ptyPath: string,
    /** false where the board cannot tell (simavr sees pins, not the firmware's state) */
    readonly reportsWatchdog: boolean,
  ) {}

  /** Starts the process and resolves once it has printed the path of its pseudo-terminal. */
  static async start(
    command: string,
    args: readonly string[],
    options: { reportsWatchdog: boolean },
  ): Promise<BoardProcess> {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const lines = createInterface({ input: child.stdout });
    let board: BoardProcess | undefined;
    const stderr: string[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    return new Promise<BoardProcess>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => {
        if (board) board.exited = true;
        else reject(new BoardProcessError(`${command} exited (${code}) before its PTY: ${stderr.join('')}`));
      });
      lines.on('line', (line) => {
        if (board) return board.take(line);
        if (!line.startsWith('pty ')) return; // simavr's own start-up chatter
        board = new BoardProcess(child, line.slice(4), options.reportsWatchdog);
        resolve(board);
      });
    });
  }

  /** The door switch of input `input` opens or closes. */
  async door(input: number, open: boolean): Promise<void> {
    await this.command(`door ${input} ${open ? 'open' : 'closed'}`);
  }

  async occupied(input: number, goodsInside: boolean): Promise<void> {
    await this.command(`occupied ${input} ${goodsInside ? 1 : 0}`);
  }

  /** A probe's temperature in °C, or the probe unplugged or answering with garbage. */
  async probe(index: number, value: number | 'missing' | 'fault'): Promise<void> {
    await this.command(`probe ${index} ${typeof value === 'number' ? Math.round(value * 100) : value}`);
  }

  /** The lock outputs now, one boolean per channel. */
  async locks(): Promise<boolean[]> {
    const answer = await this.request('locks');
    if (!answer.startsWith('locks ')) throw new BoardProcessError(`unexpected answer ${answer}`);
    return [...answer.slice(6)].map((bit) => bit === '1');
  }

  /** Channels switched on, in order: every pulse the board gave. */
  pulsedChannels(): number[] {
    return this.lockChanges.filter((c) => c.on).map((c) => c.channel);
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end(); // the board exits when its side channel closes
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  }

  /** Everything the process printed, for a failing test's message. */
  transcript(): string {
    return this.output.join('\n');
  }

  private async command(line: string): Promise<void> {
    const answer = await this.request(line);
    if (answer !== 'ok') throw new BoardProcessError(`${line}: ${answer}`);
  }

  private request(line: string): Promise<string> {
    if (this.exited) return Promise.reject(new BoardProcessError('the board process has exited'));
    return new Promise<string>((resolve) => {
      this.waiters.push(resolve);
      this.child.stdin.write(`${line}\n`);
    });
  }

  private take(line: string): void {
    this.output.push(line);
    const lock = /^lock (\d+) (on|off) (\d+)$/.exec(line);
    if (lock) {
      this.lockChanges.push({ channel: Number(lock[1]), on: lock[2] === 'on', atMs: Number(lock[3]) });
      return;
    }
    if (line.startsWith('watchdog released')) {
      this.watchdogReleases++;
      return;
    }
    // anything else that is not an answer (simavr's own messages) stays in the transcript only
    if (/^(ok|error|locks|stats)\b/.test(line)) this.waiters.shift()?.(line);
  }
}
