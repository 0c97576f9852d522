import net from 'node:net';
import { Aedes } from 'aedes';

/**
 * A real MQTT broker (aedes) in the test process on 127.0.0.1. The network side can be stopped and
 * started again on the same port, with the broker's sessions kept (an outage of the path) or lost
 * (a broker restarted without persistence).
 */
export class TestBroker {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    public aedes: Aedes,
    public port: number,
  ) {}

  static async start(): Promise<TestBroker> {
    const broker = new TestBroker(await Aedes.createBroker(), 0);
    await broker.listen();
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  /** Client ids connected right now. */
  connectedClients(): number {
    return this.aedes.connectedClients;
  }

  /** Closes the listener and cuts every connection abruptly; the broker keeps its sessions. */
  async stopNetwork(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  /** Listens again on the same port. */
  async startNetwork(): Promise<void> {
    await this.listen();
  }

  /** A broker restart without persistence: retained messages, sessions and queues are gone. */
  async restartEmpty(): Promise<void> {
    await this.stopNetwork();
    await new Promise<void>((r) => this.aedes.close(() => r()));
    this.aedes = await Aedes.createBroker();
    await this.listen();
  }

  /** Cuts every client connection without closing the listener, as a crashing peer would. */
  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    await this.stopNetwork();
    await new Promise<void>((r) => this.aedes.close(() => r()));
  }

  private listen(): Promise<void> {
    const server = net.createServer((socket) => {
      socket.setNoDelay(true);
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      this.aedes.handle(socket);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        const address = server.address();
        if (address && typeof address === 'object') this.port = address.port;
        resolve();
      });
    });
  }
}
