import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';

interface Link {
  client: Socket;
  upstream: Socket;
  /** Piped both ways. A second pipe would pass every byte twice: each command run twice, each reply read twice. */
  flowing: boolean;
}

/**
 * A TCP proxy in front of a real service (Redis, PostgreSQL) that a test controls: `cut()` refuses
 * connections and drops the open ones (the service went away); `partition()` keeps every connection open
 * but lets no byte through either way, and accepts new connections that then hear nothing (the network
 * between Custos and the service drops packets); `heal()` lets the held bytes flow again, and changes
 * nothing on connections that already flow.
 */
export class TcpProxy {
  private server?: Server;
  private readonly links = new Set<Link>();
  private partitioned = false;
  port = 0;

  constructor(
    readonly targetPort: number,
    readonly targetHost = '127.0.0.1',
  ) {}

  async start(): Promise<this> {
    this.server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      const link: Link = { client, upstream, flowing: false };
      this.links.add(link);
      for (const s of [client, upstream]) s.on('error', () => s.destroy());
      client.on('close', () => {
        upstream.destroy();
        this.links.delete(link);
      });
      upstream.on('close', () => client.destroy());
      if (this.partitioned) this.hold(link);
      else this.flow(link);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Refuses new connections and drops the open ones, as an outage would. */
  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
    for (const { client, upstream } of this.links) {
      client.destroy();
      upstream.destroy();
    }
    await closed;
  }

  async restore(): Promise<void> {
    await this.start();
  }

  /** Every open and new connection stays open and silent until `heal()`. */
  partition(): void {
    this.partitioned = true;
    for (const link of this.links) this.hold(link);
  }

  heal(): void {
    this.partitioned = false;
    for (const link of this.links) this.flow(link);
  }

  private flow(link: Link): void {
    if (link.flowing) return;
    link.flowing = true;
    link.client.pipe(link.upstream);
    link.upstream.pipe(link.client);
  }

  /** Unpiped and paused, neither side reads: what arrives meanwhile waits in the buffers. */
  private hold(link: Link): void {
    const { client, upstream } = link;
    link.flowing = false;
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
  }
}
