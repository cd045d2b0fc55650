import { TcpProxy } from './tcp-proxy';

/** A TCP proxy in front of the real Redis that a test can cut, partition and restore. */
export class RedisProxy extends TcpProxy {
  constructor(targetPort = 6379, targetHost = '127.0.0.1') {
    super(targetPort, targetHost);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
}

/** A TCP proxy in front of the real PostgreSQL; `url(database)` reaches that database through it. */
export class PostgresProxy extends TcpProxy {
  constructor(targetPort = 5432, targetHost = '127.0.0.1') {
    super(targetPort, targetHost);
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }
}
