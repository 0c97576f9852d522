import type { Duplex } from 'node:stream';

/** Anything that can be plugged into a serial line: a simulated board of any protocol. */
export interface SerialDevice {
  /** Talks over `stream` from now on; a device talks over one stream at a time. */
  attach(stream: Duplex): void;
  /** Stops talking over the current stream without closing it. */
  detach(): void;
  isAttachedTo(stream: Duplex): boolean;
}

/**
 * The device end of a serial line for the vendor boards: bytes in to `onBytes`, bytes out with
 * `write`, and "silent" / "drop the next replies" faults, so each device is only its protocol.
 */
export class DeviceLine implements SerialDevice {
  private stream: Duplex | undefined;
  private unhook: (() => void) | undefined;
  private dropReplies = 0;
  private heard: Buffer[] = [];
  /** true: the device hears nothing and says nothing (power cut, cut wire), the port stays open */
  silent = false;

  constructor(private readonly onBytes: (bytes: Buffer) => void) {}

  attach(stream: Duplex): void {
    this.detach();
    const onData = (chunk: Buffer) => {
      if (this.silent) return;
      this.heard.push(Buffer.from(chunk));
      this.onBytes(chunk);
    };
    const onGone = () => this.detach();
    stream.on('data', onData);
    stream.on('close', onGone);
    stream.on('end', onGone);
    stream.on('error', onGone);
    this.stream = stream;
    this.unhook = () => {
      stream.off('data', onData);
      stream.off('close', onGone);
      stream.off('end', onGone);
      stream.off('error', onGone);
    };
  }

  detach(): void {
    this.unhook?.();
    this.unhook = undefined;
    this.stream = undefined;
  }

  isAttachedTo(stream: Duplex): boolean {
    return this.stream === stream;
  }

  get isAttached(): boolean {
    return this.stream !== undefined;
  }

  /** Every byte the device heard from the host so far, and forgets them. */
  takeHeard(): Buffer {
    const bytes = Buffer.concat(this.heard);
    this.heard = [];
    return bytes;
  }

  /** The next `count` replies are lost on the line (the request was still carried out). */
  dropNextReplies(count: number): void {
    this.dropReplies += count;
  }

  /** Bytes on the line from nowhere (a motor starting, a loose shield): they reach the host as they are. */
  noise(bytes: Buffer): void {
    if (this.stream !== undefined) this.stream.write(bytes);
  }

  write(bytes: Buffer): void {
    if (this.silent || this.stream === undefined) return;
    if (this.dropReplies > 0) {
      this.dropReplies -= 1;
      return;
    }
    this.stream.write(bytes);
  }
}
