import { connect as connectTcp, type Socket } from 'node:net';

/**
 * Minimal MQTT 3.1.1 encoding over bare sockets: thousands of station connections cost a socket each,
 * not an MQTT.js client each, and a test can make them misbehave (never read, vanish at once).
 */
const remainingLength = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
};

const str = (s: string | Buffer): Buffer => {
  const b = Buffer.isBuffer(s) ? s : Buffer.from(s);
  return Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
};

const packet = (header: number, body: Buffer): Buffer =>
  Buffer.concat([Buffer.from([header, ...remainingLength(body.length)]), body]);

export interface RawWill {
  readonly topic: string;
  readonly payload: string;
  readonly retain: boolean;
}

/** CONNECT with username, password, clean session and (optionally) a QoS 1 will. */
export const connectPacket = (
  clientId: string,
  username: string,
  password: string,
  will?: RawWill,
): Buffer => {
  // username, password, clean session; will flag + will QoS 1 (+ will retain)
  const flags = 0xc2 | (will ? 0x04 | 0x08 | (will.retain ? 0x20 : 0) : 0);
  const parts = [str('MQTT'), Buffer.from([4, flags, 0, 60]), str(clientId)];
  if (will) parts.push(str(will.topic), str(will.payload));
  parts.push(str(username), str(password));
  return packet(0x10, Buffer.concat(parts));
};

export const subscribePacket = (topic: string, qos: 0 | 1 = 0): Buffer =>
  packet(0x82, Buffer.concat([Buffer.from([0, 1]), str(topic), Buffer.from([qos])]));

/** A raw connection that resolves once the broker answered its CONNECT with CONNACK 0. */
export const rawConnect = (port: number, connect: Buffer): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = connectTcp({ port, host: '127.0.0.1', noDelay: true });
    socket.on('error', (err) => reject(err));
    socket.once('data', (data) => {
      // CONNACK: 0x20 0x02 <flags> <return code>
      if (data[0] === 0x20 && data[3] === 0) resolve(socket);
      else reject(new Error(`connection refused (return code ${data[3]})`));
    });
    socket.write(connect);
  });
