import { randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import { addDays, addMonths } from '../src/platform/clock/clock';
import {
  agreementBody,
  AgreementView,
  allClauses,
  approveAssessment,
  createAgreement,
  createApiKey,
  createProcessor,
  loginReady,
  nextId,
  postTransferCheck,
  processorBody,
  ProcessorInput,
  secondOrganization,
  setupOrganization,
  signAgreement,
  signedAgreement,
  TemplateQuestion,
  TestOrganization,
  TestUser,
  TransferCheckInput,
  waitForProcessor,
  staff,
  engagedProcessor,
  CONTACT,
} from './support/factories';
import { ReceivedMail } from './support/smtp';
import { createTestApp, TestApp } from './support/test-app';
import { mailTo, settled } from './support/wait';
import { expectProblem, fieldsOf } from './support/problems';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Contact data for e-mail marketing: inside the default agreement scope (user.contact, marketing). */

interface Reason {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

const codesOf = (reasons: Reason[]): string[] => reasons.map((r) => r.code).sort();

/** The reason with `code` from a check's answer; fails when it is not there. */
function reasonOf(res: Response, code: string): Reason {
  const reason = (res.body.reasons as Reason[]).find((r) => r.code === code);
  if (!reason) throw new Error(`no ${code} in ${JSON.stringify(res.body)}`);
  return reason;
}

describe('the transfer gate', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let legal: TestUser;
  let legal2: TestUser;
  let dpo: TestUser;
  let procurement: TestUser;
  let auditor: TestUser;
  let otherLegal: TestUser;
  let otherProcurement: TestUser;
  let foreignProcessor: { id: string; name: string };
  const check = (body: TransferCheckInput | Record<string, unknown>, caller?: string | { apiKey: string }) =>
    postTransferCheck(t, caller ?? procurement.accessToken, body);

  /**
   * A 200 answer for `processorId` whose reasons are exactly `codes` (in any order), in the documented
   * shape: every reason with a code, a sentence and details; eligible only without reasons.
   */
  const expectDecision = (res: Response, processorId: string, codes: string[]): Reason[] => {
    expect({
      status: res.status,
      codes: res.status === 200 ? codesOf(res.body.reasons as Reason[]) : res.body,
    }).toEqual({ status: 200, codes: [...codes].sort() });
    expect(res.body).toEqual({
      decisionId: expect.stringMatching(UUID),
      processorId,
      eligible: codes.length === 0,
      reasons: expect.any(Array),
      checkedAt: t.clock.now().toISOString(),
      ruleSetVersion: expect.stringMatching(/\S/),
      destinations: expect.any(Array),
    });
    for (const reason of res.body.reasons as Reason[]) {
      expect(reason).toEqual({
        code: expect.any(String),
        message: expect.stringMatching(/\w+ .*\w/),
        details: expect.any(Object),
      });
    }
    return res.body.reasons as Reason[];
  };

  /** After the clock moved, access tokens (and maybe passwords) have expired: these users log in again. */
  const relogin = async (users: TestUser[]) => {
    for (const user of users) await loginReady(t, user);
  };

  /** A processor with an approved assessment and an agreement signed by both (active unless it lacks a clause). */
  const engaged = async (
    overrides: Partial<ProcessorInput> = {},
    agreement: Parameters<typeof agreementBody>[1] = {},
  ): Promise<{ processor: { id: string; name: string }; agreement: AgreementView; riskRating: string }> => {
    const engagement = await engagedProcessor(
      t,
      legal.accessToken,
      dpo.accessToken,
      { name: `Vendor ${nextId()}`, ...overrides },
      agreement,
    );
    return { ...engagement, riskRating: engagement.assessment.riskRating };
  };

  /** Waits until `address` received an e-mail for which `match` holds, flushing the outbox meanwhile. */

  beforeAll(async () => {
    t = await createTestApp();
    org = await setupOrganization(t, { organizationName: 'Acme GmbH' });
    ({ legal, legal2, dpo, procurement, auditor } = await staff(t, org, {
      legal: ['legal'],
      legal2: ['legal', 'auditor'],
      dpo: ['dpo'],
      procurement: ['procurement'],
      auditor: ['auditor'],
    }));
    other = await secondOrganization(t, { organizationName: 'Beta AG' });
    ({ otherLegal, otherProcurement } = await staff(t, other, {
      otherLegal: ['legal'],
      otherProcurement: ['procurement'],
    }));
    foreignProcessor = await createProcessor(t, otherLegal.accessToken, { name: `Beta Vendor ${nextId()}` });
  });
  afterAll(() => t?.close());

  describe('input and access', () => {
    it('names the unknown data category, purpose or country (400) and stores nothing', async () => {
      const processor = await createProcessor(t, legal.accessToken);
      const stored = async () =>
        (
          await t
            .as(procurement.accessToken)
            .get('/transfer-checks')
            .query({ processorId: processor.id })
            .expect(200)
        ).body.total as number;
      expect(await stored()).toBe(0);

      const cases: [Record<string, unknown>, string[]][] = [
        [{ dataCategories: ['user.nonexistent'] }, ['dataCategories[0]']],
        [{ dataCategories: ['user.contact.email', 'user.contacts'] }, ['dataCategories[1]']],
        [{ purpose: 'marketing.spam' }, ['purpose']],
        [{ destinationCountry: 'XX' }, ['destinationCountry']],
        [{ dataCategories: [] }, ['dataCategories']],
        [{ processorId: 'not-a-uuid' }, ['processorId']],
        [{ organizationId: org.id }, ['organizationId']],
      ];
      for (const [change, fields] of cases) {
        const res = await check({ processorId: processor.id, ...CONTACT, ...change });
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect({ change, fields: fieldsOf(res) }).toEqual({ change, fields });
      }

      const batch = await t.as(procurement.accessToken).post('/transfer-checks/batch', {
        checks: [
          { processorId: processor.id, ...CONTACT },
          { processorId: processor.id, ...CONTACT },
          { processorId: processor.id, ...CONTACT, dataCategories: ['user.contact.email', 'user.bogus'] },
        ],
      });
      expectProblem(batch, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(batch)).toEqual(['checks[2].dataCategories[1]']);
      const first = await t.as(procurement.accessToken).post('/transfer-checks/batch', {
        checks: [
          { processorId: processor.id, ...CONTACT },
          { processorId: processor.id, ...CONTACT },
          { processorId: processor.id, ...CONTACT, dataCategories: ['user.bogus'] },
        ],
      });
      expectProblem(first, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(first)).toEqual(['checks[2].dataCategories[0]']);

      const tooMany = await t.as(procurement.accessToken).post('/transfer-checks/batch', {
        checks: Array.from({ length: 1001 }, () => ({ processorId: processor.id, ...CONTACT })),
      });
      expectProblem(tooMany, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(tooMany)).toContain('checks');
      expectProblem(
        await t.as(procurement.accessToken).post('/transfer-checks/batch', { checks: [] }),
        400,
        'VALIDATION_FAILED',
      );
      // A list where a check belongs is not a check (it once reached the rules unvalidated: a 500).
      const notChecks = await t
        .as(procurement.accessToken)
        .post('/transfer-checks/batch', { checks: [[], 'x'] });
      expectProblem(notChecks, 400, 'VALIDATION_FAILED');
      expect(notChecks.body.errors).toContainEqual(
        expect.objectContaining({ field: 'checks', message: 'checks must hold objects' }),
      );

      expect(await stored()).toBe(0);
    });

    it('answers procurement only: legal, dpo, auditor and admin get 403, nobody 401; procurement and auditors read', async () => {
      const processor = await createProcessor(t, legal.accessToken);
      const body = { processorId: processor.id, ...CONTACT };
      for (const user of [legal, dpo, auditor, org.admin]) {
        expectProblem(await check(body, user.accessToken), 403, 'FORBIDDEN');
        expectProblem(
          await t.as(user.accessToken).post('/transfer-checks/batch', { checks: [body] }),
          403,
          'FORBIDDEN',
        );
      }
      const anonymous = await t.as(null).post('/transfer-checks', body);
      expectProblem(anonymous, 401, anonymous.body.code);
      const auditorKey = await createApiKey(t, org.admin.accessToken, { roles: ['auditor'] });
      expectProblem(await check(body, { apiKey: auditorKey.key }), 403, 'FORBIDDEN');

      const allowed = await check(body);
      expectDecision(allowed, processor.id, [
        'PROCESSOR_NOT_APPROVED',
        'NO_ACTIVE_DPA',
        'ASSESSMENT_MISSING',
      ]);
      for (const user of [procurement, auditor, dpo, legal]) {
        const stored = await t.as(user.accessToken).get(`/transfer-checks/${allowed.body.decisionId}`);
        expect({ status: stored.status, id: stored.body.id }).toEqual({
          status: 200,
          id: allowed.body.decisionId,
        });
      }
      expectProblem(
        await t.as(org.admin.accessToken).get(`/transfer-checks/${allowed.body.decisionId}`),
        403,
        'FORBIDDEN',
      );
    });
  });

  describe("procurement's walk (issue 5)", () => {
    let processor: { id: string; name: string };
    let first: AgreementView;
    let second: AgreementView;
    let third: AgreementView;
    let sub: { id: string; name: string; objectionWindowEndsOn: string };
    let apiKey: { id: string; name: string; key: string };

    it('1. a new processor is not eligible, with every reason that applies', async () => {
      processor = await createProcessor(t, legal.accessToken, {
        name: `Newsletter Mail ${nextId()}`,
        processingCountries: ['DE'],
        intendedDataCategories: ['user.contact.email'],
      });
      const res = await check({ processorId: processor.id, ...CONTACT });
      expectDecision(res, processor.id, ['PROCESSOR_NOT_APPROVED', 'NO_ACTIVE_DPA', 'ASSESSMENT_MISSING']);
      expect(reasonOf(res, 'PROCESSOR_NOT_APPROVED').details).toEqual({ status: 'proposed' });
      expect(reasonOf(res, 'PROCESSOR_NOT_APPROVED').message).toContain(processor.name);
      expect(reasonOf(res, 'NO_ACTIVE_DPA').details).toEqual({ agreements: [] });
      expect(reasonOf(res, 'ASSESSMENT_MISSING').message).toContain(processor.name);
    });

    it('2. once its assessment is approved, only NO_ACTIVE_DPA remains', async () => {
      const approved = await approveAssessment(t, legal.accessToken, dpo.accessToken, processor.id);
      expect(approved).toMatchObject({ status: 'approved', riskRating: 'low' });
      const read = await t.as(procurement.accessToken).get(`/processors/${processor.id}`).expect(200);
      expect(read.body).toMatchObject({
        status: 'approved',
        riskRating: 'low',
        approvedAssessmentId: approved.id,
      });

      const res = await check({ processorId: processor.id, ...CONTACT });
      expectDecision(res, processor.id, ['NO_ACTIVE_DPA']);
    });

    it('3. a DPA lacking a clause, signed by both, still refuses: DPA_CLAUSES_INCOMPLETE', async () => {
      const draft = await createAgreement(
        t,
        legal.accessToken,
        processor.id,
        agreementBody(t.clock.today(), { title: 'DPA without H2', clauses: allClauses(['A28_3_H2']) }),
      );
      expect(draft).toMatchObject({ status: 'draft', missingClauses: ['A28_3_H2'] });
      await t.as(legal.accessToken).post(`/agreements/${draft.id}/send`).expect(200);
      first = await signAgreement(t, legal.accessToken, draft.id);
      expect(first).toMatchObject({ status: 'signed', missingClauses: ['A28_3_H2'] });
      expect((await t.as(legal.accessToken).get(`/processors/${processor.id}`)).body.status).toBe('approved');

      const res = await check({ processorId: processor.id, ...CONTACT });
      expectDecision(res, processor.id, ['DPA_CLAUSES_INCOMPLETE']);
      expect(reasonOf(res, 'DPA_CLAUSES_INCOMPLETE').details).toEqual({
        agreementId: first.id,
        missingClauses: ['A28_3_H2'],
      });
      expect(reasonOf(res, 'DPA_CLAUSES_INCOMPLETE').message).toContain('DPA without H2');
    });

    it('4. a complete DPA signed by both, superseding the first, makes the transfer eligible', async () => {
      second = await signedAgreement(
        t,
        legal.accessToken,
        processor.id,
        agreementBody(t.clock.today(), { title: 'DPA 2026 complete', supersedesId: first.id }),
      );
      expect(second).toMatchObject({ status: 'active', missingClauses: [], supersedesId: first.id });
      const old = await t.as(legal.accessToken).get(`/agreements/${first.id}`).expect(200);
      expect(old.body).toMatchObject({ status: 'superseded', supersededById: second.id });
      expect((await t.as(legal.accessToken).get(`/processors/${processor.id}`)).body.status).toBe('active');

      const res = await check({ processorId: processor.id, ...CONTACT });
      expectDecision(res, processor.id, []);
      expect(res.body.reasons).toEqual([]);
    });

    it('5. an out-of-scope category, purpose and third country are each refused with their own code and details', async () => {
      const category = await check({
        processorId: processor.id,
        ...CONTACT,
        dataCategories: ['user.contact.email', 'user.financial.bank_account'],
      });
      expectDecision(category, processor.id, ['DATA_CATEGORY_NOT_COVERED']);
      expect(reasonOf(category, 'DATA_CATEGORY_NOT_COVERED').details).toEqual({
        agreementId: second.id,
        notCovered: ['user.financial.bank_account'],
        covered: ['user.contact'],
      });

      const purpose = await check({ processorId: processor.id, ...CONTACT, purpose: 'analytics.reporting' });
      expectDecision(purpose, processor.id, ['PURPOSE_NOT_COVERED']);
      expect(reasonOf(purpose, 'PURPOSE_NOT_COVERED').details).toEqual({
        agreementId: second.id,
        purpose: 'analytics.reporting',
        covered: ['marketing'],
      });

      const india = await check({ processorId: processor.id, ...CONTACT, destinationCountry: 'in' });
      expectDecision(india, processor.id, ['THIRD_COUNTRY_NO_SAFEGUARD']);
      expect(reasonOf(india, 'THIRD_COUNTRY_NO_SAFEGUARD').details).toMatchObject({
        countries: [{ country: 'IN', processorIds: [processor.id] }],
      });
      expect(reasonOf(india, 'THIRD_COUNTRY_NO_SAFEGUARD').message).toContain('IN');

      // The US only with DPF certification; Brazil only from 26 January 2026 (today is the 15th).
      for (const country of ['US', 'BR', 'CN']) {
        const res = await check({ processorId: processor.id, ...CONTACT, destinationCountry: country });
        expectDecision(res, processor.id, ['THIRD_COUNTRY_NO_SAFEGUARD']);
        expect(reasonOf(res, 'THIRD_COUNTRY_NO_SAFEGUARD').details).toMatchObject({
          countries: [{ country, processorIds: [processor.id] }],
        });
      }
      // Japan's decision is partial: the recipient must be confirmed within its scope.
      expectDecision(
        await check({ processorId: processor.id, ...CONTACT, destinationCountry: 'JP' }),
        processor.id,
        ['ADEQUACY_SCOPE_UNCONFIRMED'],
      );
      for (const country of ['FR', 'NO', 'CH', 'NZ', 'GB']) {
        expectDecision(
          await check({ processorId: processor.id, ...CONTACT, destinationCountry: country }),
          processor.id,
          [],
        );
      }
    });

    it('6. a new sub-processor in its objection window and in a third country blocks the chain; legal users are e-mailed', async () => {
      const name = `Offshore Support ${nextId()}`;
      const created = await t.as(legal.accessToken).post(
        '/processors',
        processorBody({
          name,
          parentId: processor.id,
          country: 'IN',
          processingCountries: ['IN'],
          services: '24/7 support desk',
        }),
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        parentId: processor.id,
        authorizationStatus: 'pending',
        status: 'proposed',
      });

      const windowEndsOn = addDays(t.clock.today(), 30);
      const opened = await waitForProcessor(
        t,
        legal.accessToken,
        created.body.id,
        (p) => p.authorizationStatus !== 'pending',
      );
      expect(opened).toMatchObject({
        authorizationStatus: 'objection_window',
        authorizationBasis: 'general',
        objectionWindowEndsOn: windowEndsOn,
      });
      sub = { id: created.body.id, name, objectionWindowEndsOn: windowEndsOn };

      // The organisation's legal users hear of it, and nobody else.
      const aboutIt = (m: ReceivedMail) => m.subject.includes(name);
      await mailTo(t, legal.email, aboutIt);
      await mailTo(t, legal2.email, aboutIt);
      await settled(t);
      const mails = t.smtp.messages.filter(aboutIt);
      expect([...new Set(mails.flatMap((m) => m.to))].sort()).toEqual([legal.email, legal2.email].sort());
      for (const mail of mails) {
        expect(mail.subject).toContain(processor.name);
        expect(mail.subject).toContain(windowEndsOn);
        expect(mail.text).toContain('IN');
        expect(mail.text).toContain('24/7 support desk');
        expect(mail.text).toContain('DPA 2026 complete');
        expect(mail.text).toContain(sub.id);
      }

      const res = await check({ processorId: processor.id, ...CONTACT });
      expectDecision(res, processor.id, ['SUBPROCESSOR_NOT_AUTHORIZED', 'THIRD_COUNTRY_NO_SAFEGUARD']);
      expect(reasonOf(res, 'SUBPROCESSOR_NOT_AUTHORIZED').details).toEqual({
        subProcessors: [
          {
            id: sub.id,
            name,
            parentId: processor.id,
            authorizationStatus: 'objection_window',
            objectionWindowEndsOn: windowEndsOn,
          },
        ],
      });
      expect(reasonOf(res, 'SUBPROCESSOR_NOT_AUTHORIZED').message).toContain(name);
      expect(reasonOf(res, 'THIRD_COUNTRY_NO_SAFEGUARD').details).toMatchObject({
        countries: [{ country: 'IN', processorIds: [sub.id] }],
      });
    });

    it('7. after the window has passed and with a transfer mechanism for India, the transfer is eligible again', async () => {
      // On the last day of the window it is still open.
      const later = () => [org.admin, legal, dpo, procurement, auditor, otherProcurement];
      t.clock.set(`${sub.objectionWindowEndsOn}T09:00:00.000Z`);
      await relogin(later());
      const lastDay = await check({ processorId: processor.id, ...CONTACT });
      expectDecision(lastDay, processor.id, ['SUBPROCESSOR_NOT_AUTHORIZED', 'THIRD_COUNTRY_NO_SAFEGUARD']);

      t.clock.set(`${addDays(sub.objectionWindowEndsOn, 1)}T09:00:00.000Z`);
      await relogin(later());
      const read = await t.as(legal.accessToken).get(`/processors/${sub.id}`).expect(200);
      expect(read.body).toMatchObject({ authorizationStatus: 'authorized' });
      const onlyCountry = await check({ processorId: processor.id, ...CONTACT });
      expectDecision(onlyCountry, processor.id, ['THIRD_COUNTRY_NO_SAFEGUARD']);

      third = await signedAgreement(
        t,
        legal.accessToken,
        processor.id,
        agreementBody(t.clock.today(), {
          title: 'DPA 2026 with SCCs',
          supersedesId: second.id,
          scope: { processingCountries: ['DE', 'IN'] },
          transferMechanisms: [
            { country: 'IN', mechanism: 'scc_2021_914_module_3', tiaCompleted: true, reference: 'Annex III' },
          ],
        }),
      );
      expect(third).toMatchObject({
        status: 'active',
        transferMechanisms: [
          { country: 'IN', mechanism: 'scc_2021_914_module_3', tiaCompleted: true, reference: 'Annex III' },
        ],
      });
      expect((await t.as(legal.accessToken).get(`/agreements/${second.id}`)).body.status).toBe('superseded');

      // SCCs alone do not carry a transfer to India: a transfer impact assessment must allow it.
      expectDecision(await check({ processorId: processor.id, ...CONTACT }), processor.id, ['TIA_MISSING']);
      const tia = await t.as(legal.accessToken).post(`/agreements/${third.id}/transfer-impact-assessments`, {
        destination: 'IN',
        assessedOn: t.clock.today(),
        assessor: 'Dana Protect (DPO)',
        lawsAndPractices: "Digital Personal Data Protection Act 2023; public authorities' access reviewed",
        outcome: 'proceed',
      });
      expect(tia.status).toBe(201);
      expectDecision(await check({ processorId: processor.id, ...CONTACT }), processor.id, []);
      // Brazil is adequate by now; China still is not, and only the processor itself would send data there.
      expectDecision(
        await check({ processorId: processor.id, ...CONTACT, destinationCountry: 'BR' }),
        processor.id,
        [],
      );
      const china = await check({ processorId: processor.id, ...CONTACT, destinationCountry: 'CN' });
      expectDecision(china, processor.id, ['THIRD_COUNTRY_NO_SAFEGUARD']);
      expect(reasonOf(china, 'THIRD_COUNTRY_NO_SAFEGUARD').details).toMatchObject({
        countries: [{ country: 'CN', processorIds: [processor.id] }],
      });
    });

    it('8. an API key with role procurement gets the same answer as a user', async () => {
      apiKey = await createApiKey(t, org.admin.accessToken, {
        roles: ['procurement'],
        name: `ERP ${nextId()}`,
      });
      const bodies = [
        { processorId: processor.id, ...CONTACT },
        { processorId: processor.id, ...CONTACT, destinationCountry: 'CN' },
        { processorId: processor.id, dataCategories: ['user.name'], purpose: 'analytics' },
      ];
      for (const body of bodies) {
        const asUser = await check(body);
        const asKey = await check(body, { apiKey: apiKey.key });
        expect(asKey.status).toBe(200);
        expect(asUser.status).toBe(200);
        expect({
          eligible: asKey.body.eligible,
          reasons: asKey.body.reasons,
          processorId: asKey.body.processorId,
          ruleSetVersion: asKey.body.ruleSetVersion,
        }).toEqual({
          eligible: asUser.body.eligible,
          reasons: asUser.body.reasons,
          processorId: asUser.body.processorId,
          ruleSetVersion: asUser.body.ruleSetVersion,
        });
        expect(asKey.body.decisionId).toMatch(UUID);
        expect(asKey.body.decisionId).not.toBe(asUser.body.decisionId);
      }
      const byKey = await check(bodies[0], { apiKey: apiKey.key });
      const stored = await t
        .as(auditor.accessToken)
        .get(`/transfer-checks/${byKey.body.decisionId}`)
        .expect(200);
      expect(stored.body.checkedBy).toEqual({ type: 'api_key', id: apiKey.id, label: apiKey.name });
    });

    it('9. GET /transfer-checks/:id returns the stored decision: inputs, facts and rule-set version', async () => {
      const res = await check({ processorId: processor.id, ...CONTACT, destinationCountry: 'CN' });
      expectDecision(res, processor.id, ['THIRD_COUNTRY_NO_SAFEGUARD']);
      const stored = await t.as(procurement.accessToken).get(`/transfer-checks/${res.body.decisionId}`);
      expect(stored.status).toBe(200);
      expect(stored.body).toEqual({
        id: res.body.decisionId,
        decisionId: res.body.decisionId,
        processorId: processor.id,
        dataCategories: ['user.contact.email'],
        purpose: 'marketing.communications.email',
        destinationCountry: 'CN',
        eligible: false,
        reasons: res.body.reasons,
        facts: expect.any(Object),
        destinations: res.body.destinations,
        ruleSetVersion: res.body.ruleSetVersion,
        checkedAt: res.body.checkedAt,
        checkedBy: { type: 'user', id: procurement.id, label: procurement.email },
        batchId: null,
      });
      expect(stored.body.facts).toMatchObject({
        today: t.clock.today(),
        processor: {
          id: processor.id,
          name: processor.name,
          status: 'active',
          riskRating: 'low',
          processingCountries: ['DE'],
          dpfCertified: false,
        },
        ancestors: [],
        subProcessors: [
          { id: sub.id, name: sub.name, authorizationStatus: 'authorized', processingCountries: ['IN'] },
        ],
        openCriticalFindings: [],
        overdueChecks: [],
      });
      const agreements = (stored.body.facts as { agreements: { id: string; status: string }[] }).agreements;
      expect(agreements.map((a) => [a.id, a.status]).sort()).toEqual(
        [
          [first.id, 'superseded'],
          [second.id, 'superseded'],
          [third.id, 'active'],
        ].sort(),
      );

      expectProblem(
        await t.as(procurement.accessToken).get(`/transfer-checks/${randomUUID()}`),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await t.as(procurement.accessToken).get('/transfer-checks/not-a-uuid'),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await t.as(otherProcurement.accessToken).get(`/transfer-checks/${res.body.decisionId}`),
        404,
        'NOT_FOUND',
      );
    });

    it('10. a batch answers in order, with an error item for a processor of another organisation', async () => {
      const res = await t.as(procurement.accessToken).post('/transfer-checks/batch', {
        checks: [
          { processorId: processor.id, ...CONTACT },
          { processorId: foreignProcessor.id, ...CONTACT },
          { processorId: processor.id, ...CONTACT, destinationCountry: 'CN' },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ results: expect.any(Array) });
      const [a, b, c] = res.body.results as Record<string, unknown>[];
      expect(res.body.results).toHaveLength(3);
      expect(a).toEqual({
        decisionId: expect.stringMatching(UUID),
        processorId: processor.id,
        eligible: true,
        reasons: [],
        checkedAt: t.clock.now().toISOString(),
        ruleSetVersion: expect.any(String),
        destinations: expect.any(Array),
      });
      expect(b).toEqual({
        processorId: foreignProcessor.id,
        eligible: false,
        error: { status: 404, code: 'NOT_FOUND', detail: expect.any(String) },
      });
      expect(c).toMatchObject({
        processorId: processor.id,
        eligible: false,
        decisionId: expect.stringMatching(UUID),
      });
      expect(codesOf(c.reasons as Reason[])).toEqual(['THIRD_COUNTRY_NO_SAFEGUARD']);
      expect(a.decisionId).not.toBe(c.decisionId);

      const storedA = await t
        .as(procurement.accessToken)
        .get(`/transfer-checks/${a.decisionId as string}`)
        .expect(200);
      const storedC = await t
        .as(procurement.accessToken)
        .get(`/transfer-checks/${c.decisionId as string}`)
        .expect(200);
      expect(storedA.body.batchId).toMatch(UUID);
      expect(storedC.body).toMatchObject({
        batchId: storedA.body.batchId,
        destinationCountry: 'CN',
        eligible: false,
      });

      const unknown = randomUUID();
      const withUnknown = await t.as(procurement.accessToken).post('/transfer-checks/batch', {
        checks: [
          { processorId: unknown, ...CONTACT },
          { processorId: processor.id, ...CONTACT },
        ],
      });
      expect(withUnknown.status).toBe(200);
      expect(withUnknown.body.results[0]).toEqual({
        processorId: unknown,
        eligible: false,
        error: { status: 404, code: 'NOT_FOUND', detail: expect.any(String) },
      });
      expect(withUnknown.body.results[1]).toMatchObject({
        processorId: processor.id,
        eligible: true,
        reasons: [],
      });
    });

    it('11. a processor of another organisation answers 404, exactly like one that does not exist', async () => {
      const foreign = await check({ processorId: foreignProcessor.id, ...CONTACT });
      expectProblem(foreign, 404, 'NOT_FOUND');
      const missing = await check({ processorId: randomUUID(), ...CONTACT });
      expectProblem(missing, 404, 'NOT_FOUND');
      expect(Object.keys(foreign.body).sort()).toEqual(Object.keys(missing.body).sort());
      expectProblem(
        await check({ processorId: processor.id, ...CONTACT }, otherProcurement.accessToken),
        404,
        'NOT_FOUND',
      );
      // The other organisation's own processor is answered for it.
      const own = await check({ processorId: foreignProcessor.id, ...CONTACT }, otherProcurement.accessToken);
      expectDecision(own, foreignProcessor.id, [
        'PROCESSOR_NOT_APPROVED',
        'NO_ACTIVE_DPA',
        'ASSESSMENT_MISSING',
      ]);
    });
  });

  describe('sub-processors under a specific authorisation', () => {
    it('wait for legal: pending until authorised, the chain is checked at any depth, an objection blocks', async () => {
      const { processor: parent } = await engaged({}, { subProcessorAuthorization: { type: 'specific' } });
      expectDecision(await check({ processorId: parent.id, ...CONTACT }), parent.id, []);

      const name = `Backup Store ${nextId()}`;
      const child = await createProcessor(t, legal.accessToken, { name, parentId: parent.id });
      expect(child.authorizationStatus).toBe('pending');
      const waiting = await waitForProcessor(
        t,
        legal.accessToken,
        child.id,
        (p) => p.authorizationBasis !== null,
      );
      expect(waiting).toMatchObject({
        authorizationBasis: 'specific',
        authorizationStatus: 'pending',
        objectionWindowEndsOn: null,
      });
      const mails = await mailTo(t, legal.email, (m) => m.subject.includes(name));
      expect(mails[0].text).toContain(child.id);

      const blocked = await check({ processorId: parent.id, ...CONTACT });
      expectDecision(blocked, parent.id, ['SUBPROCESSOR_NOT_AUTHORIZED']);
      expect(reasonOf(blocked, 'SUBPROCESSOR_NOT_AUTHORIZED').details).toEqual({
        subProcessors: [
          {
            id: child.id,
            name,
            parentId: parent.id,
            authorizationStatus: 'pending',
            objectionWindowEndsOn: null,
          },
        ],
      });

      expectProblem(
        await t.as(procurement.accessToken).post(`/processors/${child.id}/authorization`, {
          decision: 'authorize',
        }),
        403,
        'FORBIDDEN',
      );
      const authorized = await t.as(legal.accessToken).post(`/processors/${child.id}/authorization`, {
        decision: 'authorize',
        note: 'Hosting location acceptable',
      });
      expect(authorized.status).toBe(200);
      expect(authorized.body).toMatchObject({ id: child.id, authorizationStatus: 'authorized' });
      expectDecision(await check({ processorId: parent.id, ...CONTACT }), parent.id, []);

      // A sub-processor of the sub-processor receives the data too.
      const grandName = `Archive Vault ${nextId()}`;
      const grandchild = await createProcessor(t, legal.accessToken, { name: grandName, parentId: child.id });
      await waitForProcessor(t, legal.accessToken, grandchild.id, (p) => p.authorizationBasis !== null);
      const deep = await check({ processorId: parent.id, ...CONTACT });
      expectDecision(deep, parent.id, ['SUBPROCESSOR_NOT_AUTHORIZED']);
      expect(reasonOf(deep, 'SUBPROCESSOR_NOT_AUTHORIZED').details).toEqual({
        subProcessors: [expect.objectContaining({ id: grandchild.id, name: grandName, parentId: child.id })],
      });

      const objected = await t.as(legal.accessToken).post(`/processors/${grandchild.id}/authorization`, {
        decision: 'object',
        note: 'Its data centre is outside the countries the agreement allows.',
      });
      expect(objected.status).toBe(200);
      expect(objected.body).toMatchObject({ authorizationStatus: 'objected' });
      const still = await check({ processorId: parent.id, ...CONTACT });
      expectDecision(still, parent.id, ['SUBPROCESSOR_NOT_AUTHORIZED']);
      expect(reasonOf(still, 'SUBPROCESSOR_NOT_AUTHORIZED').details).toEqual({
        subProcessors: [expect.objectContaining({ id: grandchild.id, authorizationStatus: 'objected' })],
      });
      expectProblem(
        await t.as(legal.accessToken).post(`/processors/${grandchild.id}/authorization`, {
          decision: 'authorize',
        }),
        409,
        'AUTHORIZATION_DECIDED',
      );
    });
  });

  describe('special-category data', () => {
    const healthScope = {
      scope: { dataCategories: ['user.contact', 'user.health'], purposes: ['essential.service'] },
    };
    const health = {
      dataCategories: ['user.health.medical_diagnosis'],
      purpose: 'essential.service.notifications',
    };

    it('goes to a processor rated medium (special categories raise perfect answers to medium)', async () => {
      const { processor, riskRating } = await engaged(
        { intendedDataCategories: ['user.health'], processingCountries: ['DE'] },
        healthScope,
      );
      expect(riskRating).toBe('medium');
      expectDecision(await check({ processorId: processor.id, ...health }), processor.id, []);
    });

    it('is refused for a processor rated high (special categories and a third country): RISK_TOO_HIGH', async () => {
      const { processor, riskRating, agreement } = await engaged(
        { intendedDataCategories: ['user.health'], country: 'IN', processingCountries: ['IN'] },
        {
          ...healthScope,
          transferMechanisms: [{ country: 'IN', mechanism: 'scc_2021_914_module_2', tiaCompleted: true }],
        },
      );
      expect(riskRating).toBe('high');
      const tia = await t
        .as(legal.accessToken)
        .post(`/agreements/${agreement.id}/transfer-impact-assessments`, {
          destination: 'IN',
          assessedOn: t.clock.today(),
          assessor: 'Dana Protect (DPO)',
          lawsAndPractices: 'Digital Personal Data Protection Act 2023',
          outcome: 'proceed',
        });
      expect(tia.status).toBe(201);
      const res = await check({ processorId: processor.id, ...health });
      expectDecision(res, processor.id, ['RISK_TOO_HIGH']);
      expect(reasonOf(res, 'RISK_TOO_HIGH').details).toEqual({
        riskRating: 'high',
        specialCategories: ['health'],
        allowed: ['low', 'medium'],
      });
      expect(reasonOf(res, 'RISK_TOO_HIGH').message).toContain('health');
      // Ordinary data may still go there.
      expectDecision(
        await check({
          processorId: processor.id,
          dataCategories: ['user.contact.email'],
          purpose: 'essential.service',
        }),
        processor.id,
        [],
      );
    });
  });

  describe('findings', () => {
    it('OPEN_CRITICAL_FINDING after approving an assessment with a failed critical question', async () => {
      const processor = await createProcessor(t, legal.accessToken, { name: `Leaky Cloud ${nextId()}` });
      let failed: string | undefined;
      const failOneCritical = (q: TemplateQuestion) => {
        if (!failed && q.critical && q.answerType === 'boolean') failed = q.id;
        return q.id === failed;
      };
      const approved = await approveAssessment(
        t,
        legal.accessToken,
        dpo.accessToken,
        processor.id,
        failOneCritical,
      );
      expect(failed).toEqual(expect.any(String));
      expect(approved).toMatchObject({ status: 'approved', riskRating: 'high' });
      expect(approved.findings).toEqual([expect.objectContaining({ questionId: failed, critical: true })]);
      await signedAgreement(t, legal.accessToken, processor.id, agreementBody(t.clock.today()));

      const res = await check({ processorId: processor.id, ...CONTACT });
      expectDecision(res, processor.id, ['OPEN_CRITICAL_FINDING']);
      expect(reasonOf(res, 'OPEN_CRITICAL_FINDING').details).toEqual({
        findings: [{ id: expect.stringMatching(UUID), title: expect.any(String) }],
      });
    });
  });

  describe('the audit trail', () => {
    it('records every decision as transfer.checked: who, which processor, the inputs and the reasons', async () => {
      const processor = await createProcessor(t, legal.accessToken);
      const single = await check({ processorId: processor.id, ...CONTACT, destinationCountry: 'US' });
      expect(single.status).toBe(200);
      const key = await createApiKey(t, org.admin.accessToken, { roles: ['procurement'] });
      const byKey = await check({ processorId: processor.id, ...CONTACT }, { apiKey: key.key });
      expect(byKey.status).toBe(200);
      const batch = await t.as(procurement.accessToken).post('/transfer-checks/batch', {
        checks: [
          { processorId: processor.id, ...CONTACT },
          { processorId: randomUUID(), ...CONTACT },
          { processorId: processor.id, dataCategories: ['user.name'], purpose: 'analytics' },
        ],
      });
      expect(batch.status).toBe(200);

      const eventsOf = async (decisionId: string) =>
        (
          await t
            .as(auditor.accessToken)
            .get('/audit-events')
            .query({ action: 'transfer.checked', entityId: decisionId })
            .expect(200)
        ).body.items as Record<string, unknown>[];

      const [event, ...more] = await eventsOf(single.body.decisionId);
      expect(more).toEqual([]);
      expect(event).toMatchObject({
        action: 'transfer.checked',
        entityType: 'transfer_decision',
        entityId: single.body.decisionId,
        actorType: 'user',
        actorId: procurement.id,
        organizationId: org.id,
        after: {
          processorId: processor.id,
          dataCategories: ['user.contact.email'],
          purpose: 'marketing.communications.email',
          destinationCountry: 'US',
          eligible: false,
          reasons: expect.arrayContaining(['NO_ACTIVE_DPA', 'THIRD_COUNTRY_NO_SAFEGUARD']),
          destinations: expect.any(Array),
          ruleSetVersion: single.body.ruleSetVersion,
        },
      });
      expect((event.after as { reasons: string[] }).reasons.sort()).toEqual(
        codesOf(single.body.reasons as Reason[]),
      );

      expect(await eventsOf(byKey.body.decisionId)).toEqual([
        expect.objectContaining({ actorType: 'api_key', actorId: key.id, entityId: byKey.body.decisionId }),
      ]);
      const [first, , third] = batch.body.results as { decisionId: string }[];
      for (const decision of [first, third]) {
        expect(await eventsOf(decision.decisionId)).toEqual([
          expect.objectContaining({
            actorType: 'user',
            actorId: procurement.id,
            entityId: decision.decisionId,
          }),
        ]);
      }
    });
  });

  describe('concurrency', () => {
    it('answers 20 checks sent at once, stores 20 decisions and keeps the audit chain intact', async () => {
      const processor = await createProcessor(t, legal.accessToken);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => check({ processorId: processor.id, ...CONTACT })),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      expect(new Set(answers.map((a) => a.body.decisionId)).size).toBe(20);
      const stored = await t
        .as(auditor.accessToken)
        .get('/transfer-checks')
        .query({ processorId: processor.id })
        .expect(200);
      expect(stored.body.total).toBe(20);
      const verify = await t.as(auditor.accessToken).get('/audit-events/verify').expect(200);
      expect(verify.body).toMatchObject({ intact: true });
    });
  });

  describe('monitoring', () => {
    it('MONITORING_OVERDUE once the periodic check is past its due date', async () => {
      const approvedOn = t.clock.today();
      const { processor, riskRating } = await engaged();
      expect(riskRating).toBe('low');
      expectDecision(await check({ processorId: processor.id, ...CONTACT }), processor.id, []);

      // A low risk: the periodic check is due, and the assessment valid, for 24 months.
      const dueOn = addMonths(approvedOn, 24);
      t.clock.set(`${dueOn}T09:00:00.000Z`);
      await relogin([procurement]);
      expectDecision(await check({ processorId: processor.id, ...CONTACT }), processor.id, []);

      t.clock.set(`${addDays(dueOn, 1)}T09:00:00.000Z`);
      await relogin([procurement]);
      const res = await check({ processorId: processor.id, ...CONTACT });
      expectDecision(res, processor.id, ['ASSESSMENT_EXPIRED', 'MONITORING_OVERDUE']);
      expect(reasonOf(res, 'MONITORING_OVERDUE').details).toEqual({
        checks: [{ id: expect.stringMatching(UUID), type: 'periodic_review', dueOn, status: 'overdue' }],
      });
      expect(reasonOf(res, 'ASSESSMENT_EXPIRED').details).toMatchObject({ validUntil: dueOn });
    });
  });
});
