import net from 'node:net';
import tls from 'node:tls';

export interface BrokerTarget {
  readonly host: string;
  readonly port: number;
  /** set for `mqtts://`: CA, client certificate, servername … */
  readonly tls?: tls.ConnectionOptions;
}

/** Opens the byte stream to the broker; injectable so that a deployment can tunnel or a test can observe. */
export type SocketFactory = (target: BrokerTarget) => net.Socket;

/**
 * TCP or TLS with Nagle's algorithm off: MQTT.js leaves it on, and then a QoS 1 round trip costs
 * tens of milliseconds instead of well under one (every PUBACK waits for the peer's delayed ACK).
 */
export const connectSocket: SocketFactory = (target) => {
  const socket = target.tls
    ? tls.connect({ servername: target.host, ...target.tls, host: target.host, port: target.port })
    : net.createConnection({ host: target.host, port: target.port, noDelay: true });
  socket.setNoDelay(true);
  return socket;
};

/** Whether the broker is there at all: resolves true when it takes a connection, never rejects. */
export type BrokerProbe = (target: BrokerTarget) => Promise<boolean>;

const PROBE_TIMEOUT_MS = 2_000;

/**
 * A bare TCP connect, closed at once: far cheaper than an MQTT attempt (which takes a durable session
 * number and a TLS handshake), so it can run every second while the broker is away. A refused port
 * answers within a round trip; a black hole is given up after 2 s.
 */
export const probeTcp: BrokerProbe = (target) =>
  new Promise((resolve) => {
    const socket = net.createConnection({ host: target.host, port: target.port });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

/** `mqtt://host[:1883]` or `mqtts://host[:8883]`. */
export const parseBrokerUrl = (url: string, tlsOptions?: tls.ConnectionOptions): BrokerTarget => {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'mqtts:';
  if (!secure && parsed.protocol !== 'mqtt:') {
    throw new RangeError(`broker url must start with mqtt:// or mqtts://, got ${parsed.protocol}//`);
  }
  if (!parsed.hostname) throw new RangeError('broker url has no host');
  const port = parsed.port ? Number(parsed.port) : secure ? 8883 : 1883;
  // URL keeps the brackets of an IPv6 literal; net.connect wants the bare address.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return secure ? { host, port, tls: tlsOptions ?? {} } : { host, port };
};
