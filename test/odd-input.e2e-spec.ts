import { randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import {
  agreementBody,
  allClauses,
  approveAssessment,
  bearer,
  createAgreement,
  createProcessor,
  createUser,
  processorBody,
  setupOrganization,
  strongPassword,
  TestOrganization,
  TestUser,
  uniqueEmail,
  staff,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';
import { API } from './support/client';

interface Schema {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
}

interface Probe {
  method: 'patch' | 'put';
  path: string;
  token: () => string;
  /** The credentials, when not the bearer token (a portal link's). */
  auth?: () => [string, string];
  /** A body that is valid as it stands; each field in turn is set to null in it. */
  body: () => Record<string, unknown>;
  /** Where the entity can be read back afterwards. */
  readBack: string;
}

/** null first; then values of every JSON type, most of them wrong for any one field. */
const ODD: unknown[] = [null, {}, [null], [{}], 12345, 'x', true, -1];

/** The body with each documented field set to each odd value in turn, and each field of an object it holds to null. */
function nullCases(schema: Schema, base: Record<string, unknown>): [string, Record<string, unknown>][] {
  const cases: [string, Record<string, unknown>][] = [];
  for (const field of Object.keys(schema.properties ?? {})) {
    for (const odd of ODD) cases.push([field, { ...base, [field]: odd }]);
    const value = base[field];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const inner of Object.keys(value)) {
        cases.push([`${field}.${inner}`, { ...base, [field]: { ...value, [inner]: null } }]);
      }
    }
  }
  return cases;
}

/** A success (the field is nullable), or a 4xx naming the field or the object holding it; a 409 for a version. */
function acceptable(res: Response, field: string): boolean {
  if (res.status >= 200 && res.status < 300) return true;
  if (res.status < 400 || res.status >= 500) return false;
  const fields = ((res.body.errors ?? []) as { field: string }[]).map((e) => e.field);
  return res.status === 409 || fields.some((f) => f.startsWith(field) || field.startsWith(f));
}

const summary = (res: Response) => `${res.status} ${JSON.stringify(res.body).slice(0, 160)}`;

/**
 * Every field of every PATCH and PUT body and of the main create bodies, set in turn to null and to values
 * of every JSON type (and each field of a nested object to null): the answer is a success (null clears a
 * nullable field) or a 4xx naming the field, never a 500, and the entity stays readable. The fields are
 * read from the OpenAPI document, so a field added later is probed too.
 */
describe('null and values of the wrong type in request bodies', () => {
  let t: TestApp;
  let org: TestOrganization;
  let legal: TestUser;
  let dpo: TestUser;
  let schemas: Record<string, Schema>;
  let paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>
  >;
  const probes: Probe[] = [];
  /** Routes that create something, each with a body that is valid as it stands. */
  const creations: { path: string; token: () => string; body: () => Record<string, unknown> }[] = [];

  const resolve = (schema: Schema): Schema =>
    schema.$ref ? resolve(schemas[schema.$ref.split('/').pop()!]) : schema;
  /** The documented JSON body of a route, given a concrete path. */
  const schemaOf = (path: string, method: 'post' | 'patch' | 'put'): Schema =>
    resolve(
      paths[`${API}${path.replace(/[0-9a-f-]{36}/g, '{id}')}`][method].requestBody!.content[
        'application/json'
      ].schema,
    );

  beforeAll(async () => {
    t = await createTestApp();
    org = await setupOrganization(t, { organizationName: 'Acme GmbH' });
    ({ legal, dpo } = await staff(t, org, { legal: ['legal'], dpo: ['dpo'] }));
    const person = await createUser(t, org.admin.accessToken, { roles: ['auditor'] });
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    schemas = doc.components.schemas;
    paths = doc.paths;

    const processor = await createProcessor(t, legal.accessToken, { name: 'Nullable GmbH' });
    const subProcessor = await createProcessor(t, legal.accessToken, {
      name: 'Nullable Sub SAS',
      parentId: processor.id,
    });
    const draftAgreement = await createAgreement(
      t,
      legal.accessToken,
      processor.id,
      agreementBody(t.clock.today()),
    );
    const assessed = await createProcessor(t, legal.accessToken, { name: 'Failing BV' });
    let failed = 0; // one non-critical question answered badly: a finding, and still approvable
    await approveAssessment(
      t,
      legal.accessToken,
      dpo.accessToken,
      assessed.id,
      (q) => !q.critical && failed++ === 0,
    );
    const findings = await t
      .as(dpo.accessToken)
      .get('/findings')
      .query({ processorId: assessed.id })
      .expect(200);
    const findingId = (findings.body.items as { id: string }[])[0]?.id;
    const draft = await t
      .as(legal.accessToken)
      .post(`/processors/${processor.id}/assessments`, {})
      .expect(201);
    const contactEmail = uniqueEmail('contact', 'nullable.example');
    await t
      .as(legal.accessToken)
      .post(`/processors/${processor.id}/portal-links`, {
        contactEmail,
        contactName: 'Nia Nullable',
        purposes: ['assessment'],
        assessmentId: draft.body.id,
        expiresOn: t.clock.today(),
      })
      .expect(201);
    const received = await t.smtp.waitFor((all) => all.some((m) => m.to.includes(contactEmail)));
    const invitation = received.find((m) => m.to.includes(contactEmail))!;
    const portalToken = /\/portal#([A-Za-z0-9_-]{43})/.exec(invitation.text)![1];
    const incident = await t
      .as(legal.accessToken)
      .post(`/processors/${processor.id}/incidents`, {
        title: 'Lost laptop',
        nature: 'An unencrypted laptop was stolen.',
      })
      .expect(201);
    const activity = await t
      .as(dpo.accessToken)
      .post('/processing-activities', {
        name: 'Newsletter',
        purposes: ['marketing'],
        legalBases: ['art6_1_a'],
        dataSubjectCategories: ['customer'],
        dataCategories: ['user.contact.email'],
        retention: 'Until consent is withdrawn',
        securityMeasures: 'Access control',
        processorIds: [processor.id],
      })
      .expect(201);
    const tia = await t
      .as(legal.accessToken)
      .post(`/agreements/${draftAgreement.id}/transfer-impact-assessments`, {
        destination: 'IN',
        assessedOn: t.clock.today(),
        assessor: 'Probe assessor',
        lawsAndPractices: 'Probe laws',
        outcome: 'proceed',
      })
      .expect(201);
    const entry = await t
      .as(dpo.accessToken)
      .post('/records/processor-record/entries', {
        controllerName: 'Globex Retail SA',
        controllerContact: { name: 'Privacy team', email: 'privacy@globex.example' },
        processingCategories: ['Hosting'],
        securityMeasures: 'ISO 27001 certified hosting',
      })
      .expect(201);
    const profile = {
      controllerName: 'Acme GmbH',
      address: 'Musterstraße 1, 10115 Berlin',
      contactEmail: 'privacy@acme.example',
      representative: { name: 'Acme EU Rep Ltd', email: 'rep@acme.example' },
      dpo: { name: 'Dana Protect', email: 'dpo@acme.example' },
    };

    const admin = () => org.admin.accessToken;
    probes.push(
      {
        method: 'patch',
        path: `/users/${person.id}`,
        token: admin,
        body: () => ({}),
        readBack: `/users/${person.id}`,
      },
      {
        method: 'patch',
        path: '/organization/security',
        token: admin,
        body: () => ({}),
        readBack: '/organization',
      },
      {
        method: 'patch',
        path: `/processors/${processor.id}`,
        token: () => legal.accessToken,
        body: () => ({}),
        readBack: `/processors/${processor.id}`,
      },
      {
        method: 'put',
        path: `/assessments/${draft.body.id}/answers`,
        token: () => legal.accessToken,
        body: () => ({ answers: [{ questionId: draft.body.questions[0].id, value: true }] }),
        readBack: `/assessments/${draft.body.id}`,
      },
      {
        method: 'put',
        path: '/portal/assessment/answers',
        token: () => '',
        auth: () => ['Authorization', `Portal ${portalToken}`],
        body: () => ({ answers: [{ questionId: draft.body.questions[0].id, value: true }] }),
        readBack: '/portal/assessment',
      },
      {
        method: 'put',
        path: `/agreements/${draftAgreement.id}`,
        token: () => legal.accessToken,
        body: () => agreementBody(t.clock.today()) as unknown as Record<string, unknown>,
        readBack: `/agreements/${draftAgreement.id}`,
      },
      {
        method: 'put',
        path: `/processors/${subProcessor.id}/flow-down-contract`,
        token: () => legal.accessToken,
        body: () => ({ signedOn: t.clock.today(), document: 'Probe contract', clauses: allClauses() }),
        readBack: `/processors/${subProcessor.id}`,
      },
      {
        method: 'put',
        path: '/monitoring/settings',
        token: () => dpo.accessToken,
        body: () => ({ high: 6, medium: 12, low: 24 }),
        readBack: '/monitoring/settings',
      },
      {
        method: 'patch',
        path: `/incidents/${incident.body.id}`,
        token: () => dpo.accessToken,
        body: () => ({}),
        readBack: `/incidents/${incident.body.id}`,
      },
      {
        method: 'put',
        path: '/records/profile',
        token: () => dpo.accessToken,
        body: () => ({ ...profile }),
        readBack: '/records/profile',
      },
      {
        method: 'patch',
        path: `/records/processor-record/entries/${entry.body.id}`,
        token: () => dpo.accessToken,
        body: () => ({}),
        readBack: `/records/processor-record/entries/${entry.body.id}`,
      },
      {
        method: 'patch',
        path: `/transfer-impact-assessments/${tia.body.id}`,
        token: () => legal.accessToken,
        body: () => ({}),
        readBack: `/transfer-impact-assessments/${tia.body.id}`,
      },
      {
        method: 'patch',
        path: `/processing-activities/${activity.body.id}`,
        token: () => dpo.accessToken,
        body: () => ({}),
        readBack: `/processing-activities/${activity.body.id}`,
      },
    );
    const later = new Date(t.clock.now().getTime() + 90 * 86_400_000).toISOString();
    creations.push(
      {
        path: '/users',
        token: admin,
        body: () => ({
          email: uniqueEmail('probe'),
          name: 'Probe',
          roles: ['auditor'],
          password: strongPassword(),
        }),
      },
      {
        path: '/api-keys',
        token: admin,
        body: () => ({ name: 'Probe system', roles: ['procurement'], expiresAt: later }),
      },
      {
        path: '/processors',
        token: () => legal.accessToken,
        body: () => processorBody() as unknown as Record<string, unknown>,
      },
      {
        path: `/processors/${processor.id}/agreements`,
        token: () => legal.accessToken,
        body: () => agreementBody(t.clock.today()) as unknown as Record<string, unknown>,
      },
      {
        path: `/processors/${processor.id}/incidents`,
        token: () => legal.accessToken,
        body: () => ({
          title: 'Probe',
          nature: 'Probe',
          contactPoint: { name: 'Desk', email: 'desk@vendor.example' },
        }),
      },
      {
        path: `/processors/${processor.id}/monitoring-checks`,
        token: () => legal.accessToken,
        body: () => ({ type: 'audit', dueOn: t.clock.today() }),
      },
      {
        path: '/processing-activities',
        token: () => dpo.accessToken,
        body: () => ({
          name: `Probe ${Math.random()}`,
          purposes: ['marketing'],
          legalBases: ['art6_1_a'],
          dataSubjectCategories: ['customer'],
          dataCategories: ['user.contact.email'],
          retention: 'One year',
          securityMeasures: 'Access control',
          processorIds: [processor.id],
          otherRecipients: [{ name: 'Tax office', type: 'public_authority', country: 'DE' }],
        }),
      },
      {
        path: '/records/processor-record/entries',
        token: () => dpo.accessToken,
        body: () => ({
          controllerName: 'Globex Retail SA',
          controllerContact: { name: 'Privacy team', email: 'privacy@globex.example' },
          processingCategories: ['Hosting'],
          securityMeasures: 'ISO 27001',
        }),
      },
      { path: '/records/exports', token: () => dpo.accessToken, body: () => ({ format: 'json' }) },
    );
    if (findingId)
      probes.push({
        method: 'patch',
        path: `/findings/${findingId}`,
        token: () => dpo.accessToken,
        body: () => ({}),
        readBack: `/findings/${findingId}`,
      });
  });
  afterAll(() => t?.close());

  it('probes every PATCH and PUT route of the API', () => {
    const documented = Object.entries(paths).flatMap(([path, item]) =>
      (['patch', 'put'] as const).filter((m) => item[m]?.requestBody).map((m) => `${m} ${path}`),
    );
    const probed = probes.map((p) => `${p.method} /api/v1${p.path.replace(/[0-9a-f-]{36}/g, '{id}')}`);
    expect([...new Set(probed)].sort()).toEqual(documented.sort());
  });

  it('answers them in a new resource the same way', async () => {
    const failures: string[] = [];
    for (const route of creations) {
      for (const [field, body] of nullCases(schemaOf(route.path, 'post'), route.body())) {
        const res = await t.as(route.token()).post(`${route.path}`, body);
        if (!acceptable(res, field))
          failures.push(`post ${route.path} ${JSON.stringify(body)} → ${summary(res)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers null (a value only where a field is nullable) and wrong types with a success or a 4xx naming the field, never a 500', async () => {
    const failures: string[] = [];
    for (const probe of probes) {
      for (const [field, body] of nullCases(schemaOf(probe.path, probe.method), probe.body())) {
        const auth = probe.auth?.() ?? bearer(probe.token());
        const res = await t.http[probe.method](`${API}${probe.path}`)
          .set(...auth)
          .send(body);
        if (!acceptable(res, field))
          failures.push(`${probe.method} ${probe.path} ${JSON.stringify(body)} → ${summary(res)}`);
        const read = await t
          .as(null)
          .get(`${probe.readBack}`)
          .set(...auth);
        if (read.status !== 200)
          failures.push(`after ${JSON.stringify(body)}, GET ${probe.readBack} → ${read.status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 240_000); // hundreds of requests in turn, each read back: more than a minute on a busy machine
});

/**
 * Every query parameter of every GET route, set in turn to values a form or a script might send by
 * mistake; and every id in a path set to something that is not an id: never a 500.
 */
describe('odd query parameters and path ids', () => {
  let t: TestApp;
  let org: TestOrganization;
  let everyone: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    org = await setupOrganization(t, { organizationName: 'Acme GmbH' });
    // Every role at once, so that no route answers 403 before it reads its parameters.
    everyone = await createUser(t, org.admin.accessToken, {
      roles: ['admin', 'legal', 'procurement', 'dpo', 'auditor'],
    });
  });
  afterAll(() => t?.close());

  it('answers a 2xx or a 4xx, never a 500', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    const odd = [
      '',
      'x',
      '-1',
      '0',
      '1e309',
      '99999999999999999999',
      '2026-02-30',
      'null',
      '[]',
      "'; --",
      'ä'.repeat(300),
    ];
    const failures: string[] = [];
    const statuses = new Set<number>();
    for (const [template, item] of Object.entries(doc.paths)) {
      const get = item.get;
      // Portal routes take a portal link, not a bearer token (the portal tests probe them).
      if (!get || template.includes('/docs') || template.startsWith(`${API}/portal/`)) continue;
      const fill = (id: string) => template.replace(/\{[^}]+\}/g, id);
      const requests: { path: string; query: Record<string, string> }[] = [];
      for (const p of (get.parameters ?? []).filter((x) => x.in === 'query')) {
        for (const value of odd) requests.push({ path: fill(randomUUID()), query: { [p.name]: value } });
      }
      if (template.includes('{'))
        for (const id of ['x', '0', 'null', randomUUID().toUpperCase()])
          requests.push({ path: fill(id), query: {} });
      for (const r of requests) {
        const res = await t.http
          .get(r.path)
          .query(r.query)
          .set(...bearer(everyone.accessToken));
        // Every role is held, so a refusal would mean the parameters were never read.
        if (res.status >= 500 || res.status === 401 || res.status === 403)
          failures.push(`GET ${r.path}?${new URLSearchParams(r.query).toString()} → ${summary(res)}`);
        statuses.add(res.status);
      }
    }
    expect(failures).toEqual([]);
    expect([...statuses]).toEqual(expect.arrayContaining([200, 400, 404]));
  });
});
