import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer as createNetServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer } from 'node:tls';
import type { Logger } from 'pino';
import { guardedConnection } from './frame-guard.js';
import type { BrokerLimits } from './limits.js';

export interface MqttListenerOptions {
  readonly host: string;
  readonly port: number;
  readonly tls?: { readonly keyFile: string; readonly certFile: string };
  readonly limits: Pick<BrokerLimits, 'maxPacketBytes' | 'connectTimeoutMs' | 'maxConnections'>;
  readonly log: Logger;
  /** receives each accepted connection, already behind the packet size guard */
  readonly onConnection: (conn: Duplex) => void;
}

export interface MqttListener {
  /** `mqtt://host:port` or `mqtts://host:port` */
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting, lets `disconnectClients` end the MQTT sessions, then destroys whatever is left
   * (connections that never sent CONNECT or are mid-handshake), and resolves once the server is closed.
   */
  close(disconnectClients: () => Promise<void>): Promise<void>;
}

/** The TCP or TLS server in front of the broker. */
export const listenForMqtt = async (options: MqttListenerOptions): Promise<MqttListener> => {
  const { limits, log } = options;
  const accept = (socket: Socket) => {
    // Nagle's algorithm turns a loopback QoS 1 round trip from <1 ms into tens of ms.
    socket.setNoDelay(true);
    options.onConnection(guardedConnection(socket, limits.maxPacketBytes));
  };
  const server: Server = options.tls
    ? createTlsServer(
        {
          key: readFileSync(options.tls.keyFile),
          cert: readFileSync(options.tls.certFile),
          handshakeTimeout: limits.connectTimeoutMs,
        },
        accept,
      )
    : createNetServer(accept);
  server.maxConnections = limits.maxConnections;
  server.on('tlsClientError', (err: Error) => log.warn({ err: err.message }, 'TLS handshake failed'));

  // Raw TCP sockets, also those of TLS connections still in their handshake.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    url: `${options.tls ? 'mqtts' : 'mqtt'}://${host}:${port}`,
    port,
    async close(disconnectClients) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await disconnectClients();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
};
