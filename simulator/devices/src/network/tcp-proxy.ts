import net from 'node:net';

interface Path {
  readonly downstream: net.Socket;
  upstream: net.Socket | undefined;
  cut: boolean;
}

/**
 * A TCP relay between a client and the broker that can cut the path silently: bytes are dropped and
 * no FIN or RST passes, as when a mobile network loses its uplink. Only keepalives can notice that.
 */
export class TcpProxy {
  private readonly paths = new Set<Path>();
  private partitioned = false;

  private constructor(
    private readonly server: net.Server,
    private readonly targetPort: number,
  ) {
    server.on('connection', (downstream) => this.relay(downstream));
  }

  static async start(targetPort: number): Promise<TcpProxy> {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    return new TcpProxy(server, targetPort);
  }

  get url(): string {
    const address = this.server.address();
    return `mqtt://127.0.0.1:${address && typeof address === 'object' ? address.port : 0}`;
  }

  /** From now on nothing passes, on current and new connections, and no side learns of it. */
  partition(): void {
    this.partitioned = true;
    for (const p of this.paths) p.cut = true;
  }

  /** New connections pass again; the ones cut stay dead until their ends give up on them. */
  heal(): void {
    this.partitioned = false;
  }

  async close(): Promise<void> {
    for (const p of this.paths) {
      p.downstream.destroy();
      p.upstream?.destroy();
    }
    this.paths.clear();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private relay(downstream: net.Socket): void {
    const path: Path = { downstream, upstream: undefined, cut: this.partitioned };
    this.paths.add(path);
    const forget = () => {
      // A cut path carries no FIN either: each end finds out by itself.
      if (!path.cut) {
        path.downstream.destroy();
        path.upstream?.destroy();
      }
      if (path.downstream.destroyed && (path.upstream?.destroyed ?? true)) this.paths.delete(path);
    };
    downstream.on('error', () => {});
    downstream.on('close', forget);
    if (path.cut) return;
    const upstream = net.createConnection({ host: '127.0.0.1', port: this.targetPort, noDelay: true });
    path.upstream = upstream;
    upstream.on('error', () => {});
    upstream.on('close', forget);
    downstream.on('data', (d) => {
      if (!path.cut) upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!path.cut) downstream.write(d);
    });
  }
}
