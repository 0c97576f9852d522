import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Aedes } from 'aedes';

export const MOSQUITTO = '/usr/sbin/mosquitto';

/** A broker the benchmarks talk to: `mqtt://127.0.0.1:<port>`. */
export interface BenchBroker {
  readonly name: 'aedes' | 'mosquitto';
  readonly url: string;
  readonly port: number;
  /** the broker's own process, when it has one (for its CPU figure) */
  readonly pid?: number;
  close(): Promise<void>;
}

export interface AedesBroker extends BenchBroker {
  /** clients connected right now */
  clients(): number;
}

export class BrokerStartError extends Error {
  readonly code = 'BROKER_START_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'BrokerStartError';
  }
}

/** A port nobody listens on right now, for a broker that starts later (the outage). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

/**
 * aedes on 127.0.0.1 without authentication. `noDelay: false` leaves Nagle's algorithm on the
 * broker's sockets, as aedes does by default, for the comparison figure.
 */
export const startAedes = async (
  options: {
    port?: number;
    noDelay?: boolean;
    /** every PUBLISH a client sends (not the broker's own $SYS messages), as it arrives */
    onClientPublish?: (topic: string, clientId: string) => void;
  } = {},
): Promise<AedesBroker> => {
  const aedes = await Aedes.createBroker();
  const onPublish = options.onClientPublish;
  if (onPublish) aedes.on('publish', (packet, client) => client && onPublish(packet.topic, client.id));
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    if (options.noDelay !== false) socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    aedes.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    name: 'aedes',
    url: `mqtt://127.0.0.1:${port}`,
    port,
    clients: () => aedes.connectedClients,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
    },
  };
};

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export interface MosquittoOptions {
  readonly port?: number;
  /** a password file (anonymous logins are then refused) and its ACL file */
  readonly passwordFile?: string;
  readonly aclFile?: string;
  /** further mosquitto.conf lines, e.g. a `connection` to another broker */
  readonly extra?: readonly string[];
}

/**
 * Mosquitto 2 on 127.0.0.1, without persistence, anonymous unless a password file is given;
 * undefined when it is not installed. `set_tcp_nodelay` is Mosquitto's own switch for Nagle's
 * algorithm (off by default).
 */
export const startMosquitto = async (options: MosquittoOptions = {}): Promise<BenchBroker | undefined> => {
  if (!existsSync(MOSQUITTO)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'regiobox-bench-mosquitto-'));
  const port = options.port ?? (await freePort());
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      'per_listener_settings false',
      ...(options.passwordFile
        ? [
            'allow_anonymous false',
            `password_file ${options.passwordFile}`,
            ...(options.aclFile ? [`acl_file ${options.aclFile}`] : []),
          ]
        : ['allow_anonymous true']),
      `listener ${port} 127.0.0.1`,
      ...(options.passwordFile ? ['use_username_as_clientid true'] : []),
      'persistence false',
      'set_tcp_nodelay true',
      'max_queued_messages 200000',
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      'log_dest stderr',
      'log_type error',
      ...(options.extra ?? []),
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (c: Buffer) => {
    log = (log + c.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = performance.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || performance.now() > deadline) {
      await stop();
      throw new BrokerStartError(`mosquitto did not start on port ${port}: ${log.trim()}`);
    }
    await sleep(20);
  }
  return {
    name: 'mosquitto',
    url: `mqtt://127.0.0.1:${port}`,
    port,
    ...(child.pid ? { pid: child.pid } : {}),
    close: stop,
  };
};
