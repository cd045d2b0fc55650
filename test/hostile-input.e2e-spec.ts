import { gzipSync } from 'node:zlib';
import { Response } from 'supertest';
import {
  createProcessor,
  createUser,
  processorBody,
  setupOrganization,
  TestOrganization,
  TestUser,
} from './support/factories';
import { expectProblem } from './support/problems';
import { createTestApp, TestApp } from './support/test-app';

/** The field errors of a problem, as `field rule` pairs. */
const named = (res: Response): string[] =>
  ((res.body.errors ?? []) as { field: string; rule?: string }[]).map((e) => `${e.field} ${e.rule}`);

const nested = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/**
 * Bytes a careless or hostile client sends: each is a 4xx problem naming what is wrong, refused on the one
 * global input path (or by the DTO where a field is missing), and nothing is stored.
 */
describe('hostile input', () => {
  let t: TestApp;
  let org: TestOrganization;
  let legal: TestUser;
  let processorId: string;

  const count = async (table: string): Promise<number> =>
    Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM "${table}"`))[0].n);
  const auditCount = () => count('audit_event');

  beforeAll(async () => {
    t = await createTestApp();
    org = await setupOrganization(t);
    legal = await createUser(t, org.admin.accessToken, { roles: ['legal', 'dpo'] });
    processorId = (await createProcessor(t, legal.accessToken)).id;
  });
  afterAll(() => t.close());

  const createProcessorRaw = (body: string) =>
    t.as(legal.accessToken).request('post', '/processors').set('Content-Type', 'application/json').send(body);

  it('refuses a body that claims gzip but is not, on login and on an authenticated route', async () => {
    const audits = await auditCount();
    const login = await t
      .as(null)
      .request('post', '/auth/login')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send('{"email":"a@b.example","password":"x"}');
    expectProblem(login, 400, 'MALFORMED_CONTENT_ENCODING');
    expect(named(login)).toEqual(['body contentEncoding']);
    const processors = await count('processor');
    const write = await t
      .as(legal.accessToken)
      .request('post', '/processors')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send('{"name":"not gzip at all"}');
    expectProblem(write, 400, 'MALFORMED_CONTENT_ENCODING');
    expect(await count('processor')).toBe(processors);
    expect(await auditCount()).toBe(audits);
  });

  it('still reads a body that really is gzip', async () => {
    const body = JSON.stringify(processorBody({ name: 'Gzipped GmbH' }));
    const res = await t
      .as(legal.accessToken)
      .request('post', '/processors')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize((raw: Buffer) => raw as unknown as string) // send the bytes as they are
      .send(gzipSync(body));
    expect({ status: res.status, name: res.body.name }).toEqual({ status: 201, name: 'Gzipped GmbH' });
  });

  it('refuses deeply nested JSON, also on /auth/login without an account', async () => {
    const audits = await auditCount();
    for (const body of [nested(10_000), '['.repeat(100_000) + ']'.repeat(100_000)]) {
      const login = await t
        .as(null)
        .request('post', '/auth/login')
        .set('Content-Type', 'application/json')
        .send(body);
      expectProblem(login, 400, 'BODY_TOO_DEEP');
      expect(named(login)).toEqual(['body maxDepth']);
    }
    const processors = await count('processor');
    expectProblem(await createProcessorRaw(nested(40)), 400, 'BODY_TOO_DEEP');
    expect(await count('processor')).toBe(processors);
    expect(await auditCount()).toBe(audits);
  });

  it('refuses a NUL byte in a JSON string, in a key and in a query parameter', async () => {
    const processors = await count('processor');
    const inString = await t
      .as(legal.accessToken)
      .post('/processors', processorBody({ name: 'Null\u0000 GmbH' }));
    expectProblem(inString, 400, 'VALIDATION_FAILED');
    expect(named(inString)).toEqual(['name noNul']);

    const inKey = await createProcessorRaw(JSON.stringify({ ...processorBody(), 'x\u0000': 1 }));
    expectProblem(inKey, 400, 'VALIDATION_FAILED');
    expect(named(inKey)).toEqual(['x? noNul']);

    const inQuery = await t.as(org.admin.accessToken).get('/audit-events?action=auth.login%00');
    expectProblem(inQuery, 400, 'VALIDATION_FAILED');
    expect(named(inQuery)).toEqual(['action noNul']);

    const inPath = await t.as(legal.accessToken).get('/processors/%00');
    expectProblem(inPath, 400, 'VALIDATION_FAILED');
    expect(named(inPath)).toEqual(['path noNul']);
    expect(await count('processor')).toBe(processors);
  });

  it('refuses a lone UTF-16 surrogate, and keeps a well-formed pair', async () => {
    const processors = await count('processor');
    const body = JSON.stringify(processorBody({ name: 'Lone GmbH' })).replace('Lone', 'Lone\\ud800');
    const lone = await createProcessorRaw(body);
    expectProblem(lone, 400, 'VALIDATION_FAILED');
    expect(named(lone)).toEqual(['name wellFormedUnicode']);
    expect(await count('processor')).toBe(processors);

    const pair = await createProcessorRaw(JSON.stringify(processorBody({ name: 'Emoji 😀 GmbH' })));
    expect({ status: pair.status, name: pair.body.name }).toEqual({ status: 201, name: 'Emoji 😀 GmbH' });
  });

  it('refuses counts above 2^31 - 1 on a breach notice', async () => {
    const incidents = await count('incident');
    const notice = {
      title: 'Exposed bucket',
      nature: 'A bucket was publicly readable.',
      approxSubjectCount: 2 ** 31,
      approxRecordCount: 1e15,
    };
    const res = await t.as(legal.accessToken).post(`/processors/${processorId}/incidents`, notice);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(named(res).sort()).toEqual(['approxRecordCount int32', 'approxSubjectCount int32']);
    expect(await count('incident')).toBe(incidents);

    const fits = await t.as(legal.accessToken).post(`/processors/${processorId}/incidents`, {
      ...notice,
      approxSubjectCount: 2 ** 31 - 1,
      approxRecordCount: 0,
    });
    expect({ status: fits.status, count: fits.body.approxSubjectCount }).toEqual({
      status: 201,
      count: 2 ** 31 - 1,
    });
  });

  it('refuses a processor-record entry without controllerContact', async () => {
    const entries = await count('processor_record_entry');
    const res = await t.as(legal.accessToken).post('/records/processor-record/entries', {
      controllerName: 'Globex Retail SA',
      processingCategories: ['Hosting'],
    });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(named(res)).toContain('controllerContact isObject');
    expect(await count('processor_record_entry')).toBe(entries);
  });

  it('refuses a number where a date is asked (?to=0.5) and null on a field that is not nullable', async () => {
    const to = await t.as(org.admin.accessToken).get('/audit-events?to=0.5');
    expectProblem(to, 400, 'VALIDATION_FAILED');
    expect(named(to)).toEqual(['to isIso8601']);
    const iso = await t
      .as(org.admin.accessToken)
      .get('/audit-events?from=2026-01-01&to=2026-12-31T23:59:59Z');
    expect(iso.status).toBe(200);

    const processors = await count('processor');
    const nullName = await t.as(legal.accessToken).post('/processors', { ...processorBody(), name: null });
    expectProblem(nullName, 400, 'VALIDATION_FAILED');
    expect(named(nullName)[0]).toMatch(/^name /);
    expect(await count('processor')).toBe(processors);
  });
});
