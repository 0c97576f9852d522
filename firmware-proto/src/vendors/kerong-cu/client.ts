import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { type KerongDecoderStats, KerongFrameDecoder, type KerongFrameError } from './decoder.js';
import { KerongError } from './errors.js';
import {
  encodeReadStatus,
  encodeUnlock,
  type KerongFrame,
  KerongReply,
  type KerongStatus,
  statusOf,
} from './frame.js';

export interface KerongClientOptions {
  /** how long one request waits for its reply; the boards answer within a few ms at 19200 baud */
  readonly replyTimeoutMs: number;
}

export interface KerongClientEvents {
  frameError: [KerongFrameError];
  close: [];
}

interface Pending {
  readonly board: number;
  resolve(status: KerongStatus): void;
  reject(error: Error): void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Requests and replies on an RS485 bus of Kerong boards. The bus is half duplex and the frames carry
 * no id, so requests go one at a time and a status frame from the asked board is the reply. Nothing
 * is ever re-sent: an UNLOCK whose reply is lost may have fired, and the caller decides what that
 * means. The client does not own the stream; `close()` settles every request.
 */
export class KerongClient extends EventEmitter<KerongClientEvents> {
  private readonly decoder: KerongFrameDecoder;
  private pending: Pending | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private timeouts = 0;

  constructor(
    private readonly stream: Duplex,
    private readonly options: KerongClientOptions,
  ) {
    super();
    this.decoder = new KerongFrameDecoder((error) => this.emit('frameError', error));
    this.decoder.on('data', (frame: KerongFrame) => this.onFrame(frame));
    stream.pipe(this.decoder);
    stream.on('close', this.onStreamClose);
  }

  /** What the line carried: the decoder's counters and the requests that went unanswered. */
  stats(): KerongDecoderStats & { timeouts: number } {
    return { ...this.decoder.stats(), timeouts: this.timeouts };
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The hook and infrared states of one board's 16 locks. */
  readStatus(board: number): Promise<KerongStatus> {
    return this.request(board, encodeReadStatus(board), `READ STATUS of board ${board}`);
  }

  /** Fires one lock; the board answers with its states (taken before or after the hook moved). */
  unlock(board: number, lock: number): Promise<KerongStatus> {
    return this.request(board, encodeUnlock(board, lock), `UNLOCK of lock ${lock} on board ${board}`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stream.unpipe(this.decoder);
    this.stream.off('close', this.onStreamClose);
    this.failPending(new KerongError('KERONG_CLOSED', 'Kerong bus closed by the host'));
    this.emit('close');
  }

  private request(board: number, frame: Buffer, what: string): Promise<KerongStatus> {
    const run = () => this.send(board, frame, what);
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private send(board: number, frame: Buffer, what: string): Promise<KerongStatus> {
    if (this.closed)
      return Promise.reject(new KerongError('KERONG_CLOSED', `cannot send ${what}: bus closed`));
    return new Promise<KerongStatus>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = null;
        this.timeouts += 1;
        reject(new KerongError('KERONG_TIMEOUT', `Kerong board did not answer ${what}`));
      }, this.options.replyTimeoutMs);
      this.pending = { board, resolve, reject, timer };
      this.stream.write(frame);
    });
  }

  private onFrame(frame: KerongFrame): void {
    const pending = this.pending;
    // Requests echoed by the bus (a two-wire adapter hears itself) and strays are not replies.
    if (pending === null || frame.command !== KerongReply.status || frame.board !== pending.board) return;
    clearTimeout(pending.timer);
    this.pending = null;
    pending.resolve(statusOf(frame));
  }

  private readonly onStreamClose = (): void => {
    if (this.closed) return;
    this.closed = true;
    this.stream.unpipe(this.decoder);
    this.failPending(new KerongError('KERONG_CLOSED', 'Kerong bus closed: the serial line went away'));
    this.emit('close');
  };

  private failPending(error: KerongError): void {
    const pending = this.pending;
    this.pending = null;
    if (pending === null) return;
    clearTimeout(pending.timer);
    pending.reject(error);
  }
}
