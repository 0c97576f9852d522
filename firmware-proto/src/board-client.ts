import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import {
  BoardClosedError,
  BoardIncompatibleError,
  BoardNackError,
  BoardProtocolError,
  BoardTimeoutError,
} from './client-errors.js';
import type {
  BoardClientEvents,
  BoardClientOptions,
  BoardStates,
  Capabilities,
  ClientStats,
  ProbeTemperature,
} from './client-types.js';
import { encodeFrame } from './frame.js';
import { FrameDecoder } from './frame-decoder.js';
import type { FrameError } from './frame-errors.js';
import type { Frame, Message, MessageOf } from './messages.js';
import { PROTOCOL_VERSION, REQUEST_REPLIES, type RequestType } from './protocol.js';
import { ReplyMatcher } from './reply-matcher.js';

type ReplyTo<T extends RequestType> = MessageOf<(typeof REQUEST_REPLIES)[T]>;
type RequestMessage = Extract<Message, { type: RequestType }>;

const DEFAULTS = { replyTimeoutMs: 250, retries: 2 } satisfies Required<BoardClientOptions>;

/**
 * Every request of protocol version 1 is idempotent (UNLOCK through its command id), so all may be
 * retried. A future request that is not must be listed here.
 */
const NOT_IDEMPOTENT: ReadonlySet<RequestType> = new Set();

/**
 * The host side of firmware-proto over any duplex byte stream (a SerialPort, a PTY, an in-memory pair).
 * It does not own the stream: close() detaches and settles every pending request, the caller closes
 * the port.
 */
export class BoardClient extends EventEmitter<BoardClientEvents> {
  private readonly options: Required<BoardClientOptions>;
  private readonly decoder = new FrameDecoder();
  private readonly matcher = new ReplyMatcher<Frame>();
  private nextSeq = 1;
  private lastBoardSeq: number | undefined;
  private closed = false;
  private readonly counters = {
    requestsSent: 0,
    retries: 0,
    timeouts: 0,
    nacks: 0,
    unmatchedReplies: 0,
    doorEvents: 0,
    doorEventsMissed: 0,
    doorEventsRepeated: 0,
    doorEventsOutOfOrder: 0,
  };

  constructor(
    private readonly stream: Duplex,
    options: BoardClientOptions = {},
  ) {
    super();
    this.options = { ...DEFAULTS, ...options };
    this.decoder.on('data', (frame: Frame) => this.onFrame(frame));
    this.decoder.on('frameError', (error: FrameError) => this.emit('frameError', error));
    stream.on('close', this.onStreamClose);
    stream.on('end', this.onStreamClose);
    stream.on('error', this.onStreamError);
    stream.pipe(this.decoder);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Rejects with BoardIncompatibleError when the board's firmware major version is not the protocol
   * version this client speaks (PROTOCOL.md 11): such a board is never driven.
   */
  async hello(): Promise<Capabilities> {
    const { type: _type, ...caps } = await this.request({ type: 'HELLO' });
    const { major, minor, patch } = caps.firmware;
    if (major !== PROTOCOL_VERSION) throw new BoardIncompatibleError(`${major}.${minor}.${patch}`);
    return {
      ...caps,
      firmwareVersion: `${major}.${minor}.${patch}`,
      hasOccupancySensors: caps.occupancySensors.some(Boolean),
    };
  }

  /** Resolves once the board has energised the channel (or had already, for a repeated commandId). */
  async unlock(channel: number, pulseMs: number, commandId: number): Promise<void> {
    await this.request({ type: 'UNLOCK', channel, pulseMs, commandId });
  }

  async releaseAll(): Promise<void> {
    await this.request({ type: 'RELEASE_ALL' });
  }

  async readStates(): Promise<BoardStates> {
    const { locks, doors, occupancy } = await this.request({ type: 'READ_STATES' });
    return { locks, doors, occupancy };
  }

  async readTemperatures(): Promise<ProbeTemperature[]> {
    const { probes } = await this.request({ type: 'READ_TEMPS' });
    return probes.map((probe, index) => ({
      index,
      status: probe.status,
      celsius: probe.centiCelsius === null ? null : probe.centiCelsius / 100,
    }));
  }

  async ping(): Promise<void> {
    await this.request({ type: 'PING' });
  }

  stats(): ClientStats {
    return { ...this.decoder.stats(), ...this.counters };
  }

  /** Settles every pending request with CLOSED and stops reading; idempotent. */
  close(): void {
    this.shutdown(undefined, 'closed by the host');
  }

  private async request<M extends RequestMessage>(message: M): Promise<ReplyTo<M['type']>> {
    const type: M['type'] = message.type;
    const attempts = NOT_IDEMPOTENT.has(type) ? 1 : this.options.retries + 1;
    for (let attempt = 1; ; attempt++) {
      if (this.closed) throw new BoardClosedError(`cannot send ${type}`);
      const seq = this.allocateSeq();
      const reply = this.matcher.waitFor(
        seq,
        this.options.replyTimeoutMs,
        () => new BoardTimeoutError(type, attempt),
      );
      this.counters.requestsSent++;
      this.stream.write(encodeFrame({ seq, message }));
      try {
        return this.checkReply(type, (await reply).message);
      } catch (error) {
        if (!(error instanceof BoardTimeoutError)) throw error;
        this.counters.timeouts++;
        if (attempt >= attempts) throw error;
        this.counters.retries++;
      }
    }
  }

  private checkReply<T extends RequestType>(request: T, reply: Message): ReplyTo<T> {
    if (reply.type === 'NACK') {
      this.counters.nacks++;
      throw new BoardNackError(request, reply.code, reply.retryAfterMs);
    }
    if (reply.type !== REQUEST_REPLIES[request]) {
      throw new BoardProtocolError(`board answered ${request} with ${reply.type}`);
    }
    return reply as ReplyTo<T>;
  }

  /** 1..65535; 0 is reserved for frames the board sends on its own. */
  private allocateSeq(): number {
    for (;;) {
      const seq = this.nextSeq;
      this.nextSeq = seq === 0xffff ? 1 : seq + 1;
      if (!this.matcher.has(seq)) return seq;
    }
  }

  private onFrame(frame: Frame): void {
    if (frame.message.type === 'DOOR_EVENT') {
      this.onDoorEvent(frame.message);
      return;
    }
    if (!this.matcher.resolve(frame.seq, frame)) this.counters.unmatchedReplies++;
  }

  /**
   * PROTOCOL.md 7.4: the step from the last `boardSeq`, modulo 2^16, decides. 0 is a repeat and is
   * dropped; 1 is the next event; 2 … 32767 is the next event after lost ones (read the states);
   * 32768 … 65535 goes backwards, a board that restarted or an old frame: not applied, the states
   * are read instead and the counter is taken as the new baseline.
   */
  private onDoorEvent({ input, open, boardSeq }: MessageOf<'DOOR_EVENT'>): void {
    const last = this.lastBoardSeq;
    const step = last === undefined ? 1 : (boardSeq - last) & 0xffff;
    if (step === 0) {
      this.counters.doorEventsRepeated++;
      return;
    }
    this.lastBoardSeq = boardSeq;
    if (step >= 0x8000) {
      this.counters.doorEventsOutOfOrder++;
      this.emit('doorEventGap', { expectedSeq: ((last ?? 0) + 1) & 0xffff, boardSeq, missed: 0 });
      return;
    }
    this.counters.doorEvents++;
    if (step > 1) {
      const missed = step - 1;
      this.counters.doorEventsMissed += missed;
      this.emit('doorEventGap', { expectedSeq: ((last ?? 0) + 1) & 0xffff, boardSeq, missed });
    }
    this.emit('door', { input, open, boardSeq });
  }

  private readonly onStreamClose = (): void => {
    this.shutdown(undefined, 'the stream closed');
  };

  private readonly onStreamError = (error: Error): void => {
    this.shutdown(error, `the stream failed: ${error.message}`);
  };

  private shutdown(cause: Error | undefined, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.stream.unpipe(this.decoder);
    this.stream.off('close', this.onStreamClose);
    this.stream.off('end', this.onStreamClose);
    this.stream.off('error', this.onStreamError);
    this.decoder.removeAllListeners('data');
    this.matcher.rejectAll(new BoardClosedError(reason, { cause }));
    this.emit('close', cause);
  }
}
