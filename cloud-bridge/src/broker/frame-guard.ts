import { Duplex, type Readable, Transform, type TransformCallback, type Writable } from 'node:stream';

export class PacketTooLargeError extends Error {
  readonly code = 'MQTT_PACKET_TOO_LARGE';
  constructor(
    readonly remainingLength: number,
    readonly limit: number,
  ) {
    super(`MQTT packet of ${remainingLength} bytes exceeds the limit of ${limit}`);
    this.name = 'PacketTooLargeError';
  }
}

export class MalformedLengthError extends Error {
  readonly code = 'MQTT_MALFORMED_LENGTH';
  constructor() {
    super('MQTT remaining length is longer than 4 bytes');
    this.name = 'MalformedLengthError';
  }
}

/**
 * Follows MQTT framing (fixed header byte, variable-length "remaining length", body) without parsing
 * packets, and fails the stream as soon as a header announces a packet above `limit`. The MQTT parser
 * aedes uses buffers a whole packet before it looks at it and has no size limit, so without this one
 * client could make the broker hold up to 256 MiB.
 */
export class FrameGuard extends Transform {
  #state: 'header' | 'length' | 'body' = 'header';
  #remaining = 0;
  #multiplier = 1;
  #lengthBytes = 0;

  constructor(readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.#state === 'header') {
        i++;
        this.#state = 'length';
        this.#remaining = 0;
        this.#multiplier = 1;
        this.#lengthBytes = 0;
      } else if (this.#state === 'length') {
        const byte = chunk[i++] ?? 0;
        this.#remaining += (byte & 0x7f) * this.#multiplier;
        this.#multiplier *= 128;
        if (++this.#lengthBytes > 4) {
          done(new MalformedLengthError());
          return;
        }
        if ((byte & 0x80) === 0) {
          if (this.#remaining > this.limit) {
            done(new PacketTooLargeError(this.#remaining, this.limit));
            return;
          }
          this.#state = this.#remaining === 0 ? 'header' : 'body';
        }
      } else {
        const take = Math.min(this.#remaining, chunk.length - i);
        i += take;
        this.#remaining -= take;
        if (this.#remaining === 0) this.#state = 'header';
      }
    }
    done(null, chunk);
  }
}

/**
 * The socket as aedes should see it: reads pass through a FrameGuard, writes go straight to the
 * socket (so drain and backpressure are the socket's own). Destroying either side destroys both.
 */
export const guardedConnection = (socket: Readable & Writable, limit: number): Duplex => {
  const guard = new FrameGuard(limit);
  socket.pipe(guard);
  guard.on('error', (err) => socket.destroy(err));
  return Duplex.from({ readable: guard, writable: socket });
};
