import net from 'node:net';
import { Aedes } from 'aedes';

/**
 * A real MQTT broker (aedes) in the test process that can restart without persistence (sessions,
 * queues and retained messages gone) and keep one login away meanwhile: the receiver whose session
 * does not exist while stations publish.
 */
export class ForgetfulBroker {
  /** logins refused at CONNECT while in this set */
  readonly away = new Set<string>();
  private aedes: Aedes | undefined;
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private port = 0;

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const aedes = await Aedes.createBroker({
      authenticate: (_client, username, _password, done) => done(null, !this.away.has(username ?? '')),
    });
    this.aedes = aedes;
    const server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      aedes.handle(socket);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
  }

  /** Stops and starts again on the same port with nothing remembered. */
  async restartEmpty(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const { server, aedes } = this;
    this.server = undefined;
    this.aedes = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    if (aedes) await new Promise<void>((resolve) => aedes.close(() => resolve()));
  }
}
