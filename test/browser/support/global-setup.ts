import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { TestSmtpServer } from '../../support/smtp';
import { ADMIN, ORGANIZATION } from './people';

const root = join(__dirname, '..', '..', '..');
const baseDatabaseUrl = process.env.CUSTOS_TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function waitUntilReady(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited (${server.exitCode}):\n${log()}`);
    try {
      const res = await fetch(`${url}/api/v1/health/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The server did not become ready:\n${log()}`);
}

/**
 * Starts the built server (`npm run build` made dist/) against its own PostgreSQL database, Redis
 * prefix and an SMTP server, creates the first organisation, and removes all of it afterwards.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(root, 'dist/src/main.js')) || !existsSync(join(root, 'dist/web/index.html'))) {
    throw new Error('Build first: npm run build (the browser tests drive the built server and console)');
  }
  const run = process.env.CUSTOS_BROWSER_RUN!;
  const port = process.env.CUSTOS_BROWSER_PORT!;
  const database = `custos_browser_${run}`;
  const prefix = `cb_${run}`;
  const url = `http://127.0.0.1:${port}`;
  const dir = await mkdtemp(join(tmpdir(), 'custos-browser-'));
  // The e-mails the server sends, one JSON file each, for the journeys (in their own workers) to read.
  const received = join(dir, 'received');
  mkdirSync(received);
  process.env.CUSTOS_BROWSER_MAIL_DIR = received;
  let sent = 0;
  const smtp = await new TestSmtpServer(({ to, subject, text, html }) =>
    writeFileSync(
      join(received, `${String(++sent).padStart(5, '0')}.json`),
      JSON.stringify({ to, subject, text, html }),
    ),
  ).start();
  // The served process's clock: system time plus the milliseconds in this file (journeys move it).
  const clockFile = join(dir, 'clock-offset-ms');
  writeFileSync(clockFile, '0');
  process.env.CUSTOS_BROWSER_CLOCK_FILE = clockFile;
  let output = '';
  const server = spawn(process.execPath, [join(root, 'dist/src/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: port,
      PUBLIC_URL: url,
      DATABASE_URL: `${baseDatabaseUrl}/${database}`,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      SMTP_URL: smtp.url,
      STORAGE_DIR: join(dir, 'storage'),
      MAIL_OUTBOX_DIR: join(dir, 'mail'),
      LOG_LEVEL: 'warn',
      MODE: 'all',
      TEST_CLOCK_FILE: clockFile,
      OUTBOX_POLL_MS: '200',
      RATE_LIMIT_PER_MINUTE: '100000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const teardown = async () => {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(undefined) : server.once('exit', r)));
    await smtp.stop();
    const pg = new Client({ connectionString: `${baseDatabaseUrl}/postgres` });
    await pg.connect();
    await pg.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).finally(() => pg.end());
    const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(url, server, () => output);
    const res = await fetch(`${url}/api/v1/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ organizationName: ORGANIZATION, ...ADMIN }),
    });
    if (res.status !== 201) throw new Error(`setup answered ${res.status}: ${await res.text()}`);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
