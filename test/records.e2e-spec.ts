import ExcelJS from 'exceljs';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Response } from 'supertest';
import { mailWordsProblems } from './support/mail-words';
import {
  agreementBody,
  allAuditEvents,
  approveAssessment,
  createApiKey,
  binaryParser,
  createAgreement,
  createProcessor,
  createUser,
  nextId,
  reloginAll,
  secondOrganization,
  setupOrganization,
  signedAgreement,
  TestOrganization,
  TestUser,
  finishedExport,
  staff,
} from './support/factories';
import { keepForReview } from './support/review';
import { createTestApp, TestApp } from './support/test-app';
import { mailTo, settled } from './support/wait';
import { expectProblem } from './support/problems';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The controller sheet's and the CSV's columns: the ICO template's, after the activity's name. */
const CONTROLLER_HEADERS = [
  'Processing activity',
  'Business function',
  'Purpose of processing',
  'Name and contact details of joint controller (if applicable)',
  'Categories of individuals',
  'Categories of personal data',
  'Categories of recipients',
  'Link to contract with processor',
  'Names of third countries or international organisations that personal data are transferred to (if applicable)',
  'Safeguards for exceptional transfers of personal data to third countries or international organisations (if applicable)',
  'Retention schedule (if possible)',
  'General description of technical and organisational security measures (if possible)',
  'Article 6 lawful basis for processing personal data',
  'Article 9 basis for processing special category data (and Article 10 for criminal offence data)',
  'Special category or criminal offence data',
  'Legitimate interests for the processing (if applicable)',
  'Link to record of legitimate interests assessment (if applicable)',
  'Rights available to individuals',
  'Existence of automated decision-making, including profiling (if applicable)',
  'The source of the personal data (if applicable)',
  'Link to record of consent',
  'Location of personal data',
  'Data Protection Impact Assessment required?',
  'Data Protection Impact Assessment progress',
  'Link to DPIA',
  'Personal data breach?',
  'Link to record of personal data breach',
  'Needs attention (Custos)',
  'Record ID',
  'Version',
  'Last updated (UTC)',
];
const col = (header: string): number => CONTROLLER_HEADERS.indexOf(header);

function fieldErrors(res: Response): { field: string; rule?: string }[] {
  return ((res.body.errors ?? []) as { field: string; rule?: string }[]).map((e) => ({
    field: e.field,
    rule: e.rule,
  }));
}

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

/**
 * The controller record's table of a CSV export: without the byte order mark and the header block
 * (controller, DPO, representative, date), up to the blank row before the processor record.
 */
function csvTable(bytes: Buffer): string[][] {
  const text = bytes.toString('utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows = parseCsv(text.slice(1));
  const first = rows.findIndex((r) => r[0] === 'Processing activity');
  const last = rows.findIndex((r, i) => i > first && r.every((c) => c === ''));
  return rows.slice(first, last).map((r) => r.slice(0, CONTROLLER_HEADERS.length));
}

/** A response body: an id, a name, and whatever else the test reads from it. */
type Body = { id: string; name: string } & Record<string, unknown>;

interface ExportStatus {
  id: string;
  format: string;
  asOf: string | null;
  snapshotAt: string;
  status: string;
  sha256?: string;
  size?: number;
  filename?: string;
  contentType?: string;
  dataSha256?: string;
  activityCount?: number;
  error?: string;
  requestedBy: string | null;
  createdAt: string;
  completedAt?: string;
}

describe('records of processing activities (Art. 30) and their exports', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let legal: TestUser;
  let dpo: TestUser;
  let auditor: TestUser;
  let procurement: TestUser;
  let otherDpo: TestUser;
  let files: string;

  /** Processors: one in a third country under SCCs, one with a sub-processor in India, one without a DPA. */
  let cloud: { id: string; name: string };
  let mailer: { id: string; name: string };
  let support: { id: string; name: string };
  let draftOnly: { id: string; name: string };
  let cloudAgreement: { id: string; title: string };
  let cloudTia: string;
  let cloudAssessment: { id: string; riskRating: string; validUntil: string };

  let payroll: Body;
  let newsletter: Body;
  let health: Body;

  /** Downloads a file as a Buffer; a problem document is parsed back into an object. */
  const download = async (id: string, token: string): Promise<Response> => {
    const res = await t.as(token).get(`/records/exports/${id}/file`).buffer(true).parse(binaryParser);
    if (/json/.test(String(res.headers['content-type'])) && res.status >= 400 && Buffer.isBuffer(res.body)) {
      res.body = JSON.parse(res.body.toString('utf8'));
    }
    return res;
  };

  /** Polls GET /records/exports/:id (flushing the outbox) until it is completed or failed. */
  const waitForExport = async (
    id: string,
    token = dpo.accessToken,
    timeoutMs = 30_000,
  ): Promise<ExportStatus> => finishedExport<ExportStatus>(t, token, id, timeoutMs);

  /** Requests an export as `token`, waits for it, downloads it and checks the file against its status. */
  const exportFile = async (
    format: 'xlsx' | 'csv' | 'json' | 'pdf',
    asOf?: string,
    token = dpo.accessToken,
  ): Promise<{ status: ExportStatus; bytes: Buffer; res: Response }> => {
    const created = await t.as(token).post('/records/exports', asOf ? { format, asOf } : { format });
    expect({ status: created.status, body: created.body }).toEqual({
      status: 202,
      body: { id: expect.stringMatching(UUID), status: 'queued' },
    });
    const status = await waitForExport(created.body.id, token);
    expect(status).toEqual({
      id: created.body.id,
      format,
      asOf: asOf ?? null,
      snapshotAt: expect.any(String),
      status: 'completed',
      sha256: expect.stringMatching(SHA256),
      size: expect.any(Number),
      filename: expect.stringMatching(
        new RegExp(`^record-of-processing-\\d{4}-\\d{2}-\\d{2}-[0-9a-f]{8}\\.${format}$`),
      ),
      contentType: expect.any(String),
      activityCount: expect.any(Number),
      ...(format === 'json' || format === 'pdf' ? { dataSha256: expect.stringMatching(SHA256) } : {}),
      requestedBy: expect.stringMatching(UUID),
      createdAt: t.clock.now().toISOString(),
      completedAt: expect.any(String),
    });
    const res = await download(status.id, token);
    expect(res.status).toBe(200);
    const bytes = res.body as Buffer;
    expect(bytes.length).toBe(status.size);
    expect(sha256(bytes)).toBe(status.sha256);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${status.filename}"`);
    return { status, bytes, res };
  };

  const activityBody = (overrides: Record<string, unknown> = {}) => ({
    name: `Activity ${nextId()}`,
    businessFunction: 'Operations',
    purposes: ['essential.service'],
    legalBases: ['art6_1_b'],
    dataSubjectCategories: ['customer'],
    dataCategories: ['user.contact.email'],
    retention: '2 years after the end of the contract',
    securityMeasures: 'Access control, encryption in transit and at rest',
    processorIds: [],
    ...overrides,
  });

  const listActivities = async (query: Record<string, string | number> = {}) => {
    const res = await t
      .as(dpo.accessToken)
      .get('/processing-activities')
      .query({ pageSize: 100, ...query });
    expect(res.status).toBe(200);
    return res.body as { items: Body[]; total: number; page: number; pageSize: number };
  };

  beforeAll(async () => {
    t = await createTestApp();
    files = await mkdtemp(join(tmpdir(), 'custos-records-'));
    org = await setupOrganization(t, { organizationName: 'Acme GmbH' });
    legal = await createUser(t, org.admin.accessToken, { roles: ['legal'] });
    dpo = await createUser(t, org.admin.accessToken, { roles: ['dpo'], name: 'Dana Protect' });
    ({ auditor, procurement } = await staff(t, org, { auditor: ['auditor'], procurement: ['procurement'] }));
    other = await secondOrganization(t, { organizationName: 'Beta AG' });
    otherDpo = await createUser(t, other.admin.accessToken, { roles: ['dpo'] });

    const today = t.clock.today();
    cloud = await createProcessor(t, legal.accessToken, {
      name: 'CloudCo Inc',
      country: 'US',
      processingCountries: ['US'],
      services: 'Payroll software as a service',
      intendedDataCategories: ['user.name'],
    });
    cloudAssessment = await approveAssessment(t, legal.accessToken, dpo.accessToken, cloud.id);
    cloudAgreement = await signedAgreement(
      t,
      legal.accessToken,
      cloud.id,
      agreementBody(today, {
        title: 'DPA CloudCo 2026',
        reference: 'DPA-CC-1',
        scope: { processingCountries: ['US'], purposes: ['employment'], dataCategories: ['user'] },
        transferMechanisms: [
          {
            country: 'US',
            mechanism: 'scc_2021_914_module_2',
            tiaCompleted: true,
            reference: 'SCC Annex III',
          },
        ],
      }),
    );
    const tia = await t
      .as(legal.accessToken)
      .post(`/agreements/${cloudAgreement.id}/transfer-impact-assessments`, {
        destination: 'US',
        assessedOn: today,
        assessor: 'Dana Protect (DPO)',
        lawsAndPractices: 'FISA s. 702 and EO 12333 against the safeguards of EO 14086',
        outcome: 'proceed',
      });
    expect(tia.status).toBe(201);
    cloudTia = tia.body.id;
    mailer = await createProcessor(t, legal.accessToken, { name: 'Mailer GmbH' });
    await signedAgreement(t, legal.accessToken, mailer.id, agreementBody(today, { title: 'DPA Mailer' }));
    support = await createProcessor(t, legal.accessToken, {
      name: 'Support Pvt Ltd',
      country: 'IN',
      processingCountries: ['IN'],
      parentId: mailer.id,
    });
    draftOnly = await createProcessor(t, legal.accessToken, { name: 'Draft Analytics BV', country: 'NL' });
    const breach = await t.as(legal.accessToken).post(`/processors/${cloud.id}/incidents`, {
      title: 'Payslip archive exposed',
      nature: 'A payslip archive was readable by other tenants.',
    });
    expect(breach.status).toBe(201);
    await createAgreement(t, legal.accessToken, draftOnly.id, agreementBody(today, { title: 'DPA draft' }));
  });

  afterAll(async () => {
    // Let the last e-mails finish, so that no job records its end after the database closed.
    await settled(t);
    await t.close();
    await rm(files, { recursive: true, force: true });
  });

  describe('the organisation profile', () => {
    it('starts with the organisation’s name alone, and a PUT sets the header of every record', async () => {
      const before = await t.as(legal.accessToken).get('/records/profile');
      expect({ status: before.status, body: before.body }).toEqual({
        status: 200,
        body: {
          controllerName: 'Acme GmbH',
          address: null,
          contactEmail: null,
          contactPhone: null,
          representative: null,
          dpo: null,
          version: 0,
          updatedAt: null,
        },
      });
      const body = {
        controllerName: 'Acme GmbH',
        address: 'Musterstraße 1, 10115 Berlin, Germany',
        contactEmail: 'Privacy@Acme.example',
        contactPhone: '+49 30 1234567',
        representative: {
          name: 'Acme EU Rep Ltd',
          address: '1 Main Street, Dublin',
          email: 'rep@acme.example',
        },
        dpo: { name: 'Dana Protect', email: 'dpo@acme.example', phone: '+49 30 7654321' },
      };
      const saved = await t.as(dpo.accessToken).put('/records/profile', body);
      const expected = {
        controllerName: 'Acme GmbH',
        address: 'Musterstraße 1, 10115 Berlin, Germany',
        contactEmail: 'privacy@acme.example',
        contactPhone: '+49 30 1234567',
        representative: {
          name: 'Acme EU Rep Ltd',
          address: '1 Main Street, Dublin',
          email: 'rep@acme.example',
          phone: null,
        },
        dpo: { name: 'Dana Protect', email: 'dpo@acme.example', phone: '+49 30 7654321' },
        version: 1,
        updatedAt: t.clock.now().toISOString(),
      };
      expect({ status: saved.status, body: saved.body }).toEqual({ status: 200, body: expected });
      const again = await t.as(auditor.accessToken).get('/records/profile');
      expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: expected });
    });

    it('refuses a profile without an address, naming the field, and keeps the stored one', async () => {
      const res = await t.as(dpo.accessToken).put('/records/profile', {
        controllerName: 'Acme GmbH',
        contactEmail: 'not-an-email',
      });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldErrors(res).map((e) => e.field)).toEqual(
        expect.arrayContaining(['address', 'contactEmail']),
      );
      const stored = await t.as(dpo.accessToken).get('/records/profile');
      expect({ status: stored.status, version: stored.body.version, address: stored.body.address }).toEqual({
        status: 200,
        version: 1,
        address: 'Musterstraße 1, 10115 Berlin, Germany',
      });
    });

    it('is changed by legal and dpo only; procurement does not even read it', async () => {
      const body = { controllerName: 'X', address: 'Y', contactEmail: 'x@y.example' };
      expectProblem(await t.as(auditor.accessToken).put('/records/profile', body), 403, 'FORBIDDEN');
      expectProblem(await t.as(procurement.accessToken).put('/records/profile', body), 403, 'FORBIDDEN');
      expectProblem(await t.as(procurement.accessToken).get('/records/profile'), 403, 'FORBIDDEN');
    });
  });

  describe('processing activities', () => {
    it('records an activity linked to a third-country processor: recipients and the SCC transfer are derived', async () => {
      const res = await t.as(dpo.accessToken).post(
        '/processing-activities',
        activityBody({
          name: 'Payroll',
          businessFunction: 'Human resources',
          purposes: ['employment'],
          legalBases: ['art6_1_b', 'art6_1_c'],
          dataSubjectCategories: ['employee'],
          dataCategories: ['user.name', 'user.financial.bank_account'],
          retention: '6 years after the end of employment',
          retentionByCategory: [{ dataCategory: 'user.financial.bank_account', limit: '10 years (tax law)' }],
          securityMeasures: 'Role-based access; encryption; audit logging',
          dataSource: 'The employee',
          processorIds: [cloud.id],
          otherRecipients: [{ name: 'Tax office', type: 'public_authority', country: 'de' }],
        }),
      );
      expect({ status: res.status, body: res.body }).toEqual({
        status: 201,
        body: {
          id: expect.stringMatching(UUID),
          name: 'Payroll',
          businessFunction: 'Human resources',
          purposes: ['employment'],
          purposeDescription: null,
          legalBases: ['art6_1_b', 'art6_1_c'],
          legitimateInterest: null,
          legitimateInterestsAssessment: null,
          consentRecord: null,
          rightsAvailable: [],
          automatedDecisionMaking: null,
          dataLocation: null,
          dpiaProgress: null,
          breachRecord: null,
          dataSubjectCategories: ['employee'],
          dataCategories: ['user.name', 'user.financial.bank_account'],
          retention: '6 years after the end of employment',
          retentionByCategory: [{ dataCategory: 'user.financial.bank_account', limit: '10 years (tax law)' }],
          securityMeasures: 'Role-based access; encryption; audit logging',
          dpiaRequired: false,
          dpiaReference: null,
          jointControllers: [],
          dataSource: 'The employee',
          processorIds: [cloud.id],
          otherRecipients: [{ name: 'Tax office', type: 'public_authority', country: 'DE', safeguard: null }],
          recipients: [
            {
              kind: 'processor',
              name: 'CloudCo Inc',
              processorId: cloud.id,
              parentId: null,
              type: null,
              country: 'US',
              agreement: {
                id: cloudAgreement.id,
                title: 'DPA CloudCo 2026',
                reference: 'DPA-CC-1',
                status: 'active',
              },
              ended: false,
            },
            {
              kind: 'other',
              name: 'Tax office',
              processorId: null,
              parentId: null,
              type: 'public_authority',
              country: 'DE',
              agreement: null,
              ended: false,
            },
          ],
          transfers: [
            {
              country: 'US',
              recipient: 'CloudCo Inc',
              processorId: cloud.id,
              classification: 'third_country',
              safeguard: 'scc_2021_914_module_2',
              adequacyDecision: null,
              reference: 'SCC Annex III',
              tiaCompleted: true,
              tia: { id: cloudTia, assessedOn: t.clock.today(), outcome: 'proceed' },
              agreementId: cloudAgreement.id,
              problem: null,
              explanation: expect.stringContaining('transfer impact assessment of'),
              endedOn: null,
            },
          ],
          flags: [],
          archivedAt: null,
          version: 1,
          createdAt: t.clock.now().toISOString(),
          updatedAt: t.clock.now().toISOString(),
        },
      });
      payroll = res.body;
    });

    it('flags a processor without an active agreement and a sub-processor not yet authorised, which receives nothing yet', async () => {
      const res = await t.as(legal.accessToken).post(
        '/processing-activities',
        activityBody({
          name: 'Newsletter',
          businessFunction: 'Marketing',
          purposes: ['marketing.communications.email'],
          legalBases: ['art6_1_a'],
          dataCategories: ['user.contact.email', 'user.name'],
          processorIds: [mailer.id, draftOnly.id],
          otherRecipients: [{ name: 'Group marketing team', type: 'internal' }],
        }),
      );
      expect(res.status).toBe(201);
      expect(res.body.recipients.map((r: Record<string, unknown>) => [r.kind, r.name, r.parentId])).toEqual([
        ['processor', 'Mailer GmbH', null],
        ['processor', 'Draft Analytics BV', null],
        ['other', 'Group marketing team', null],
      ]);
      // Support Pvt Ltd is in its objection window: announced, not yet receiving, so no transfer to India.
      expect(res.body.transfers).toEqual([]);
      expect(res.body.flags).toEqual([
        {
          code: 'subprocessor_not_authorized',
          message: expect.stringContaining('Sub-processor Support Pvt Ltd is not authorised'),
          processorId: support.id,
        },
        {
          code: 'processor_without_active_agreement',
          message: 'Draft Analytics BV has no active data processing agreement.',
          processorId: draftOnly.id,
        },
      ]);
      newsletter = res.body;
    });

    it('accepts health data with an Art. 9(2) condition', async () => {
      const res = await t.as(dpo.accessToken).post(
        '/processing-activities',
        activityBody({
          name: 'Occupational health',
          purposes: ['employment'],
          legalBases: ['art6_1_c', 'art9_2_h'],
          dataSubjectCategories: ['employee'],
          dataCategories: ['user.health.medical_diagnosis'],
          dpiaRequired: true,
          jointControllers: [{ name: 'Acme Holding SE', contact: 'privacy@holding.example' }],
        }),
      );
      expect({ status: res.status, flags: res.body.flags, recipients: res.body.recipients }).toEqual({
        status: 201,
        flags: [
          {
            code: 'dpia_reference_missing',
            message: 'A DPIA is required, and no reference to it is recorded.',
          },
        ],
        recipients: [],
      });
      health = res.body;
    });

    it('refuses special-category data without an Art. 9(2) condition, naming legalBases, and stores nothing', async () => {
      const before = await listActivities();
      const res = await t.as(dpo.accessToken).post(
        '/processing-activities',
        activityBody({
          legalBases: ['art6_1_c'],
          dataCategories: ['user.name', 'user.health.medications'],
        }),
      );
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual([
        {
          field: 'legalBases',
          message: expect.stringContaining('Art. 9(2) condition'),
          rule: 'art9Condition',
        },
      ]);
      expect((await listActivities()).total).toBe(before.total);
    });

    it('refuses criminal-offence data without Art. 10, and legitimate interests without the interest', async () => {
      const res = await t
        .as(dpo.accessToken)
        .post(
          '/processing-activities',
          activityBody({ legalBases: ['art6_1_f', 'art9_2_b'], dataCategories: ['user.criminal_history'] }),
        );
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldErrors(res)).toEqual([
        { field: 'legitimateInterest', rule: 'legitimateInterest' },
        { field: 'legalBases', rule: 'art10' },
      ]);
    });

    it('names each unknown vocabulary key, foreign processor and stray retention limit by its place', async () => {
      const otherProcessor = await createProcessor(
        t,
        (await createUser(t, other.admin.accessToken, { roles: ['legal'] })).accessToken,
      );
      const res = await t.as(dpo.accessToken).post(
        '/processing-activities',
        activityBody({
          purposes: ['essential.service', 'no.such.use'],
          dataSubjectCategories: ['martian'],
          dataCategories: ['user.contact.email', 'user.no_such_thing'],
          processorIds: [cloud.id, otherProcessor.id],
          retentionByCategory: [{ dataCategory: 'user.financial', limit: '1 year' }],
          otherRecipients: [{ name: 'Somewhere', type: 'external', country: 'XX' }],
        }),
      );
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldErrors(res)).toEqual([
        { field: 'purposes[1]', rule: 'vocabulary' },
        { field: 'dataSubjectCategories[0]', rule: 'vocabulary' },
        { field: 'dataCategories[1]', rule: 'vocabulary' },
        { field: 'retentionByCategory[0].dataCategory', rule: 'dataCategory' },
        { field: 'otherRecipients[0].country', rule: 'isISO31661Alpha2' },
        { field: 'processorIds[1]', rule: 'processor' },
      ]);
    });

    it('checks the shape at the edge: unknown legal bases and fields are refused', async () => {
      const res = await t
        .as(dpo.accessToken)
        .post(
          '/processing-activities',
          activityBody({ legalBases: ['art6_1_z'], processorIds: ['not-a-uuid'], recipients: [] }),
        );
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldErrors(res).map((e) => e.field)).toEqual(
        expect.arrayContaining(['legalBases', 'processorIds', 'recipients']),
      );
    });

    it('lists the activities by name, paginated, and shows one with its derived parts', async () => {
      const page = await t
        .as(auditor.accessToken)
        .get('/processing-activities')
        .query({ page: 1, pageSize: 2 });
      expect({
        status: page.status,
        total: page.body.total,
        page: page.body.page,
        size: page.body.pageSize,
      }).toEqual({
        status: 200,
        total: 3,
        page: 1,
        size: 2,
      });
      expect(page.body.items.map((a: { name: string }) => a.name)).toEqual([
        'Newsletter',
        'Occupational health',
      ]);
      const second = await t
        .as(auditor.accessToken)
        .get('/processing-activities')
        .query({ page: 2, pageSize: 2 });
      expect({
        status: second.status,
        names: second.body.items.map((a: { name: string }) => a.name),
      }).toEqual({
        status: 200,
        names: ['Payroll'],
      });
      const one = await t.as(legal.accessToken).get(`/processing-activities/${payroll.id}`);
      expect({ status: one.status, body: one.body }).toEqual({ status: 200, body: payroll });
    });

    it('answers 404 to another organisation and 403 to procurement', async () => {
      expectProblem(
        await t.as(otherDpo.accessToken).get(`/processing-activities/${payroll.id}`),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await t.as(otherDpo.accessToken).patch(`/processing-activities/${payroll.id}`, { name: 'Stolen' }),
        404,
        'NOT_FOUND',
      );
      expectProblem(await t.as(procurement.accessToken).get('/processing-activities'), 403, 'FORBIDDEN');
      expectProblem(
        await t.as(auditor.accessToken).post('/processing-activities', activityBody()),
        403,
        'FORBIDDEN',
      );
      const theirs = await t.as(otherDpo.accessToken).get('/processing-activities');
      expect({ status: theirs.status, total: theirs.body.total }).toEqual({ status: 200, total: 0 });
      for (const path of ['/processing-activities/not-a-uuid', '/records/exports/not-a-uuid']) {
        const res = await t.as(dpo.accessToken).get(path);
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(fieldErrors(res)).toEqual([{ field: 'id', rule: 'isUuid' }]);
      }
    });

    it('validates a change against the whole activity: adding health data needs an Art. 9(2) condition', async () => {
      const res = await t.as(dpo.accessToken).patch(`/processing-activities/${newsletter.id}`, {
        dataCategories: ['user.health'],
      });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldErrors(res)).toEqual([{ field: 'legalBases', rule: 'art9Condition' }]);
      const nulled = await t
        .as(dpo.accessToken)
        .patch(`/processing-activities/${newsletter.id}`, { name: null });
      expectProblem(nulled, 400, 'VALIDATION_FAILED');
      expect(fieldErrors(nulled)).toEqual([{ field: 'name', rule: 'required' }]);
      const stale = await t.as(dpo.accessToken).patch(`/processing-activities/${newsletter.id}`, {
        version: 7,
        retention: '1 year',
      });
      expectProblem(stale, 409, 'STALE_VERSION');
      const unchanged = await t.as(dpo.accessToken).get(`/processing-activities/${newsletter.id}`);
      expect({ status: unchanged.status, version: unchanged.body.version }).toEqual({
        status: 200,
        version: 1,
      });
    });
  });

  describe('the processor record (Art. 30(2))', () => {
    let entry: Body;

    it('records a controller the organisation processes for, with its contacts, transfers and measures', async () => {
      const res = await t.as(dpo.accessToken).post('/records/processor-record/entries', {
        controllerName: 'Globex Retail SA',
        controllerAddress: '12 Rue de la Paix, 75002 Paris',
        controllerContact: { name: 'Privacy team', email: 'privacy@globex.example' },
        controllerDpo: { name: 'Gaston DPO', email: 'dpo@globex.example' },
        processingCategories: ['Hosting of the web shop', 'Customer support ticketing'],
        transfers: [{ country: 'us', safeguard: 'scc_2021_914_module_3', reference: 'Annex I.B' }],
        securityMeasures: 'ISO 27001 certified hosting',
        contractReference: 'DPA Globex 2025-07',
      });
      expect({ status: res.status, body: res.body }).toEqual({
        status: 201,
        body: {
          id: expect.stringMatching(UUID),
          controllerName: 'Globex Retail SA',
          controllerAddress: '12 Rue de la Paix, 75002 Paris',
          controllerContact: { name: 'Privacy team', email: 'privacy@globex.example', phone: null },
          controllerRepresentative: null,
          controllerDpo: { name: 'Gaston DPO', email: 'dpo@globex.example', phone: null },
          processingCategories: ['Hosting of the web shop', 'Customer support ticketing'],
          transfers: [{ country: 'US', safeguard: 'scc_2021_914_module_3', reference: 'Annex I.B' }],
          securityMeasures: 'ISO 27001 certified hosting',
          contractReference: 'DPA Globex 2025-07',
          archivedAt: null,
          version: 1,
          createdAt: t.clock.now().toISOString(),
          updatedAt: t.clock.now().toISOString(),
        },
      });
      entry = res.body;
      const listed = await t.as(auditor.accessToken).get('/records/processor-record/entries');
      expect({ status: listed.status, body: listed.body }).toEqual({
        status: 200,
        body: { items: [entry], total: 1, page: 1, pageSize: 20 },
      });
    });

    it('refuses a transfer to an EEA country and a controller without a way to reach it', async () => {
      const res = await t.as(dpo.accessToken).post('/records/processor-record/entries', {
        controllerName: 'Nowhere GmbH',
        controllerContact: { name: 'Someone' },
        processingCategories: ['Payroll'],
        transfers: [{ country: 'FR', safeguard: 'bcr' }],
        securityMeasures: 'Some',
      });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldErrors(res)).toEqual([
        { field: 'controllerContact', rule: 'contact' },
        { field: 'transfers[0].country', rule: 'thirdCountry' },
      ]);
    });

    it('changes an entry and keeps every version; another organisation gets 404', async () => {
      const res = await t.as(legal.accessToken).patch(`/records/processor-record/entries/${entry.id}`, {
        processingCategories: ['Hosting of the web shop'],
        version: 1,
      });
      expect({
        status: res.status,
        categories: res.body.processingCategories,
        version: res.body.version,
      }).toEqual({
        status: 200,
        categories: ['Hosting of the web shop'],
        version: 2,
      });
      const versions = await t
        .as(dpo.accessToken)
        .get(`/records/processor-record/entries/${entry.id}/versions`);
      expect({
        status: versions.status,
        versions: versions.body.map((v: { version: number }) => v.version),
      }).toEqual({
        status: 200,
        versions: [1, 2],
      });
      expect(versions.body[0].entry.processingCategories).toEqual([
        'Hosting of the web shop',
        'Customer support ticketing',
      ]);
      expectProblem(
        await t.as(otherDpo.accessToken).get(`/records/processor-record/entries/${entry.id}`),
        404,
        'NOT_FOUND',
      );
    });
  });

  /** The JSON export of today's state, made before the clock moves. */
  let json: { status: ExportStatus; bytes: Buffer; res: Response };

  describe('exports', () => {
    it('exports JSON: complete, machine-readable, and it round-trips', async () => {
      json = await exportFile('json');
      expect(json.res.headers['content-type']).toMatch(/^application\/json/);
      const text = json.bytes.toString('utf8');
      const doc = JSON.parse(text);
      expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
      expect(doc).toEqual({
        format: 'custos.records-of-processing',
        formatVersion: 1,
        exportId: json.status.id,
        generatedAt: expect.any(String),
        asOf: null,
        snapshotAt: t.clock.now().toISOString(),
        statusesOn: t.clock.today(),
        activityCount: 3,
        processorRecordCount: 1,
        record: {
          controller: expect.objectContaining({
            controllerName: 'Acme GmbH',
            dpo: expect.objectContaining({ name: 'Dana Protect' }),
          }),
          processingActivities: [
            expect.objectContaining({ id: newsletter.id, name: 'Newsletter' }),
            expect.objectContaining({ id: health.id, name: 'Occupational health' }),
            { ...payroll },
          ],
          processorRecord: [expect.objectContaining({ controllerName: 'Globex Retail SA', version: 2 })],
          processors: expect.any(Array),
        },
        recordSha256: json.status.dataSha256,
      });
      // The hash is of the bytes of the "record" member as written.
      const record = text.slice(
        text.indexOf('"record":') + '"record":'.length,
        text.lastIndexOf(',\n"recordSha256"'),
      );
      expect(sha256(record)).toBe(json.status.dataSha256);
      const processors = doc.record.processors as Body[];
      expect(processors.map((p) => p.name)).toEqual([
        'CloudCo Inc',
        'Draft Analytics BV',
        'Mailer GmbH',
        'Support Pvt Ltd',
      ]);
      expect(processors[0]).toEqual(
        expect.objectContaining({
          thirdCountries: ['US'],
          agreement: expect.objectContaining({ id: cloudAgreement.id, status: 'active' }),
          assessment: expect.objectContaining({
            id: cloudAssessment.id,
            status: 'approved',
            riskRating: cloudAssessment.riskRating,
            validUntil: cloudAssessment.validUntil,
            validOnDay: true,
          }),
        }),
      );
      expect(processors[1].agreement).toEqual(
        expect.objectContaining({ title: 'DPA draft', status: 'draft' }),
      );
      expect(processors.map((p) => p.breaches)).toEqual([
        { total: 1, open: 1 },
        { total: 0, open: 0 },
        { total: 0, open: 0 },
        { total: 0, open: 0 },
      ]);
    });

    it('e-mails the requester when the export is ready, with a link to the records page in the console', async () => {
      const mails = await mailTo(t, dpo.email, (m) => m.text.includes(String(json.status.sha256)));
      expect(mails).toHaveLength(1);
      expect(mails[0].to).toEqual([dpo.email]);
      expect(mails[0].subject).toBe(
        `Record of processing activities ready: JSON as of ${json.status.snapshotAt} (when you asked)`,
      );
      expect(mails[0].text).toContain(json.status.filename);
      expect(mails[0].text).toContain(
        'A DPO or auditor of Acme GmbH can download it from the records page in Custos:',
      );
      expect(mailWordsProblems(mails[0], `${t.config.publicUrl}/records`)).toEqual([]);
    });

    it('announces an export an integration asked for (API key) to the DPOs, naming the integration', async () => {
      const key = await createApiKey(t, org.admin.accessToken, {
        name: 'Archive system',
        roles: ['auditor'],
      });
      const created = await t.as({ apiKey: key.key }).post('/records/exports', { format: 'csv' });
      expect({ status: created.status, state: created.body.status }).toEqual({
        status: 202,
        state: 'queued',
      });
      const status = await waitForExport(created.body.id);
      expect(status).toMatchObject({ status: 'completed', requestedBy: key.id });
      const mails = await mailTo(t, dpo.email, (m) => m.text.includes(String(status.sha256)));
      expect(mails.map((m) => m.to)).toEqual([[dpo.email]]);
      expect(mails[0].text).toContain('that the integration "Archive system" asked for is ready');
      expect(mailWordsProblems(mails[0], `${t.config.publicUrl}/records`)).toEqual([]);
    });

    it('exports XLSX: the ICO columns, header rows, frozen headings, filters, widths, and the values', async () => {
      const { bytes, res } = await exportFile('xlsx');
      expect(res.headers['content-type']).toBe(XLSX_TYPE);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
      expect(workbook.worksheets.map((w) => w.name)).toEqual([
        'Controller record',
        'Processor record',
        'Processors',
      ]);

      const sheet = workbook.getWorksheet('Controller record')!;
      expect(sheet.getCell('A1').value).toBe(
        'Record of processing activities — controller (Art. 30(1) GDPR)',
      );
      expect([sheet.getCell('A2').value, sheet.getCell('B2').value]).toEqual([
        'Controller',
        'Acme GmbH, Musterstraße 1, 10115 Berlin, Germany, privacy@acme.example, +49 30 1234567',
      ]);
      expect([sheet.getCell('A3').value, sheet.getCell('B3').value]).toEqual([
        'Data protection officer',
        'Dana Protect, dpo@acme.example, +49 30 7654321',
      ]);
      expect(sheet.getCell('A4').value).toBe('Representative');
      expect(sheet.getRow(7).values).toEqual([undefined, ...CONTROLLER_HEADERS]);
      expect(sheet.views[0]).toEqual(expect.objectContaining({ state: 'frozen', ySplit: 7, xSplit: 1 }));
      expect(sheet.autoFilter).toBe('A7:AE7');
      expect(sheet.getColumn(1).width).toBe(28);
      expect(sheet.getColumn(col('Categories of recipients') + 1).width).toBe(42);

      const rows = [8, 9, 10].map((n) => sheet.getRow(n).values as unknown[]);
      expect(rows.map((r) => r[1])).toEqual(['Newsletter', 'Occupational health', 'Payroll']);
      expect(sheet.getRow(11).values).toEqual([]);
      const cell = (row: unknown[], header: string) => row[col(header) + 1];
      const pay = rows[2];
      expect(cell(pay, 'Purpose of processing')).toBe('Employment (employment)');
      expect(cell(pay, 'Categories of personal data')).toContain('(user.financial.bank_account)');
      expect(cell(pay, 'Categories of recipients')).toBe(
        'Processor: CloudCo Inc (United States of America (US))\nPublic authority: Tax office (Germany (DE))',
      );
      expect(cell(pay, 'Link to contract with processor')).toBe(
        'CloudCo Inc: DPA CloudCo 2026 (DPA-CC-1), active',
      );
      expect(
        cell(
          pay,
          'Names of third countries or international organisations that personal data are transferred to (if applicable)',
        ),
      ).toBe('United States of America (US)');
      expect(
        cell(
          pay,
          'Safeguards for exceptional transfers of personal data to third countries or international organisations (if applicable)',
        ),
      ).toBe(
        `United States of America (US), CloudCo Inc: Standard contractual clauses 2021/914, module 2 (Art. 46(2)(c)) (SCC Annex III); transfer impact assessment of ${String(payroll.createdAt).slice(0, 10)}`,
      );
      expect(cell(pay, 'Retention schedule (if possible)')).toContain('10 years (tax law)');
      expect(cell(pay, 'Article 6 lawful basis for processing personal data')).toBe(
        'Art. 6(1)(b) performance of a contract\nArt. 6(1)(c) legal obligation',
      );
      expect(cell(pay, 'Record ID')).toBe(payroll.id);
      expect(cell(rows[1], 'Special category or criminal offence data')).toContain('Art. 9, health');
      expect(cell(rows[0], 'Needs attention (Custos)')).toContain('processor_without_active_agreement');

      const processorRecord = workbook.getWorksheet('Processor record')!;
      expect(processorRecord.getRow(8).getCell(1).value).toBe('Globex Retail SA');
      expect(processorRecord.views[0]).toEqual(expect.objectContaining({ state: 'frozen', ySplit: 7 }));

      const processors = workbook.getWorksheet('Processors')!;
      const headings = processors.getRow(7).values as string[];
      const cloudRow = processors.getRow(8).values as unknown[];
      const at = (header: string) => cloudRow[headings.indexOf(header)];
      expect([
        at('Processor'),
        at('Agreement status'),
        at('Processing countries'),
        at('Assessment result'),
        at('Risk rating'),
        at('Assessment valid until'),
        at('Personal-data breaches (not closed)'),
      ]).toEqual([
        'CloudCo Inc',
        'active',
        'United States of America (US)',
        'approved',
        cloudAssessment.riskRating,
        cloudAssessment.validUntil,
        '1 (1 not closed)',
      ]);
      expect(processors.autoFilter).toMatch(/^A7:[A-Z]+7$/);
    });

    it('exports CSV: one row per activity with the controller sheet’s columns, and it parses', async () => {
      const { bytes, res } = await exportFile('csv');
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      const rows = csvTable(bytes);
      expect(rows[0]).toEqual(CONTROLLER_HEADERS);
      expect(rows.slice(1).map((r) => [r[0], r.length])).toEqual([
        ['Newsletter', CONTROLLER_HEADERS.length],
        ['Occupational health', CONTROLLER_HEADERS.length],
        ['Payroll', CONTROLLER_HEADERS.length],
      ]);
      const pay = rows[3];
      expect(pay[col('Categories of recipients')]).toBe(
        'Processor: CloudCo Inc (United States of America (US)); Public authority: Tax office (Germany (DE))',
      );
      expect(pay[col('Article 6 lawful basis for processing personal data')]).toBe(
        'Art. 6(1)(b) performance of a contract; Art. 6(1)(c) legal obligation',
      );
      expect(pay[col('Record ID')]).toBe(payroll.id);
    });

    it('exports PDF: valid (qpdf), every activity’s name in its text, a cover with the hash of the data, page numbers', async () => {
      const { status, bytes, res } = await exportFile('pdf');
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const file = join(files, `${status.id}.pdf`);
      await writeFile(file, bytes);
      keepForReview('record-of-processing.pdf', bytes);
      const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
      expect({ status: check.status, stdout: check.stdout }).toEqual({
        status: 0,
        stdout: expect.stringContaining('No syntax or stream encoding errors found'),
      });
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      for (const name of ['Payroll', 'Newsletter', 'Occupational health', 'Globex Retail SA'])
        expect(text).toContain(name);
      // Same state as the JSON export above (the clock has not moved): the cover names the same hash.
      expect(status.dataSha256).toBe(json.status.dataSha256);
      expect(text.replace(/\s+/g, '')).toContain(`SHA-256oftherecorddata:${json.status.dataSha256}`);
      expect(text).toContain('Dana Protect');
      expect(text).toContain('Page 1');
      expect(text).toContain('Page 3');
      expect(text).toMatch(
        /Categories of data subjects[\s\S]*Categories of personal data[\s\S]*Recipients[\s\S]*Transfers outside the EU/,
      );
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/Pages:\s+\d+/);
    });

    it('lets the auditor export; the file and status are the organisation’s alone', async () => {
      const { status } = await exportFile('csv', undefined, auditor.accessToken);
      expect(status.requestedBy).toBe(auditor.id);
      expectProblem(await t.as(otherDpo.accessToken).get(`/records/exports/${status.id}`), 404, 'NOT_FOUND');
      const foreignFile = await download(status.id, otherDpo.accessToken);
      expectProblem(foreignFile, 404, 'NOT_FOUND');
      expectProblem(await t.as(dpo.accessToken).get(`/records/exports/${randomUUID()}`), 404, 'NOT_FOUND');
      const listed = await t.as(auditor.accessToken).get('/records/exports');
      // json, the integration's csv, xlsx, csv, pdf, and this one
      expect({ status: listed.status, total: listed.body.total }).toEqual({ status: 200, total: 6 });
      expect(listed.body.items).toContainEqual(status);
      const theirs = await t.as(otherDpo.accessToken).get('/records/exports');
      expect({ status: theirs.status, total: theirs.body.total }).toEqual({ status: 200, total: 0 });
    });

    it('refuses procurement (403) on every export route, and legal, who does not export', async () => {
      const [any] = (await t.as(dpo.accessToken).get('/records/exports')).body.items;
      expectProblem(
        await t.as(procurement.accessToken).post('/records/exports', { format: 'json' }),
        403,
        'FORBIDDEN',
      );
      expectProblem(await t.as(procurement.accessToken).get('/records/exports'), 403, 'FORBIDDEN');
      expectProblem(await t.as(procurement.accessToken).get(`/records/exports/${any.id}`), 403, 'FORBIDDEN');
      expectProblem(await download(any.id, procurement.accessToken), 403, 'FORBIDDEN');
      expectProblem(
        await t.as(legal.accessToken).post('/records/exports', { format: 'json' }),
        403,
        'FORBIDDEN',
      );
    });

    it('refuses an unknown format and a day after today, naming the field', async () => {
      const format = await t.as(dpo.accessToken).post('/records/exports', { format: 'docx' });
      expectProblem(format, 400, 'VALIDATION_FAILED');
      expect(fieldErrors(format).map((e) => e.field)).toEqual(['format']);
      const future = await t
        .as(dpo.accessToken)
        .post('/records/exports', { format: 'json', asOf: '2099-01-01' });
      expectProblem(future, 400, 'VALIDATION_FAILED');
      expect(fieldErrors(future)).toEqual([{ field: 'asOf', rule: 'notFuture' }]);
      const bad = await t
        .as(dpo.accessToken)
        .post('/records/exports', { format: 'json', asOf: '2026-02-30' });
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect(fieldErrors(bad).map((e) => e.field)).toContain('asOf');
    });

    it('marks an export failed, with the reason, when the file cannot be written', async () => {
      // A file where the organisation's records folder should be: every attempt fails to store.
      const blocker = join(t.config.storageDir, other.id, 'records');
      await mkdir(join(t.config.storageDir, other.id), { recursive: true });
      await writeFile(blocker, 'not a folder');
      try {
        const created = await t.as(otherDpo.accessToken).post('/records/exports', { format: 'csv' });
        expect(created.status).toBe(202);
        const status = await waitForExport(created.body.id, otherDpo.accessToken, 45_000);
        expect(status).toEqual(
          expect.objectContaining({
            id: created.body.id,
            status: 'failed',
            error: expect.stringMatching(/ENOTDIR|EEXIST/),
          }),
        );
        expect(status.sha256).toBeUndefined();
        const file = await download(created.body.id, otherDpo.accessToken);
        expectProblem(file, 409, 'EXPORT_NOT_READY');
      } finally {
        await rm(blocker, { force: true });
      }
    }, 60_000);
  });

  describe('history: the record as of a past date', () => {
    let yesterday: string;

    beforeAll(async () => {
      yesterday = t.clock.today();
      t.clock.advanceDays(1);
      await reloginAll(t, [dpo, legal, auditor]);
    });

    it('shows each processor as it stood that day: a change today leaves yesterday’s record alone', async () => {
      const current = await t.as(legal.accessToken).get(`/processors/${cloud.id}`);
      const changed = await t.as(legal.accessToken).patch(`/processors/${cloud.id}`, {
        name: 'CloudCo Global Inc',
        processingCountries: ['US', 'IN'],
        version: current.body.version,
      });
      expect({ status: changed.status, countries: changed.body.processingCountries }).toEqual({
        status: 200,
        countries: ['US', 'IN'],
      });
      const now = await t.as(dpo.accessToken).get(`/processing-activities/${payroll.id}`);
      expect({
        recipient: now.body.recipients[0].name,
        transfers: (now.body.transfers as { country: string; safeguard: string }[]).map((x) => [
          x.country,
          x.safeguard,
        ]),
      }).toEqual({
        recipient: 'CloudCo Global Inc',
        transfers: [
          ['US', 'scc_2021_914_module_2'],
          ['IN', 'none'],
        ],
      });
      const then = await t.as(dpo.accessToken).get(`/processing-activities/${payroll.id}`).query({
        asOf: yesterday,
      });
      expect({ status: then.status, body: then.body }).toEqual({ status: 200, body: payroll });
    });

    it('keeps the previous version when an activity changes; GET ?asOf=yesterday shows it', async () => {
      const changed = await t.as(dpo.accessToken).patch(`/processing-activities/${payroll.id}`, {
        name: 'Payroll and pensions',
        retention: '10 years after the end of employment',
        version: 1,
      });
      expect({ status: changed.status, name: changed.body.name, version: changed.body.version }).toEqual({
        status: 200,
        name: 'Payroll and pensions',
        version: 2,
      });
      const old = await t.as(dpo.accessToken).get(`/processing-activities/${payroll.id}`).query({
        asOf: yesterday,
      });
      expect({ status: old.status, body: old.body }).toEqual({ status: 200, body: payroll });
      const versions = await t.as(dpo.accessToken).get(`/processing-activities/${payroll.id}/versions`);
      expect({ status: versions.status, body: versions.body }).toEqual({
        status: 200,
        body: [
          {
            version: 1,
            validFrom: payroll.createdAt,
            validTo: t.clock.now().toISOString(),
            changedBy: dpo.id,
            activity: expect.objectContaining({ name: 'Payroll', version: 1 }),
          },
          {
            version: 2,
            validFrom: t.clock.now().toISOString(),
            validTo: null,
            changedBy: dpo.id,
            activity: expect.objectContaining({ name: 'Payroll and pensions', version: 2 }),
          },
        ],
      });
    });

    it('archives an activity; it leaves the current record but stays in yesterday’s', async () => {
      const archived = await t.as(legal.accessToken).post(`/processing-activities/${newsletter.id}/archive`);
      expect({ status: archived.status, archivedAt: archived.body.archivedAt }).toEqual({
        status: 200,
        archivedAt: t.clock.now().toISOString(),
      });
      expect((await listActivities()).items.map((a) => a.name)).toEqual([
        'Occupational health',
        'Payroll and pensions',
      ]);
      expect((await listActivities({ asOf: yesterday })).items.map((a) => a.name)).toEqual([
        'Newsletter',
        'Occupational health',
        'Payroll',
      ]);
      expect((await listActivities({ asOf: yesterday, q: 'news' })).items.map((a) => a.name)).toEqual([
        'Newsletter',
      ]);
      expect((await listActivities({ q: 'PAYROLL' })).items.map((a) => a.name)).toEqual([
        'Payroll and pensions',
      ]);
      expectProblem(
        await t.as(legal.accessToken).patch(`/processing-activities/${newsletter.id}`, { name: 'Back' }),
        409,
        'ACTIVITY_ARCHIVED',
      );
      await t
        .as(dpo.accessToken)
        .put('/records/profile', {
          controllerName: 'Acme GmbH',
          address: 'Neue Straße 5, 10117 Berlin, Germany',
          contactEmail: 'privacy@acme.example',
          dpo: { name: 'Otto Newdpo', email: 'otto@acme.example' },
        })
        .expect(200);
    });

    it('exports as of yesterday with the old values (JSON, XLSX, CSV); today’s export has the new ones', async () => {
      const old = await exportFile('json', yesterday);
      const doc = JSON.parse(old.bytes.toString('utf8'));
      expect({ asOf: doc.asOf, snapshotAt: doc.snapshotAt, statusesOn: doc.statusesOn }).toEqual({
        asOf: yesterday,
        snapshotAt: `${yesterday}T23:59:59.999Z`,
        statusesOn: yesterday,
      });
      expect(doc.record.controller).toEqual(
        expect.objectContaining({
          address: 'Musterstraße 1, 10115 Berlin, Germany',
          dpo: expect.objectContaining({ name: 'Dana Protect' }),
        }),
      );
      const oldPayroll = doc.record.processingActivities.find((a: { id: string }) => a.id === payroll.id);
      expect(oldPayroll).toEqual(payroll);
      expect(doc.record.processingActivities.map((a: { name: string }) => a.name)).toEqual([
        'Newsletter',
        'Occupational health',
        'Payroll',
      ]);
      expect(doc.record.processorRecord[0].processingCategories).toEqual(['Hosting of the web shop']);
      // Nothing changed that day after the JSON export above: the same state has the same hash.
      expect(old.status.dataSha256).toBe(json.status.dataSha256);

      const xlsx = await exportFile('xlsx', yesterday);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('Controller record')!;
      expect(sheet.getCell('B3').value).toBe('Dana Protect, dpo@acme.example, +49 30 7654321');
      expect(sheet.getCell('B5').value).toBe(`end of ${yesterday} (UTC)`);
      const payrollRow = sheet.getRow(10).values as unknown[];
      expect([payrollRow[1], payrollRow[col('Retention schedule (if possible)') + 1]]).toEqual([
        'Payroll',
        '6 years after the end of employment\nBank Account Information (user.financial.bank_account): 10 years (tax law)',
      ]);

      const csv = csvTable((await exportFile('csv', yesterday)).bytes);
      expect(csv.slice(1).map((r) => r[0])).toEqual(['Newsletter', 'Occupational health', 'Payroll']);

      const now = JSON.parse((await exportFile('json')).bytes.toString('utf8'));
      expect(
        now.record.processingActivities.map((a: { name: string; version: number }) => [a.name, a.version]),
      ).toEqual([
        ['Occupational health', 1],
        ['Payroll and pensions', 2],
      ]);
      expect(now.record.controller.dpo.name).toBe('Otto Newdpo');
    });

    it('leaves every change and every download in the audit trail', async () => {
      const payrollEvents = await allAuditEvents(t, dpo.accessToken, { entityId: payroll.id });
      expect(payrollEvents.map((e) => [e.action, e.actorId])).toEqual([
        ['processing_activity.updated', dpo.id],
        ['processing_activity.created', dpo.id],
      ]);
      expect(payrollEvents[0].after).toEqual(
        expect.objectContaining({
          name: 'Payroll and pensions',
          retention: '10 years after the end of employment',
        }),
      );
      expect(payrollEvents[0].before).toEqual(expect.objectContaining({ name: 'Payroll' }));
      const archived = await allAuditEvents(t, dpo.accessToken, { action: 'processing_activity.archived' });
      expect(archived.map((e) => [e.entityId, e.actorId])).toEqual([[newsletter.id, legal.id]]);
      const downloads = await allAuditEvents(t, dpo.accessToken, { action: 'records_export.downloaded' });
      expect(downloads.length).toBeGreaterThanOrEqual(8);
      expect(downloads.every((e) => e.entityType === 'records_export')).toBe(true);
      const profile = await allAuditEvents(t, dpo.accessToken, { entityType: 'records_profile' });
      expect(profile.map((e) => e.action)).toEqual(['records_profile.updated', 'records_profile.created']);
    });

    it('shows the profile as it was', async () => {
      const old = await t.as(auditor.accessToken).get('/records/profile').query({ asOf: yesterday });
      expect({ status: old.status, address: old.body.address, version: old.body.version }).toEqual({
        status: 200,
        address: 'Musterstraße 1, 10115 Berlin, Germany',
        version: 1,
      });
    });
  });
});
