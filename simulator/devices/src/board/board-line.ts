import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import {
  type DecoderStats,
  encodeFrame,
  type Frame,
  FrameDecoder,
  type FrameError,
  type Message,
  type NackCode,
} from '@regiobox/firmware-proto';
import type { LineFaults } from './line-faults.js';
import type { BoardTimers, TimerHandle } from './timers.js';

export interface BoardTraffic {
  readonly direction: 'in' | 'out';
  readonly frame: Frame;
  readonly at: number;
}

export interface BoardLineEvents {
  traffic: [BoardTraffic];
  frameError: [FrameError];
  attached: [];
  detached: [];
}

export interface BoardLineStats {
  framesIn: number;
  framesOut: number;
  /** replies swallowed by dropNextReplies */
  repliesDropped: number;
  bytesDroppedByFaults: number;
  bytesCorruptedByFaults: number;
  /** what the board's own decoder dropped from the host; undefined while detached */
  decoder: DecoderStats | undefined;
}

interface Link {
  stream: Duplex;
  decoder: FrameDecoder;
  detach(): void;
}

/**
 * The board's end of the serial line: frames in and out over one attached stream at a time, with the
 * line faults applied on the way. What the board answers is the caller's business.
 */
export class BoardLine extends EventEmitter<BoardLineEvents> {
  private link: Link | undefined;
  private readonly delayedWrites = new Set<TimerHandle>();
  private readonly counters = { framesIn: 0, framesOut: 0, repliesDropped: 0 };

  constructor(
    private readonly timers: BoardTimers,
    private readonly faults: LineFaults,
    private readonly host: {
      /** any frame whose CRC holds, even one the board refuses: the host is alive */
      heard(): void;
      answer(message: Message): Message;
    },
  ) {
    super();
  }

  attach(stream: Duplex): void {
    this.detach();
    const decoder = new FrameDecoder();
    const onData = (chunk: Buffer) => {
      if (!this.faults.settings.silent) decoder.write(this.faults.mangle(chunk));
    };
    const onGone = () => this.detach();
    decoder.on('data', (frame: Frame) => this.onFrame(frame));
    decoder.on('frameError', (error: FrameError) => this.onFrameError(error));
    stream.on('data', onData);
    stream.on('close', onGone);
    stream.on('end', onGone);
    stream.on('error', onGone);
    const detach = () => {
      stream.off('data', onData);
      stream.off('close', onGone);
      stream.off('end', onGone);
      stream.off('error', onGone);
      decoder.removeAllListeners();
    };
    this.link = { stream, decoder, detach };
    this.emit('attached');
  }

  detach(): void {
    const link = this.link;
    if (!link) return;
    this.link = undefined;
    link.detach();
    for (const write of this.delayedWrites) write.cancel();
    this.delayedWrites.clear();
    this.emit('detached');
  }

  disconnect(): void {
    const stream = this.link?.stream;
    this.detach();
    stream?.destroy();
  }

  get isAttached(): boolean {
    return this.link !== undefined;
  }

  isAttachedTo(stream: Duplex): boolean {
    return this.link?.stream === stream;
  }

  /** Sends a frame the board sends on its own (seq 0), such as a DOOR_EVENT. */
  push(message: Message): void {
    this.send(0, message, false);
  }

  stats(): BoardLineStats {
    return {
      ...this.counters,
      bytesDroppedByFaults: this.faults.bytesDropped,
      bytesCorruptedByFaults: this.faults.bytesCorrupted,
      decoder: this.link?.decoder.stats(),
    };
  }

  private onFrame(frame: Frame): void {
    this.counters.framesIn++;
    this.host.heard();
    this.emit('traffic', { direction: 'in', frame, at: this.timers.now() });
    this.send(frame.seq, this.host.answer(frame.message), true);
  }

  private onFrameError(error: FrameError): void {
    this.emit('frameError', error);
    // Without a valid CRC nothing in the frame can be trusted: stay silent (PROTOCOL.md section 3).
    if (error.seq === undefined) return;
    this.host.heard();
    const code: NackCode =
      error.code === 'BAD_VERSION'
        ? 'BAD_VERSION'
        : error.code === 'UNKNOWN_TYPE'
          ? 'UNSUPPORTED_TYPE'
          : 'BAD_PAYLOAD';
    this.send(error.seq, { type: 'NACK', code, retryAfterMs: 0 }, true);
  }

  private send(seq: number, message: Message, isReply: boolean): void {
    if (!this.link || this.faults.settings.silent) return;
    if (isReply && this.faults.repliesToDrop > 0) {
      this.faults.repliesToDrop--;
      this.counters.repliesDropped++;
      return;
    }
    const frame = { seq, message };
    const write = () => {
      const link = this.link;
      if (!link || this.faults.settings.silent || link.stream.destroyed) return;
      this.counters.framesOut++;
      this.emit('traffic', { direction: 'out', frame, at: this.timers.now() });
      link.stream.write(this.faults.mangle(encodeFrame(frame)));
    };
    const delayMs = isReply ? this.faults.settings.replyDelayMs : 0;
    if (delayMs <= 0) {
      write();
      return;
    }
    const handle = this.timers.after(delayMs, () => {
      this.delayedWrites.delete(handle);
      write();
    });
    this.delayedWrites.add(handle);
  }
}
