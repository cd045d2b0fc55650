import pino from 'pino';
import { Writable } from 'node:stream';
import { censored, withoutQueryValues } from './logging.module';

describe('the request log', () => {
  it.each([
    [
      '/api/v1/certificates/CUS-2026-000001/verify?sha256=abc123',
      '/api/v1/certificates/CUS-2026-000001/verify?sha256=[redacted]',
    ],
    ['/api/v1/processors?page=2&pageSize=50', '/api/v1/processors?page=[redacted]&pageSize=[redacted]'],
    ['/api/v1/health/ready', '/api/v1/health/ready'],
    ['/api/v1/x?', '/api/v1/x?'],
  ])('logs %s as %s', (url, logged) => {
    expect(withoutQueryValues(url)).toBe(logged);
  });
});

describe('secrets in the log', () => {
  it('replaces the value of every secret field, nested too, in a copy', () => {
    const line = {
      user: { email: 'a@example.org', password: 'hunter2' },
      body: { items: [{ apiKey: 'cus_x', name: 'k' }] },
      headers: { authorization: 'Bearer t', 'x-api-key': 'cus_y', cookie: 'c', accept: 'json' },
      token: 't0',
      missing: undefined,
    };
    const before = structuredClone(line);
    expect(censored(line)).toEqual({
      user: { email: 'a@example.org', password: '[redacted]' },
      body: { items: [{ apiKey: '[redacted]', name: 'k' }] },
      headers: {
        authorization: '[redacted]',
        'x-api-key': '[redacted]',
        cookie: '[redacted]',
        accept: 'json',
      },
      token: '[redacted]',
      missing: undefined,
    });
    expect(line).toEqual(before);
  });

  it('hands back the same objects when there is nothing to censor', () => {
    const line = { res: { statusCode: 200 }, responseTime: 3, list: [1, { a: 'b' }] };
    const result = censored(line);
    expect(result).toBe(line);
    expect(result.list).toBe(line.list);
  });

  it('keeps an error an error, its own secret fields censored', () => {
    const error = Object.assign(new Error('refused'), { secret: 's', status: 401 });
    const result = censored({ err: error }).err;
    expect(result).toBeInstanceOf(Error);
    expect(result).not.toBe(error);
    expect([result.message, result.stack, result.secret, result.status]).toEqual([
      'refused',
      error.stack,
      '[redacted]',
      401,
    ]);
    expect(error.secret).toBe('s');
  });

  it('leaves other objects to their serializers and stops at a depth', () => {
    class Request {
      password = 'inside';
    }
    const request = new Request();
    expect(censored({ req: request }).req).toBe(request);
    let deep: Record<string, unknown> = { password: 'p' };
    for (let i = 0; i < 10; i++) deep = { next: deep };
    const cycle: Record<string, unknown> = { password: 'p' };
    cycle.self = cycle;
    expect(() => censored(deep)).not.toThrow();
    expect(censored(cycle).password).toBe('[redacted]');
  });

  it('is what pino writes, for log lines and for the base bindings', () => {
    let written = '';
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString();
        done();
      },
    });
    const logger = pino(
      { base: { session: { token: 'abc' } }, formatters: { bindings: censored, log: censored } },
      stream,
    );
    logger.info({ input: { newPassword: 'n', name: 'x' } }, 'changed');
    const logged = JSON.parse(written) as Record<string, unknown>;
    expect(logged).toMatchObject({
      session: { token: '[redacted]' },
      input: { newPassword: '[redacted]', name: 'x' },
      msg: 'changed',
    });
    expect(written).not.toMatch(/abc|"n"/);
  });
});
