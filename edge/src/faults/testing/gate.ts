import net from 'node:net';

/**
 * A TCP relay in front of the broker that can be shut: while shut, new connections are refused at
 * once and the open ones are cut (with FIN, unlike the link's silent TcpProxy). Fault tests use it
 * to keep the station away from a restarted broker until the marketplace has subscribed again, so
 * that "nothing lost" is the station's doing and not a race between two clients.
 */
export class BrokerGate {
  private readonly sockets = new Set<net.Socket>();
  private open = true;

  private constructor(
    private readonly server: net.Server,
    private readonly targetPort: number,
  ) {
    server.on('connection', (downstream) => this.relay(downstream));
  }

  static async start(targetPort: number): Promise<BrokerGate> {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    return new BrokerGate(server, targetPort);
  }

  get url(): string {
    const address = this.server.address();
    return `mqtt://127.0.0.1:${address && typeof address === 'object' ? address.port : 0}`;
  }

  shut(): void {
    this.open = false;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  reopen(): void {
    this.open = true;
  }

  async close(): Promise<void> {
    this.shut();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private relay(downstream: net.Socket): void {
    downstream.on('error', () => {});
    if (!this.open) {
      downstream.destroy();
      return;
    }
    const upstream = net.createConnection({ host: '127.0.0.1', port: this.targetPort, noDelay: true });
    upstream.on('error', () => {});
    this.sockets.add(downstream);
    this.sockets.add(upstream);
    const end = () => {
      downstream.destroy();
      upstream.destroy();
      this.sockets.delete(downstream);
      this.sockets.delete(upstream);
    };
    downstream.on('close', end);
    upstream.on('close', end);
    downstream.pipe(upstream);
    upstream.pipe(downstream);
  }
}
