import { Body, Controller, Get, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { AppConfig } from '../src/config/app-config';
import { Public } from '../src/platform/http/public.decorator';
import { RedisThrottlerStorage } from '../src/platform/http/redis-throttler.storage';
import { RedisService } from '../src/platform/redis/redis.service';
import { createTestApp, TestApp } from './support/test-app';

class EchoTagDto {
  @IsString()
  label: string;
}

class EchoDto {
  @IsString()
  name: string;

  @IsInt()
  @Min(1)
  @Max(10)
  count: number;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => EchoTagDto)
  tags?: EchoTagDto[];
}

@Public()
@Controller('test-only')
class TestOnlyController {
  @Post('echo')
  echo(@Body() body: EchoDto): EchoDto {
    return body;
  }

  @Get('boom')
  boom(): never {
    throw new Error('connection string postgres://secret@db leaked');
  }
}

describe('platform: HTTP contract', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ controllers: [TestOnlyController] });
  });
  afterAll(() => t.close());

  it('reports liveness and readiness of PostgreSQL and Redis', async () => {
    await t.as(null).get('/health/live').expect(200, { status: 'ok' });
    const ready = await t.as(null).get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('serves the OpenAPI document and the Swagger UI', async () => {
    const doc = await t.http.get('/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/health/ready']));
    // Every operation says whether it needs credentials and documents its refusals as problem+json.
    type Operation = {
      security?: unknown[];
      responses: Record<string, { content?: Record<string, unknown> }>;
    };
    const operations = Object.entries(doc.body.paths as Record<string, Record<string, Operation>>).flatMap(
      ([path, item]) => Object.entries(item).map(([method, op]) => ({ at: `${method} ${path}`, op })),
    );
    const undocumented = operations.filter(
      ({ op }) =>
        !Array.isArray(op.security) ||
        !Object.entries(op.responses).some(
          ([status, r]) => status.startsWith('4') && r.content?.['application/problem+json'],
        ),
    );
    expect(undocumented.map((o) => o.at)).toEqual([]);
    expect(doc.body.paths['/api/v1/health/live'].get.security).toEqual([]);
    expect(doc.body.components.schemas.Problem.required).toEqual(['type', 'title', 'status', 'code']);
    const ui = await t.http.get('/docs/').expect(200);
    expect(ui.text).toContain('swagger-ui');
  });

  it('echoes a request id and sets hardening headers', async () => {
    const res = await t.as(null).get('/health/live').set('X-Request-Id', 'req-12345678').expect(200);
    expect(res.headers['x-request-id']).toBe('req-12345678');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await t
      .as(null)
      .request('post', '/test-only/echo')
      .set('Content-Type', 'application/json')
      .send('{"name": "x", ')
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: 'urn:custos:problem:malformed-json',
      status: 400,
      code: 'MALFORMED_JSON',
      errors: [{ field: 'body', message: 'is not valid JSON' }],
    });
    expect(res.body.requestId).toEqual(expect.any(String));
  });

  it('names an unknown field', async () => {
    const res = await t.as(null).post('/test-only/echo', { name: 'x', count: 2, admin: true }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'admin', rule: 'whitelistValidation' }),
    ]);
  });

  it('names a field of the wrong type, also inside nested arrays', async () => {
    const res = await t
      .as(null)
      .post('/test-only/echo', { name: 42, count: 'three', tags: [{ label: 'ok' }, { label: 7 }] })
      .expect(400);
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'count', 'tags[1].label']));
    expect(res.body.detail).toContain('count');
  });

  it('accepts a valid body unchanged', async () => {
    await t.as(null).post('/test-only/echo', { name: 'x', count: 3 }).expect(201, { name: 'x', count: 3 });
  });

  it('refuses a body over the configured limit with 413', async () => {
    const res = await t
      .as(null)
      .post('/test-only/echo', { name: 'x'.repeat(1_200_000), count: 1 })
      .expect(413);
    expect(res.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await t.as(null).get('/nothing-here').expect(404);
    expect(res.body).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND' });
  });

  it('turns an unexpected error into a 500 with the request id and no internals', async () => {
    const res = await t.as(null).get('/test-only/boom').set('X-Request-Id', 'boom-request-1').expect(500);
    expect(res.body).toEqual({
      type: 'urn:custos:problem:internal-error',
      title: 'Internal Server Error',
      status: 500,
      detail: expect.stringContaining('request id'),
      code: 'INTERNAL_ERROR',
      requestId: 'boom-request-1',
    });
    expect(JSON.stringify(res.body)).not.toMatch(/secret|postgres|at .*\.ts/);
  });

  it('counts a rate limit sent in the same turn as another request-path command, on a new client', async () => {
    // The request path's client pipelines the commands of one turn; the rate limit's script must be
    // known to the client before any pipeline of that turn exists (an API key's epoch read comes first).
    const redis = new RedisService(t.app.get(AppConfig));
    try {
      await redis.ping();
      const storage = new RedisThrottlerStorage(redis, `${t.app.get(AppConfig).queuePrefix}:same-turn`);
      const [epoch, first] = await Promise.all([
        redis.client.get(`${t.app.get(AppConfig).queuePrefix}:same-turn:epoch`),
        storage.increment('caller', 60_000, 5, 0, 'default'),
      ]);
      expect(epoch).toBeNull();
      expect(first).toMatchObject({ totalHits: 1, isBlocked: false });
      await expect(storage.increment('caller', 60_000, 5, 0, 'default')).resolves.toMatchObject({
        totalHits: 2,
      });
    } finally {
      await redis.client.del(`${t.app.get(AppConfig).queuePrefix}:same-turn:throttle:default:caller:hits`);
      await redis.onApplicationShutdown();
    }
  });
});
