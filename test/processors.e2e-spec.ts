import { randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import type { QueryRunner } from 'typeorm';
import {
  allAuditEvents,
  answersFor,
  createProcessor,
  createUser,
  getAssessment,
  nextId,
  processorBody,
  secondOrganization,
  setupOrganization,
  TestOrganization,
  TestUser,
  waitForAssessment,
  staff,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';
import { ProcessorHistory1796610000000 } from '../migrations/1796610000000-ProcessorHistory';
import { expectProblem, fieldsOf } from './support/problems';

interface Item {
  id: string;
  name: string;
  [key: string]: unknown;
}

describe('processor registry and vocabularies', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let legal: TestUser;
  let procurement: TestUser;
  let dpo: TestUser;
  let auditor: TestUser;
  let otherLegal: TestUser;
  const listProcessors = async (token: string, query: Record<string, string | number | boolean>) => {
    const res = await t.as(token).get('/processors').query(query);
    expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({
      status: 200,
      body: 'ok',
    });
    return res.body as { items: Item[]; total: number; page: number; pageSize: number };
  };

  /** Answers an assessment perfectly, submits it and waits for the worker's score. */
  const submitPerfect = async (assessmentId: string): Promise<void> => {
    const assessment = await getAssessment(t, legal.accessToken, assessmentId);
    await t
      .as(legal.accessToken)
      .put(`/assessments/${assessmentId}/answers`, { answers: answersFor(assessment.questions) })
      .expect(200);
    await t.as(legal.accessToken).post(`/assessments/${assessmentId}/submit`).expect(202);
    const scored = await waitForAssessment(t, legal.accessToken, assessmentId);
    expect(scored.status).toBe('in_review');
  };

  beforeAll(async () => {
    t = await createTestApp();
    org = await setupOrganization(t, { organizationName: 'Acme GmbH' });
    ({ legal, procurement, dpo, auditor } = await staff(t, org, {
      legal: ['legal'],
      procurement: ['procurement'],
      dpo: ['dpo'],
      auditor: ['auditor'],
    }));
    other = await secondOrganization(t, { organizationName: 'Beta AG' });
    otherLegal = await createUser(t, other.admin.accessToken, { roles: ['legal'] });
  });
  afterAll(() => t.close());

  describe('vocabularies', () => {
    it('serves the fideslang data categories, data subjects and data uses with their source', async () => {
      const categories = await t.as(procurement.accessToken).get('/vocabularies/data-categories');
      expect(categories.status).toBe(200);
      expect(categories.body).toMatchObject({
        name: expect.any(String),
        source: expect.stringMatching(/fideslang/i),
        sourceDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}/),
      });
      const catItems = categories.body.items as { key: string; parent: string | null; custom: boolean }[];
      expect(catItems.length).toBeGreaterThan(50);
      expect(catItems.find((i) => i.key === 'user.contact.email')).toMatchObject({
        key: 'user.contact.email',
        name: expect.any(String),
        parent: 'user.contact',
        custom: false,
      });
      expect(catItems.map((i) => i.key)).toEqual(
        expect.arrayContaining(['user', 'user.contact', 'user.health_and_medical', 'system']),
      );
      expect(catItems.find((i) => i.key === 'user')?.parent).toBeNull();

      const subjects = await t.as(auditor.accessToken).get('/vocabularies/data-subjects');
      expect(subjects.status).toBe(200);
      expect(subjects.body).toMatchObject({ source: expect.any(String), sourceDate: expect.any(String) });
      expect(subjects.body.source.length).toBeGreaterThan(0);
      expect(subjects.body.items.map((i: { key: string }) => i.key)).toEqual(
        expect.arrayContaining(['customer', 'employee', 'patient']),
      );

      const uses = await t.as(dpo.accessToken).get('/vocabularies/data-uses');
      expect(uses.status).toBe(200);
      expect(uses.body.source.length).toBeGreaterThan(0);
      expect(uses.body.sourceDate).toMatch(/^\d{4}-\d{2}-\d{2}/);
      const essential = (uses.body.items as { key: string; parent: string | null }[]).find(
        (i) => i.key === 'essential.service',
      );
      expect(essential).toMatchObject({ key: 'essential.service', parent: 'essential', custom: false });
    });

    it('serves the Art. 9/10 mapping, the countries with EEA flags and the adequacy decisions', async () => {
      const special = await t.as(legal.accessToken).get('/vocabularies/special-categories');
      expect(special.status).toBe(200);
      expect(special.body).toMatchObject({ source: expect.any(String), sourceDate: expect.any(String) });
      const specialItems = special.body.items as { key: string; article: string; kind: string }[];
      expect(specialItems.find((i) => i.key === 'user.health_and_medical')).toMatchObject({
        article: '9',
        kind: expect.any(String),
      });
      expect(specialItems.some((i) => i.article === '10')).toBe(true);
      expect(specialItems.every((i) => i.article === '9' || i.article === '10')).toBe(true);
      expect(specialItems.some((i) => i.key === 'user.contact.email')).toBe(false);

      const countries = await t.as(procurement.accessToken).get('/vocabularies/countries');
      expect(countries.status).toBe(200);
      const cItems = countries.body.items as { code: string; name: string; eu: boolean; eea: boolean }[];
      expect(cItems.filter((c) => c.eea)).toHaveLength(30);
      expect(cItems.filter((c) => c.eu)).toHaveLength(27);
      expect(cItems.find((c) => c.code === 'DE')).toMatchObject({ eu: true, eea: true, name: 'Germany' });
      expect(cItems.find((c) => c.code === 'NO')).toMatchObject({ eu: false, eea: true });
      expect(cItems.find((c) => c.code === 'US')).toMatchObject({ eu: false, eea: false });
      expect(cItems.find((c) => c.code === 'GB')).toMatchObject({ eu: false, eea: false });
      expect(cItems.length).toBeGreaterThan(240);

      const adequacy = await t.as(auditor.accessToken).get('/vocabularies/adequacy-decisions');
      expect(adequacy.status).toBe(200);
      const aItems = adequacy.body.items as { code: string; condition?: string | null }[];
      expect(aItems.find((a) => a.code === 'US')).toMatchObject({ condition: 'dpf_certified' });
      expect(aItems.map((a) => a.code)).toEqual(expect.arrayContaining(['JP', 'CH', 'GB', 'BR', 'KR']));
      expect(aItems.map((a) => a.code)).not.toContain('IN');
      expect(aItems.find((a) => a.code === 'JP')).toMatchObject({
        name: expect.any(String),
        kind: expect.any(String),
        scope: expect.any(String),
      });
    });

    it('lets an organisation add its own key beneath an existing one, for itself only', async () => {
      const res = await t.as(legal.accessToken).post('/vocabularies/data-categories/terms', {
        key: 'user.contact.email.work',
        name: 'Work e-mail address',
        description: 'The address at the employer',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        key: 'user.contact.email.work',
        name: 'Work e-mail address',
        parent: 'user.contact.email',
        custom: true,
      });

      const mine = await t.as(procurement.accessToken).get('/vocabularies/data-categories').expect(200);
      expect(mine.body.items.find((i: { key: string }) => i.key === 'user.contact.email.work')).toMatchObject(
        {
          parent: 'user.contact.email',
          custom: true,
          name: 'Work e-mail address',
        },
      );

      const theirs = await t.as(other.admin.accessToken).get('/vocabularies/data-categories').expect(200);
      expect(theirs.body.items.map((i: { key: string }) => i.key)).not.toContain('user.contact.email.work');

      // The own key can be used for a processor in this organisation, not in the other one.
      const here = await t
        .as(legal.accessToken)
        .post('/processors', processorBody({ intendedDataCategories: ['user.contact.email.work'] }));
      expect(here.status).toBe(201);
      expect(here.body.intendedDataCategories).toEqual(['user.contact.email.work']);
      const there = await t
        .as(otherLegal.accessToken)
        .post('/processors', processorBody({ intendedDataCategories: ['user.contact.email.work'] }));
      expectProblem(there, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(there)).toContain('intendedDataCategories[0]');

      // The other organisation may add the same key for itself.
      const same = await t.as(otherLegal.accessToken).post('/vocabularies/data-categories/terms', {
        key: 'user.contact.email.work',
        name: 'Dienstliche E-Mail',
      });
      expect(same.status).toBe(201);
      expect(same.body).toMatchObject({ key: 'user.contact.email.work', custom: true });

      // A dpo may add keys too (vocabularies write = legal, dpo), and a key beneath an own key.
      const deeper = await t.as(dpo.accessToken).post('/vocabularies/data-categories/terms', {
        key: 'user.contact.email.work.alias',
        name: 'Alias at work',
      });
      expect(deeper.status).toBe(201);
      expect(deeper.body).toMatchObject({ parent: 'user.contact.email.work', custom: true });
    });

    it('refuses a key without an existing parent (400 naming key), an existing key (409) and other roles (403)', async () => {
      const orphan = await t.as(legal.accessToken).post('/vocabularies/data-categories/terms', {
        key: 'nothing.here.x',
        name: 'Orphan',
      });
      expectProblem(orphan, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(orphan)).toContain('key');

      // A name of only spaces is no name: refused by its field, nothing stored.
      const blankKey = `user.contact.blank_${nextId()}`;
      const blank = await t.as(legal.accessToken).post('/vocabularies/data-categories/terms', {
        key: blankKey,
        name: '   ',
      });
      expectProblem(blank, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(blank)).toEqual(['name']);
      const listed = await t.as(legal.accessToken).get('/vocabularies/data-categories').expect(200);
      expect(listed.body.items.map((i: { key: string }) => i.key)).not.toContain(blankKey);

      const existing = await t.as(legal.accessToken).post('/vocabularies/data-categories/terms', {
        key: 'user.contact.email',
        name: 'Twin',
      });
      expectProblem(existing, 409, 'VOCABULARY_KEY_EXISTS');

      for (const user of [procurement, auditor]) {
        const res = await t.as(user.accessToken).post('/vocabularies/data-categories/terms', {
          key: `user.contact.phone_number.x${nextId()}`,
          name: 'Nope',
        });
        expectProblem(res, 403, 'FORBIDDEN');
      }

      const list = await t.as(legal.accessToken).get('/vocabularies/data-categories').expect(200);
      const keys = list.body.items.map((i: { key: string }) => i.key);
      expect(keys).not.toContain('nothing.here.x');
      expect(keys.filter((k: string) => k === 'user.contact.email')).toHaveLength(1);
      expect(keys.some((k: string) => k.startsWith('user.contact.phone_number.x'))).toBe(false);
    });
  });

  describe('processors', () => {
    it('creates a processor with every field and reads it back', async () => {
      const body = {
        name: `CloudMail ${nextId()}`,
        legalName: 'CloudMail Europe GmbH',
        registrationNumber: 'HRB 123456',
        vatId: 'DE123456789',
        country: 'de',
        processingCountries: ['de', 'IE'],
        services: 'Transactional e-mail delivery',
        website: 'https://cloudmail.example',
        contactEmail: 'privacy@cloudmail.example',
        privacyContact: { name: 'Pia Privacy', email: 'pia@cloudmail.example', phone: '+49 30 1234567' },
        dpoContact: { name: 'Dirk DPO', email: 'dpo@cloudmail.example' },
        certifications: [
          {
            type: 'ISO/IEC 27001:2022',
            reference: 'Cert 4711',
            issuer: 'TÜV',
            validFrom: '2025-01-01',
            validUntil: '2028-01-01',
          },
        ],
        intendedDataCategories: ['user.contact.email', 'user.name'],
        dpfCertified: false,
      };
      const res = await t.as(legal.accessToken).post('/processors', body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: body.name,
        legalName: 'CloudMail Europe GmbH',
        registrationNumber: 'HRB 123456',
        vatId: 'DE123456789',
        country: 'DE',
        services: 'Transactional e-mail delivery',
        website: 'https://cloudmail.example',
        contactEmail: 'privacy@cloudmail.example',
        privacyContact: body.privacyContact,
        dpoContact: body.dpoContact,
        certifications: [expect.objectContaining(body.certifications[0])],
        dpfCertified: false,
        parentId: null,
        status: 'proposed',
        riskRating: null,
        assessmentValidUntil: null,
        approvedAssessmentId: null,
        archivedAt: null,
        version: expect.any(Number),
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect([...res.body.processingCountries].sort()).toEqual(['DE', 'IE']);
      expect([...res.body.intendedDataCategories].sort()).toEqual(['user.contact.email', 'user.name']);

      const read = await t.as(procurement.accessToken).get(`/processors/${res.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res.body);
    });

    it('clears identifying details with null and replaces the certifications; a certification without its end is refused by name', async () => {
      const created = await t.as(legal.accessToken).post(
        '/processors',
        processorBody({
          name: `Ledger ${nextId()}`,
          legalName: 'Ledger Services GmbH',
          vatId: 'DE111222333',
          website: 'https://ledger.example',
          dpoContact: { name: 'Dana DPO' },
          certifications: [{ type: 'ISO/IEC 27001:2022', validUntil: '2028-01-01' }],
        }),
      );
      expect(created.status).toBe(201);
      const id = created.body.id as string;

      const refused = await t.as(legal.accessToken).patch(`/processors/${id}`, {
        certifications: [{ type: 'SOC 2 Type II' }],
        version: created.body.version,
      });
      expect(refused.status).toBe(400);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toContain(
        'certifications[0].validUntil',
      );

      const cleared = await t.as(legal.accessToken).patch(`/processors/${id}`, {
        legalName: null,
        vatId: null,
        website: null,
        dpoContact: null,
        certifications: [{ type: 'SOC 2 Type II', issuer: 'Example CPA LLP', validUntil: '2027-06-30' }],
        version: created.body.version,
      });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({
        legalName: null,
        vatId: null,
        website: null,
        dpoContact: null,
        certifications: [{ type: 'SOC 2 Type II', issuer: 'Example CPA LLP', validUntil: '2027-06-30' }],
        version: created.body.version + 1,
      });
      expect(cleared.body.certifications).toHaveLength(1);
      const trail = await t.as(auditor.accessToken).get(`/audit-events?entityType=processor&entityId=${id}`);
      expect(trail.status).toBe(200);
      expect(trail.body.items[0]).toMatchObject({
        action: 'processor.updated',
        before: expect.objectContaining({ legalName: 'Ledger Services GmbH', vatId: 'DE111222333' }),
        after: expect.objectContaining({ legalName: null, vatId: null }),
      });
    });

    it('refuses bad input naming the field, and stores nothing', async () => {
      const tag = `Invalid${nextId()}`;
      const cases: { body: object; field: string }[] = [
        { body: processorBody({ name: `${tag} a`, country: 'XX' }), field: 'country' },
        {
          body: processorBody({ name: `${tag} b`, processingCountries: ['DE', 'ZZ'] }),
          field: 'processingCountries[1]',
        },
        {
          body: processorBody({ name: `${tag} c`, intendedDataCategories: ['nope.nothing'] }),
          field: 'intendedDataCategories[0]',
        },
        { body: processorBody({ name: `${tag} d`, contactEmail: 'not-an-address' }), field: 'contactEmail' },
        { body: { ...processorBody(), name: undefined }, field: 'name' },
        { body: { ...processorBody({ name: `${tag} e` }), services: 42 }, field: 'services' },
        { body: { ...processorBody({ name: `${tag} g` }), services: null }, field: 'services' },
      ];
      const answers = [];
      for (const c of cases) {
        const res = await t.as(legal.accessToken).post('/processors', c.body);
        answers.push({
          status: res.status,
          code: res.body.code,
          type: res.headers['content-type'],
          named: fieldsOf(res).includes(c.field),
        });
      }
      expect(answers).toEqual(
        cases.map(() => ({
          status: 400,
          code: 'VALIDATION_FAILED',
          type: expect.stringMatching(/^application\/problem\+json/),
          named: true,
        })),
      );

      const unknown = await t.as(legal.accessToken).post('/processors', {
        ...processorBody({ name: `${tag} f` }),
        status: 'approved',
      });
      expectProblem(unknown, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(unknown)).toContain('status');

      const list = await listProcessors(legal.accessToken, { q: tag, includeArchived: true });
      expect(list.total).toBe(0);
    });

    it('registers a processor whose services are not described yet, and lists them as missing until legal fills them in', async () => {
      const body = { ...processorBody({ name: `Undescribed ${nextId()} GmbH` }), services: undefined };
      const created = await t.as(legal.accessToken).post('/processors', body);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: body.name, services: '' });
      expect(created.body.missingDetails).toContain('services');

      const described = await t.as(legal.accessToken).patch(`/processors/${created.body.id}`, {
        services: 'Payroll processing',
        version: created.body.version,
      });
      expect(described.status).toBe(200);
      expect(described.body.services).toBe('Payroll processing');
      expect(described.body.missingDetails).not.toContain('services');
      const events = await allAuditEvents(t, org.admin.accessToken, {
        entityType: 'processor',
        entityId: created.body.id,
      });
      const event = events.find((e) => e.action === 'processor.updated')!;
      expect(event.before).toMatchObject({ services: '' });
      expect(event.after).toMatchObject({ services: 'Payroll processing' });
    });

    it('lists with filters by status, country and text, sorted by name, in pages', async () => {
      const tag = `Zq${nextId()}`;
      const made = {
        delta: await createProcessor(t, legal.accessToken, {
          name: `${tag} Delta Hosting`,
          country: 'US',
          processingCountries: ['US'],
          services: 'Cloud hosting',
        }),
        alpha: await createProcessor(t, legal.accessToken, {
          name: `${tag} Alpha Mail`,
          country: 'DE',
          processingCountries: ['DE', 'US'],
          services: 'E-mail',
        }),
        echo: await createProcessor(t, legal.accessToken, {
          name: `${tag} Echo Payroll`,
          legalName: 'Echo Lohnabrechnung KG',
          country: 'AT',
          processingCountries: ['AT'],
          services: 'Payroll',
        }),
        charlie: await createProcessor(t, legal.accessToken, {
          name: `${tag} Charlie CRM`,
          country: 'FR',
          processingCountries: ['FR'],
          services: 'Customer relationship MANAGEMENT',
        }),
        bravo: await createProcessor(t, legal.accessToken, {
          name: `${tag} Bravo Analytics`,
          country: 'IE',
          processingCountries: ['IE', 'IN'],
          services: 'Web analytics',
        }),
      };
      const sortedNames = Object.values(made)
        .map((p) => p.name)
        .sort();

      const all = await listProcessors(procurement.accessToken, { q: tag });
      expect(all.total).toBe(5);
      expect(all.items.map((p) => p.name)).toEqual(sortedNames);
      expect(all).toMatchObject({ page: 1, pageSize: 20 });

      const pages: string[] = [];
      for (const page of [1, 2, 3]) {
        const res = await listProcessors(legal.accessToken, { q: tag, page, pageSize: 2 });
        expect({ total: res.total, page: res.page, pageSize: res.pageSize, n: res.items.length }).toEqual({
          total: 5,
          page,
          pageSize: 2,
          n: page === 3 ? 1 : 2,
        });
        pages.push(...res.items.map((p) => p.name));
      }
      expect(pages).toEqual(sortedNames);

      const us = await listProcessors(legal.accessToken, { q: tag, country: 'us' });
      expect(us.items.map((p) => p.id)).toEqual([made.alpha.id, made.delta.id]);
      const india = await listProcessors(legal.accessToken, { q: tag, country: 'IN' });
      expect(india.items.map((p) => p.id)).toEqual([made.bravo.id]);

      const byLegalName = await listProcessors(legal.accessToken, { q: `LOHNABRECHNUNG` });
      expect(byLegalName.items.map((p) => p.id)).toEqual([made.echo.id]);
      const byServices = await listProcessors(legal.accessToken, {
        q: 'relationship management',
        country: 'FR',
      });
      expect(byServices.items.map((p) => p.id)).toEqual([made.charlie.id]);
      const byName = await listProcessors(legal.accessToken, { q: `${tag.toLowerCase()} bravo` });
      expect(byName.items.map((p) => p.id)).toEqual([made.bravo.id]);

      const proposed = await listProcessors(legal.accessToken, { q: tag, status: 'proposed' });
      expect(proposed.total).toBe(5);
      const approved = await listProcessors(legal.accessToken, { q: tag, status: 'approved' });
      expect(approved).toMatchObject({ total: 0, items: [] });

      // Risk ratings come from approved assessments; set here directly to test the filter alone.
      await t.ownerQuery(`UPDATE processor SET risk_rating = 'high' WHERE id = $1`, [made.delta.id]);
      await t.ownerQuery(`UPDATE processor SET risk_rating = 'low' WHERE id = $1`, [made.echo.id]);
      const high = await listProcessors(legal.accessToken, { q: tag, riskRating: 'high' });
      expect(high.items.map((p) => p.id)).toEqual([made.delta.id]);
      const badRisk = await t.as(legal.accessToken).get('/processors').query({ riskRating: 'extreme' });
      expectProblem(badRisk, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(badRisk)).toEqual(['riskRating']);

      const badStatus = await t.as(legal.accessToken).get('/processors').query({ status: 'happy' });
      expectProblem(badStatus, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(badStatus)).toContain('status');
      const badSize = await t.as(legal.accessToken).get('/processors').query({ pageSize: 101 });
      expectProblem(badSize, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(badSize)).toContain('pageSize');

      // Another organisation sees none of them.
      const theirs = await listProcessors(other.admin.accessToken, { q: tag });
      expect(theirs).toMatchObject({ total: 0, items: [] });
    });

    it('updates with an optimistic version: a stale version answers 409 STALE_VERSION', async () => {
      const p = await createProcessor(t, legal.accessToken, { services: 'Old services' });
      const res = await t.as(legal.accessToken).patch(`/processors/${p.id}`, {
        services: 'New services',
        processingCountries: ['de', 'nl'],
        version: p.version,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: p.id,
        name: p.name,
        services: 'New services',
        version: p.version + 1,
        status: 'proposed',
      });
      expect([...res.body.processingCountries].sort()).toEqual(['DE', 'NL']);

      const stale = await t.as(legal.accessToken).patch(`/processors/${p.id}`, {
        services: 'Lost update',
        version: p.version,
      });
      expectProblem(stale, 409, 'STALE_VERSION');

      const badCountry = await t.as(legal.accessToken).patch(`/processors/${p.id}`, {
        processingCountries: ['DE', 'ZZ'],
      });
      expectProblem(badCountry, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(badCountry)).toContain('processingCountries[1]');

      const read = await t.as(legal.accessToken).get(`/processors/${p.id}`).expect(200);
      expect(read.body).toMatchObject({ services: 'New services', version: p.version + 1 });
      expect([...read.body.processingCountries].sort()).toEqual(['DE', 'NL']);

      // Without a version the update is unconditional.
      const free = await t
        .as(legal.accessToken)
        .patch(`/processors/${p.id}`, { website: 'https://x.example' });
      expect(free.status).toBe(200);
      expect(free.body).toMatchObject({ website: 'https://x.example', version: p.version + 2 });
    });

    it('archives instead of deleting: hidden from the list unless asked for, and no longer changeable', async () => {
      const tag = `Arch${nextId()}`;
      const keep = await createProcessor(t, legal.accessToken, { name: `${tag} Keep` });
      const gone = await createProcessor(t, legal.accessToken, { name: `${tag} Gone` });

      const res = await t.as(legal.accessToken).post(`/processors/${gone.id}/archive`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: gone.id, archivedAt: t.clock.now().toISOString() });

      const visible = await listProcessors(legal.accessToken, { q: tag });
      expect(visible.items.map((p) => p.id)).toEqual([keep.id]);
      expect(visible.total).toBe(1);
      const everything = await listProcessors(legal.accessToken, { q: tag, includeArchived: true });
      expect(everything.items.map((p) => p.id)).toEqual([gone.id, keep.id]);

      const read = await t.as(auditor.accessToken).get(`/processors/${gone.id}`);
      expect(read.status).toBe(200);
      expect(read.body.archivedAt).toBe(t.clock.now().toISOString());

      const change = await t
        .as(legal.accessToken)
        .patch(`/processors/${gone.id}`, { services: 'Back again?' });
      expectProblem(change, 409, 'PROCESSOR_ARCHIVED');
      expect((await t.as(legal.accessToken).get(`/processors/${gone.id}`)).body.services).toBe(gone.services);
    });

    it('builds a sub-processor chain three levels deep and refuses a circular one (409 CIRCULAR_CHAIN)', async () => {
      const a = await createProcessor(t, legal.accessToken, { name: `Chain A ${nextId()}` });
      const b = await createProcessor(t, legal.accessToken, { name: `Chain B ${nextId()}`, parentId: a.id });
      expect(b.parentId).toBe(a.id);
      const c = await createProcessor(t, legal.accessToken, { name: `Chain C ${nextId()}` });
      const linked = await t.as(legal.accessToken).patch(`/processors/${c.id}`, { parentId: b.id });
      expect(linked.status).toBe(200);
      expect(linked.body).toMatchObject({ id: c.id, parentId: b.id });

      const underA = await listProcessors(legal.accessToken, { parentId: a.id });
      expect(underA.items.map((p) => p.id)).toEqual([b.id]);
      const underB = await listProcessors(legal.accessToken, { parentId: b.id });
      expect(underB.items.map((p) => p.id)).toEqual([c.id]);

      for (const parentId of [c.id, b.id, a.id]) {
        const res = await t.as(legal.accessToken).patch(`/processors/${a.id}`, { parentId });
        expectProblem(res, 409, 'CIRCULAR_CHAIN');
      }
      const self = await t.as(legal.accessToken).patch(`/processors/${b.id}`, { parentId: b.id });
      expectProblem(self, 409, 'CIRCULAR_CHAIN');
      const loop = await t.as(legal.accessToken).patch(`/processors/${b.id}`, { parentId: c.id });
      expectProblem(loop, 409, 'CIRCULAR_CHAIN');

      const readA = await t.as(legal.accessToken).get(`/processors/${a.id}`).expect(200);
      expect(readA.body.parentId).toBeNull();
      const readB = await t.as(legal.accessToken).get(`/processors/${b.id}`).expect(200);
      expect(readB.body.parentId).toBe(a.id);

      // A parent in another organisation is treated like one that does not exist.
      const foreign = await createProcessor(t, otherLegal.accessToken, { name: `Foreign ${nextId()}` });
      const withForeign = await t
        .as(legal.accessToken)
        .post('/processors', processorBody({ parentId: foreign.id }));
      const withRandom = await t
        .as(legal.accessToken)
        .post('/processors', processorBody({ parentId: randomUUID() }));
      expect(withForeign.status).not.toBe(201);
      expect([400, 404]).toContain(withForeign.status);
      expect({ status: withForeign.status, code: withForeign.body.code }).toEqual({
        status: withRandom.status,
        code: withRandom.body.code,
      });
      const patchForeign = await t
        .as(legal.accessToken)
        .patch(`/processors/${c.id}`, { parentId: foreign.id });
      expect([400, 404]).toContain(patchForeign.status);
      expect((await t.as(legal.accessToken).get(`/processors/${c.id}`)).body.parentId).toBe(b.id);
    });

    it('answers 400 naming id for an id that is not a UUID', async () => {
      const calls = [
        () => t.as(legal.accessToken).get('/processors/not-a-uuid'),
        () => t.as(legal.accessToken).patch('/processors/not-a-uuid', { services: 'x' }),
        () => t.as(legal.accessToken).post('/processors/not-a-uuid/archive'),
        () => t.as(legal.accessToken).post('/processors/not-a-uuid/assessments'),
      ];
      const answers = [];
      for (const call of calls) {
        const res = await call();
        answers.push({ status: res.status, code: res.body.code, fields: fieldsOf(res) });
      }
      expect(answers).toEqual(calls.map(() => ({ status: 400, code: 'VALIDATION_FAILED', fields: ['id'] })));
    });

    it('writes an audit event for create, update and archive', async () => {
      const p = await createProcessor(t, legal.accessToken, { services: 'Before' });
      await t.as(legal.accessToken).patch(`/processors/${p.id}`, { services: 'After' }).expect(200);
      await t.as(legal.accessToken).post(`/processors/${p.id}/archive`).expect(200);

      const events = await allAuditEvents(t, org.admin.accessToken, {
        entityType: 'processor',
        entityId: p.id,
      });
      expect(events.map((e) => e.action).sort()).toEqual([
        'processor.archived',
        'processor.created',
        'processor.updated',
      ]);
      expect(events.every((e) => e.actorId === legal.id && e.entityId === p.id)).toBe(true);
      const updated = events.find((e) => e.action === 'processor.updated')!;
      expect(updated.before).toMatchObject({ services: 'Before' });
      expect(updated.after).toMatchObject({ services: 'After' });
      const created = events.find((e) => e.action === 'processor.created')!;
      expect(created.after).toMatchObject({ name: p.name });
    });

    it("shows everyone who reads processors the processor's history, without the chain's hashes or addresses", async () => {
      const p = await createProcessor(t, legal.accessToken, { services: 'Before' });
      await t.as(legal.accessToken).patch(`/processors/${p.id}`, { services: 'After' }).expect(200);
      const res = await t.as(procurement.accessToken).get(`/processors/${p.id}/history`).expect(200);
      expect(res.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
      const [updated, created] = res.body.items as Record<string, unknown>[];
      expect(Object.keys(updated).sort()).toEqual(
        ['action', 'actorLabel', 'actorType', 'after', 'before', 'occurredAt'].sort(),
      );
      expect(updated).toMatchObject({
        action: 'processor.updated',
        actorType: 'user',
        actorLabel: legal.email,
        before: { services: 'Before' },
        after: { services: 'After' },
      });
      expect(created).toMatchObject({ action: 'processor.created', after: { name: p.name } });
      expectProblem(await t.as(otherLegal.accessToken).get(`/processors/${p.id}/history`), 404, 'NOT_FOUND');
      expectProblem(
        await t.as(legal.accessToken).get(`/processors/${randomUUID()}/history`),
        404,
        'NOT_FOUND',
      );
    });

    it('lets only legal write: procurement, dpo and auditor get 403, procurement may read', async () => {
      const p = await createProcessor(t, legal.accessToken);
      const answers = [];
      const expected = [];
      for (const user of [procurement, dpo, auditor, org.admin]) {
        for (const [label, call] of [
          ['create', () => t.as(user.accessToken).post('/processors', processorBody())],
          ['update', () => t.as(user.accessToken).patch(`/processors/${p.id}`, { services: 'Hijacked' })],
          ['archive', () => t.as(user.accessToken).post(`/processors/${p.id}/archive`)],
          ['assess', () => t.as(user.accessToken).post(`/processors/${p.id}/assessments`)],
        ] as const) {
          const res = await call();
          answers.push({ who: user.roles[0], label, status: res.status, code: res.body.code });
          expected.push({ who: user.roles[0], label, status: 403, code: 'FORBIDDEN' });
        }
      }
      expect(answers).toEqual(expected);

      const read = await t.as(procurement.accessToken).get(`/processors/${p.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        id: p.id,
        services: p.services,
        status: 'proposed',
        archivedAt: null,
      });
      const list = await listProcessors(procurement.accessToken, { q: p.name });
      expect(list.items.map((i) => i.id)).toEqual([p.id]);
    });

    it("answers 404 for another organisation's processor exactly as for one that does not exist", async () => {
      const p = await createProcessor(t, legal.accessToken);
      const missing = randomUUID();
      const shape = (res: Response) => ({
        status: res.status,
        code: res.body.code,
        title: res.body.title,
        type: res.headers['content-type'],
      });
      const pairs: [string, (id: string) => Promise<Response>][] = [
        ['get', (id) => t.as(other.admin.accessToken).get(`/processors/${id}`)],
        ['patch', (id) => t.as(otherLegal.accessToken).patch(`/processors/${id}`, { services: 'Mine now' })],
        ['archive', (id) => t.as(otherLegal.accessToken).post(`/processors/${id}/archive`)],
        ['assess', (id) => t.as(otherLegal.accessToken).post(`/processors/${id}/assessments`)],
        ['assessments', (id) => t.as(other.admin.accessToken).get(`/processors/${id}/assessments`)],
      ];
      for (const [label, call] of pairs) {
        const foreign = shape(await call(p.id));
        const unknown = shape(await call(missing));
        expect({ label, ...foreign }).toEqual({
          label,
          status: 404,
          code: 'NOT_FOUND',
          title: expect.any(String),
          type: expect.stringMatching(/^application\/problem\+json/),
        });
        expect({ label, ...foreign }).toEqual({ label, ...unknown });
      }
      const read = await t.as(legal.accessToken).get(`/processors/${p.id}`).expect(200);
      expect(read.body).toMatchObject({ services: p.services, archivedAt: null, status: 'proposed' });
      const assessments = await t.as(legal.accessToken).get(`/processors/${p.id}/assessments`);
      expect(assessments.status).toBe(200);
      expect(assessments.body.total).toBe(0);
    });
  });

  describe('lifecycle', () => {
    it('moves only through assessments: proposed → under_assessment → rejected → under_assessment → approved', async () => {
      const p = await createProcessor(t, legal.accessToken, { name: `Lifecycle ${nextId()}` });
      expect(p.status).toBe('proposed');

      // No route sets the status directly.
      const direct = await t.as(legal.accessToken).patch(`/processors/${p.id}`, { status: 'approved' });
      expectProblem(direct, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(direct)).toContain('status');
      expect((await t.as(legal.accessToken).get(`/processors/${p.id}`)).body.status).toBe('proposed');

      const first = await t.as(legal.accessToken).post(`/processors/${p.id}/assessments`);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ processorId: p.id, status: 'draft' });
      expect((await t.as(legal.accessToken).get(`/processors/${p.id}`)).body.status).toBe('under_assessment');
      const filtered = await listProcessors(legal.accessToken, { q: p.name, status: 'under_assessment' });
      expect(filtered.items.map((i) => i.id)).toEqual([p.id]);

      // Deciding a draft is not a legal transition.
      const early = await t.as(dpo.accessToken).post(`/assessments/${first.body.id}/decision`, {
        decision: 'approve',
        comment: 'Too early',
      });
      expect(early.status).toBe(409);
      expect(early.headers['content-type']).toMatch(/^application\/problem\+json/);

      await submitPerfect(first.body.id);
      const rejected = await t.as(dpo.accessToken).post(`/assessments/${first.body.id}/decision`, {
        decision: 'reject',
        comment: 'Not for us',
      });
      expect(rejected.status).toBe(200);
      expect(rejected.body.status).toBe('rejected');
      const afterReject = await t.as(procurement.accessToken).get(`/processors/${p.id}`).expect(200);
      expect(afterReject.body).toMatchObject({ status: 'rejected', approvedAssessmentId: null });

      // A rejected assessment cannot be decided again; the processor stays rejected.
      const again = await t.as(dpo.accessToken).post(`/assessments/${first.body.id}/decision`, {
        decision: 'approve',
        comment: 'Changed my mind',
      });
      expect(again.status).toBe(409);
      expect((await t.as(legal.accessToken).get(`/processors/${p.id}`)).body.status).toBe('rejected');

      const second = await t.as(legal.accessToken).post(`/processors/${p.id}/assessments`);
      expect(second.status).toBe(201);
      expect((await t.as(legal.accessToken).get(`/processors/${p.id}`)).body.status).toBe('under_assessment');
      await submitPerfect(second.body.id);
      await t
        .as(dpo.accessToken)
        .post(`/assessments/${second.body.id}/decision`, {
          decision: 'approve',
          comment: 'Fine now',
        })
        .expect(200);
      const approved = await t.as(procurement.accessToken).get(`/processors/${p.id}`).expect(200);
      expect(approved.body).toMatchObject({
        status: 'approved',
        riskRating: 'low',
        approvedAssessmentId: second.body.id,
      });
      expect(String(approved.body.assessmentValidUntil).slice(0, 10)).toBe('2028-01-15');

      const list = await t.as(legal.accessToken).get(`/processors/${p.id}/assessments`).expect(200);
      expect(list.body.total).toBe(2);
      expect(list.body.items.map((a: { id: string }) => a.id).sort()).toEqual(
        [first.body.id, second.body.id].sort(),
      );

      const events = await allAuditEvents(t, org.admin.accessToken, {
        entityType: 'processor',
        entityId: p.id,
        action: 'processor.status_changed',
      });
      expect(events).toHaveLength(4);
      const statuses = events
        .map((e) => (e.after as { status?: string } | null)?.status)
        .reverse()
        .filter(Boolean);
      expect(statuses).toEqual(['under_assessment', 'rejected', 'under_assessment', 'approved']);
    });
  });

  describe('history', () => {
    it('the migration ProcessorHistory rebuilds from the audit trail the versions the changes wrote', async () => {
      const versions = () =>
        t.ownerQuery(
          `SELECT organization_id, entity_id, version, label, data, archived, valid_from, valid_to, changed_by
             FROM record_version WHERE entity_type = 'processor' ORDER BY entity_id, version`,
        );
      const written = await versions();
      expect(written.length).toBeGreaterThan(10);
      await t.ownerQuery(`DELETE FROM record_version WHERE entity_type = 'processor'`);
      const runner = { query: (sql: string, parameters?: unknown[]) => t.ownerQuery(sql, parameters) };
      await new ProcessorHistory1796610000000().up(runner as unknown as QueryRunner);
      expect(await versions()).toEqual(written);
    });
  });
});
