import { createHash, randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import { REMEDIATION_DAYS } from '../src/monitoring/monitoring.service';
import { addDays, addMonths } from '../src/platform/clock/clock';
import { mailWordsProblems } from './support/mail-words';
import {
  allAuditEvents,
  approveAssessment,
  binaryParser,
  createProcessor,
  engagedProcessor,
  digestLines,
  isDigest,
  isSweepMail,
  nextId,
  postTransferCheck,
  reloginAll,
  runSweep,
  secondOrganization,
  setupOrganization,
  signedAgreement,
  agreementBody,
  TemplateQuestion,
  TestOrganization,
  TestUser,
  staff,
  approvedProcessor,
  ONE_OF_EACH_ROLE,
  NO_SCHEDULED_SWEEP,
  CONTACT,
} from './support/factories';
import { ReceivedMail } from './support/smtp';
import { createTestApp, TestApp } from './support/test-app';
import { settled } from './support/wait';
import { distinctFieldsOf, expectProblem } from './support/problems';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A cron that does not fire while the tests run: the sweep runs only when a test asks for it. */
/** Contact data for e-mail marketing: inside the default agreement scope (user.contact, marketing). */

interface Reason {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function pdfBytes(label: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${label}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );
}

/** A check as the API shows it, before any result. */
function freshCheck(processorId: string, type: string, dueOn: string, status: string, origin: string) {
  return {
    id: expect.stringMatching(UUID),
    processorId,
    type,
    dueOn,
    status,
    origin,
    result: null,
    notes: null,
    performedAt: null,
    performedBy: null,
    evidence: [],
    version: expect.any(Number),
  };
}

describe('scheduled monitoring: checks, findings and the gate', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let legal: TestUser;
  let dpo: TestUser;
  let procurement: TestUser;
  let auditor: TestUser;
  let otherLegal: TestUser;
  let otherDpo: TestUser;
  /** Those who act after the clock moved (each login costs a password hash). */
  let movers: TestUser[];
  const upload = (checkId: string, bytes: Buffer, filename: string, contentType: string, token: string) =>
    t
      .as(token)
      .request('post', `/monitoring-checks/${checkId}/evidence`)
      .attach('file', bytes, { filename, contentType });
  const today = () => t.clock.today();

  const addCheck = async (processorId: string, body: object, token = legal.accessToken) => {
    const res = await t.as(token).post(`/processors/${processorId}/monitoring-checks`, body);
    expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: expect.any(Object) });
    return res.body as { id: string; dueOn: string; status: string; version: number };
  };
  const record = async (checkId: string, body: object, token = legal.accessToken) => {
    const res = await t.as(token).post(`/monitoring-checks/${checkId}/result`, body);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 200, code: undefined });
    return res.body as {
      id: string;
      status: string;
      findings: { id: string; title: string; severity: string; dueOn: string }[];
    };
  };
  const checksOf = async (processorId: string, query: Record<string, string> = {}) => {
    const res = await t
      .as(legal.accessToken)
      .get('/monitoring-checks')
      .query({ processorId, ...query });
    expect(res.status).toBe(200);
    return res.body as { items: Record<string, unknown>[]; total: number; page: number; pageSize: number };
  };
  const gate = (processorId: string) =>
    postTransferCheck(t, procurement.accessToken, { processorId, ...CONTACT });

  /** A 200 gate answer for `processorId` whose reasons are exactly `codes` (in any order). */
  const expectDecision = (res: Response, processorId: string, codes: string[]): Reason[] => {
    expect({
      status: res.status,
      codes: res.status === 200 ? (res.body.reasons as Reason[]).map((r) => r.code).sort() : res.body,
    }).toEqual({ status: 200, codes: [...codes].sort() });
    expect(res.body).toMatchObject({ processorId, eligible: codes.length === 0 });
    return res.body.reasons as Reason[];
  };
  const reasonOf = (res: Response, code: string): Reason => {
    const reason = (res.body.reasons as Reason[]).find((r) => r.code === code);
    if (!reason) throw new Error(`no ${code} in ${JSON.stringify(res.body)}`);
    return reason;
  };

  /** Moves the clock to 09:00 UTC of `day` and logs in again those who act afterwards. */
  const moveTo = async (day: string) => {
    t.clock.set(`${day}T09:00:00.000Z`);
    await reloginAll(t, movers);
  };
  /** A minute later: results recorded one after the other are ordered by time (tokens stay valid). */
  const aMinuteLater = () => t.clock.advance(60_000);

  /** Sweep e-mails (digests) that list `name`, once every queued e-mail has been sent. */
  const sweepMailsAbout = async (name: string): Promise<ReceivedMail[]> => {
    await settled(t);
    return t.smtp.messages.filter((m) => isSweepMail(m) && m.text.includes(name));
  };
  /** A digest's item lines about `name`. */
  const linesAbout = (mail: ReceivedMail, name: string): string[] =>
    digestLines(mail).filter((line) => line.includes(name));

  beforeAll(async () => {
    t = await createTestApp({ env: { SWEEP_CRON: NO_SCHEDULED_SWEEP } });
    org = await setupOrganization(t, { organizationName: 'Acme GmbH' });
    ({ legal, dpo, procurement, auditor } = await staff(t, org, ONE_OF_EACH_ROLE));
    other = await secondOrganization(t, { organizationName: 'Beta AG' });
    ({ otherLegal, otherDpo } = await staff(t, other, { otherLegal: ['legal'], otherDpo: ['dpo'] }));
    movers = [org.admin, legal, dpo, procurement, otherLegal, otherDpo];
  });
  afterAll(() => t?.close());

  describe('the cadence (monitoring settings)', () => {
    it('defaults to 6/12/24 months; admin and DPO set it, keeping high ≤ medium ≤ low; bad input stores nothing', async () => {
      const read = await t.as(auditor.accessToken).get('/monitoring/settings');
      expect({ status: read.status, body: read.body }).toEqual({
        status: 200,
        body: { high: 6, medium: 12, low: 24 },
      });
      expectProblem(await t.as(procurement.accessToken).get('/monitoring/settings'), 403, 'FORBIDDEN');
      for (const user of [legal, auditor, procurement]) {
        expectProblem(
          await t.as(user.accessToken).put('/monitoring/settings', { high: 3, medium: 6, low: 12 }),
          403,
          'FORBIDDEN',
        );
      }

      const inverted = await t
        .as(dpo.accessToken)
        .put('/monitoring/settings', { high: 12, medium: 6, low: 24 });
      expectProblem(inverted, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(inverted)).toEqual(['high']);
      const lowBelowMedium = await t.as(dpo.accessToken).put('/monitoring/settings', {
        high: 6,
        medium: 12,
        low: 6,
      });
      expectProblem(lowBelowMedium, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(lowBelowMedium)).toHaveLength(1);
      const cases: [object, string[]][] = [
        [{ high: 0, medium: 12, low: 24 }, ['high']],
        [{ high: 6, medium: 12, low: 61 }, ['low']],
        [{ high: 6, low: 24 }, ['medium']],
        [{ high: 6.5, medium: 12, low: 24 }, ['high']],
        [{ high: 6, medium: 12, low: 24, organizationId: other.id }, ['organizationId']],
      ];
      for (const [body, fields] of cases) {
        const res = await t.as(dpo.accessToken).put('/monitoring/settings', body);
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect({ body, fields: distinctFieldsOf(res) }).toEqual({ body, fields });
      }
      expect((await t.as(dpo.accessToken).get('/monitoring/settings')).body).toEqual({
        high: 6,
        medium: 12,
        low: 24,
      });

      const equal = await t.as(org.admin.accessToken).put('/monitoring/settings', {
        high: 12,
        medium: 12,
        low: 12,
      });
      expect({ status: equal.status, body: equal.body }).toEqual({
        status: 200,
        body: { high: 12, medium: 12, low: 12 },
      });
      const set = await t.as(dpo.accessToken).put('/monitoring/settings', { high: 3, medium: 6, low: 12 });
      expect({ status: set.status, body: set.body }).toEqual({
        status: 200,
        body: { high: 3, medium: 6, low: 12 },
      });
      expect((await t.as(legal.accessToken).get('/monitoring/settings')).body).toEqual({
        high: 3,
        medium: 6,
        low: 12,
      });
      // Per organisation: Beta still has the defaults.
      expect((await t.as(otherLegal.accessToken).get('/monitoring/settings')).body).toEqual({
        high: 6,
        medium: 12,
        low: 24,
      });

      const events = await allAuditEvents(t, dpo.accessToken, { action: 'monitoring.cadence_updated' });
      // Each change is audited with the fields it changed.
      expect(events.map((e) => ({ actorId: e.actorId, before: e.before, after: e.after }))).toEqual([
        { actorId: dpo.id, before: { high: 12, medium: 12 }, after: { high: 3, medium: 6 } },
        { actorId: org.admin.id, before: { high: 6, low: 24 }, after: { high: 12, low: 12 } },
      ]);
    });
  });

  describe('checks, evidence and findings over HTTP', () => {
    let processor: { id: string; name: string };
    let audit: { id: string; dueOn: string };
    let overdueReview: { id: string; dueOn: string };
    let finding: { id: string; title: string; severity: string; dueOn: string };

    beforeAll(async () => {
      processor = await createProcessor(t, legal.accessToken, { name: `Cloud Mail ${nextId()}` });
    });

    it('legal and the DPO add ad-hoc checks; one already past its due date is overdue at once; bad input is named', async () => {
      const created = await t.as(legal.accessToken).post(`/processors/${processor.id}/monitoring-checks`, {
        type: 'audit',
        dueOn: addDays(today(), 30),
      });
      expect({ status: created.status, body: created.body }).toEqual({
        status: 201,
        body: {
          ...freshCheck(processor.id, 'audit', addDays(today(), 30), 'scheduled', 'ad_hoc'),
          version: 1,
        },
      });
      audit = created.body;

      const late = await t.as(dpo.accessToken).post(`/processors/${processor.id}/monitoring-checks`, {
        type: 'certification_review',
        dueOn: addDays(today(), -1),
      });
      expect({ status: late.status, body: late.body }).toEqual({
        status: 201,
        body: freshCheck(processor.id, 'certification_review', addDays(today(), -1), 'overdue', 'ad_hoc'),
      });
      overdueReview = late.body;

      const cases: [object, string[]][] = [
        [{ type: 'pentest', dueOn: today() }, ['type']],
        [{ type: 'audit', dueOn: '15.01.2026' }, ['dueOn']],
        [{ type: 'audit', dueOn: '2026-02-30' }, ['dueOn']],
        [{}, ['dueOn', 'type']],
        [{ type: 'audit', dueOn: today(), organizationId: other.id }, ['organizationId']],
      ];
      for (const [body, fields] of cases) {
        const res = await t.as(legal.accessToken).post(`/processors/${processor.id}/monitoring-checks`, body);
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect({ body, fields: distinctFieldsOf(res) }).toEqual({ body, fields });
      }
      expectProblem(
        await t.as(legal.accessToken).post(`/processors/${randomUUID()}/monitoring-checks`, {
          type: 'audit',
          dueOn: today(),
        }),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await t.as(legal.accessToken).post('/processors/not-a-uuid/monitoring-checks', {
          type: 'audit',
          dueOn: today(),
        }),
        400,
        'VALIDATION_FAILED',
      );
      for (const user of [procurement, auditor, org.admin]) {
        expectProblem(
          await t.as(user.accessToken).post(`/processors/${processor.id}/monitoring-checks`, {
            type: 'audit',
            dueOn: today(),
          }),
          403,
          'FORBIDDEN',
        );
      }

      // Listing: by processor (earliest due first), by status, by due date.
      const all = await checksOf(processor.id);
      expect(all).toEqual({
        items: [expect.objectContaining({ id: overdueReview.id }), expect.objectContaining({ id: audit.id })],
        total: 2,
        page: 1,
        pageSize: 20,
      });
      expect((await checksOf(processor.id, { status: 'overdue' })).items.map((c) => c.id)).toEqual([
        overdueReview.id,
      ]);
      expect((await checksOf(processor.id, { dueBefore: today() })).items.map((c) => c.id)).toEqual([
        overdueReview.id,
      ]);
      expect((await checksOf(processor.id, { dueBefore: addDays(today(), 31) })).total).toBe(2);
      const badQuery = await t.as(legal.accessToken).get('/monitoring-checks').query({ status: 'late' });
      expectProblem(badQuery, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(badQuery)).toEqual(['status']);

      const one = await t.as(auditor.accessToken).get(`/monitoring-checks/${audit.id}`);
      expect({ status: one.status, body: one.body }).toEqual({ status: 200, body: created.body });

      const events = await allAuditEvents(t, dpo.accessToken, { entityId: audit.id });
      expect(events.map((e) => [e.action, e.actorId])).toEqual([['monitoring_check.created', legal.id]]);
    });

    it('a result documents who, when, the notes and the findings; a second result is refused (409)', async () => {
      const invalid: [object, string[]][] = [
        [{ result: 'ok', notes: 'x' }, ['result']],
        [{ result: 'passed' }, ['notes']],
        [
          { result: 'failed', notes: 'x', findings: [{ severity: 'urgent' }] },
          ['findings[0].severity', 'findings[0].title'],
        ],
        [
          { result: 'failed', notes: 'x', findings: [{ title: 'T', severity: 'low', dueOn: 'soon' }] },
          ['findings[0].dueOn'],
        ],
      ];
      for (const [body, fields] of invalid) {
        const res = await t.as(legal.accessToken).post(`/monitoring-checks/${audit.id}/result`, body);
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect({ body, fields: distinctFieldsOf(res) }).toEqual({ body, fields });
      }
      for (const user of [procurement, auditor, org.admin]) {
        expectProblem(
          await t.as(user.accessToken).post(`/monitoring-checks/${audit.id}/result`, {
            result: 'passed',
            notes: 'x',
          }),
          403,
          'FORBIDDEN',
        );
      }
      expect((await t.as(legal.accessToken).get(`/monitoring-checks/${audit.id}`)).body).toMatchObject({
        status: 'scheduled',
        result: null,
        version: 1,
      });

      t.clock.advance(60_000);
      const notes = 'On-site audit of the Frankfurt data centre; backup restore test not done since 2024.';
      const res = await t.as(legal.accessToken).post(`/monitoring-checks/${audit.id}/result`, {
        result: 'warning',
        notes,
        findings: [
          { title: 'Backup restore not tested', severity: 'medium' },
          { title: 'TLS 1.0 still enabled on the SMTP relay', severity: 'high', dueOn: addDays(today(), 14) },
        ],
      });
      const findingShape = (title: string, severity: string, dueOn: string) => ({
        id: expect.stringMatching(UUID),
        processorId: processor.id,
        source: 'monitoring_check',
        sourceId: audit.id,
        questionId: null,
        title,
        severity,
        status: 'open',
        owner: null,
        dueOn,
        resolution: null,
        overdue: false,
        closedAt: null,
        version: 1,
        createdAt: expect.any(String),
      });
      expect({ status: res.status, body: res.body }).toEqual({
        status: 200,
        body: {
          ...freshCheck(processor.id, 'audit', audit.dueOn, 'warning', 'ad_hoc'),
          id: audit.id,
          result: 'warning',
          notes,
          performedAt: t.clock.now().toISOString(),
          performedBy: legal.id,
          version: 2,
          findings: [
            findingShape('Backup restore not tested', 'medium', addDays(today(), REMEDIATION_DAYS.medium)),
            findingShape('TLS 1.0 still enabled on the SMTP relay', 'high', addDays(today(), 14)),
          ],
        },
      });
      finding = res.body.findings[0];

      const again = await t.as(dpo.accessToken).post(`/monitoring-checks/${audit.id}/result`, {
        result: 'passed',
        notes: 'Second opinion',
      });
      expectProblem(again, 409, 'CHECK_ALREADY_RECORDED');
      expect(again.body.detail).toContain('warning');
      const stored = await t.as(auditor.accessToken).get(`/monitoring-checks/${audit.id}`);
      expect(stored.body).toMatchObject({ result: 'warning', notes, performedBy: legal.id, version: 2 });

      const listed = await t.as(auditor.accessToken).get('/findings').query({ processorId: processor.id });
      expect({ status: listed.status, total: listed.body.total }).toEqual({ status: 200, total: 2 });
      expect((listed.body.items as { title: string }[]).map((f) => f.title).sort()).toEqual([
        'Backup restore not tested',
        'TLS 1.0 still enabled on the SMTP relay',
      ]);
      const one = await t.as(auditor.accessToken).get(`/findings/${finding.id}`);
      expect({ status: one.status, body: one.body }).toEqual({ status: 200, body: res.body.findings[0] });

      const events = await allAuditEvents(t, dpo.accessToken, { entityId: audit.id });
      expect(events.map((e) => [e.action, e.actorId])).toEqual([
        ['monitoring_check.recorded', legal.id],
        ['monitoring_check.created', legal.id],
      ]);
      expect(events[0].after).toMatchObject({ status: 'warning', result: 'warning', notes });
      const created = await allAuditEvents(t, dpo.accessToken, { entityId: finding.id });
      expect(created.map((e) => [e.action, e.actorId])).toEqual([['finding.created', legal.id]]);
    });

    it('evidence files are kept with their SHA-256 and come back byte for byte; other files are refused', async () => {
      const bytes = pdfBytes('SOC 2 Type II report 2025');
      const res = await upload(
        overdueReview.id,
        bytes,
        'soc2-report.pdf',
        'application/pdf',
        dpo.accessToken,
      );
      expect({ status: res.status, body: res.body }).toEqual({
        status: 201,
        body: {
          ...freshCheck(processor.id, 'certification_review', overdueReview.dueOn, 'overdue', 'ad_hoc'),
          id: overdueReview.id,
          evidence: [
            {
              id: expect.stringMatching(UUID),
              filename: 'soc2-report.pdf',
              contentType: 'application/pdf',
              size: bytes.length,
              sha256: sha256(bytes),
            },
          ],
          version: 2,
        },
      });
      const evidenceId: string = res.body.evidence[0].id;

      const download = await t
        .as(auditor.accessToken)
        .get(`/monitoring-checks/${overdueReview.id}/evidence/${evidenceId}`)
        .buffer(true)
        .parse(binaryParser);
      expect(download.status).toBe(200);
      expect(download.headers['content-type']).toMatch(/^application\/pdf/);
      expect(download.headers['content-disposition']).toContain('soc2-report.pdf');
      expect(sha256(download.body as Buffer)).toBe(sha256(bytes));

      const exe = Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(64, 1)]);
      expectProblem(
        await upload(overdueReview.id, exe, 'report.pdf', 'application/pdf', legal.accessToken),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expectProblem(
        await upload(overdueReview.id, exe, 'tool.exe', 'application/x-msdownload', legal.accessToken),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      const none = await t.as(legal.accessToken).post(`/monitoring-checks/${overdueReview.id}/evidence`, {});
      expectProblem(none, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(none)).toEqual(['file']);
      expectProblem(
        await upload(overdueReview.id, bytes, 'x.pdf', 'application/pdf', auditor.accessToken),
        403,
        'FORBIDDEN',
      );
      expectProblem(
        await upload(randomUUID(), bytes, 'x.pdf', 'application/pdf', legal.accessToken),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await t.as(legal.accessToken).get(`/monitoring-checks/${overdueReview.id}/evidence/${randomUUID()}`),
        404,
        'NOT_FOUND',
      );
      const after = await t.as(legal.accessToken).get(`/monitoring-checks/${overdueReview.id}`);
      expect(after.body.evidence).toHaveLength(1);
      expect(after.body.version).toBe(2);

      const events = await allAuditEvents(t, dpo.accessToken, { entityId: overdueReview.id });
      expect(events.map((e) => [e.action, e.actorId])).toEqual([
        ['monitoring_check.evidence_added', dpo.id],
        ['monitoring_check.created', dpo.id],
      ]);
    });

    it('findings: legal and the DPO remediate, only the DPO accepts a risk, closing needs a resolution, every change is audited', async () => {
      const path = `/findings/${finding.id}`;
      const started = await t.as(legal.accessToken).patch(path, {
        status: 'in_progress',
        owner: 'IT security team',
        version: 1,
      });
      expect({ status: started.status, body: started.body }).toEqual({
        status: 200,
        body: { ...(finding as object), status: 'in_progress', owner: 'IT security team', version: 2 },
      });

      const stale = await t.as(legal.accessToken).patch(path, { owner: 'Someone else', version: 1 });
      expectProblem(stale, 409, 'STALE_VERSION');
      expect(stale.body.currentVersion).toBe(2);

      const notDpo = await t.as(legal.accessToken).patch(path, {
        status: 'risk_accepted',
        resolution: 'Legacy clients need TLS 1.0 until June.',
      });
      expectProblem(notDpo, 403, 'RISK_ACCEPTANCE_DPO_ONLY');
      for (const user of [auditor, procurement, org.admin]) {
        expectProblem(
          await t.as(user.accessToken).patch(path, { status: 'resolved', resolution: 'x' }),
          403,
          'FORBIDDEN',
        );
      }

      for (const body of [{ status: 'resolved' }, { status: 'resolved', resolution: '   ' }]) {
        const res = await t.as(dpo.accessToken).patch(path, body);
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(distinctFieldsOf(res)).toEqual(['resolution']);
      }
      const riskWithout = await t.as(dpo.accessToken).patch(path, { status: 'risk_accepted' });
      expectProblem(riskWithout, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(riskWithout)).toEqual(['resolution']);
      const invalid: [object, string[]][] = [
        [{ status: 'closed' }, ['status']],
        [{ dueOn: 'soon' }, ['dueOn']],
        [{ version: 0 }, ['version']],
        [{ severity: 'low' }, ['severity']],
      ];
      for (const [body, fields] of invalid) {
        const res = await t.as(legal.accessToken).patch(path, body);
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect({ body, fields: distinctFieldsOf(res) }).toEqual({ body, fields });
      }
      // None of the refused requests changed it.
      expect((await t.as(auditor.accessToken).get(path)).body).toMatchObject({
        status: 'in_progress',
        owner: 'IT security team',
        resolution: null,
        version: 2,
      });

      t.clock.advance(60_000);
      const resolved = await t.as(legal.accessToken).patch(path, {
        status: 'resolved',
        resolution: 'Restore test of 2026-01-14 documented.',
      });
      expect({ status: resolved.status, body: resolved.body }).toMatchObject({
        status: 200,
        body: {
          status: 'resolved',
          resolution: 'Restore test of 2026-01-14 documented.',
          closedAt: t.clock.now().toISOString(),
          overdue: false,
          version: 3,
        },
      });

      for (const to of ['in_progress', 'risk_accepted']) {
        const illegal = await t.as(dpo.accessToken).patch(path, { status: to, resolution: 'x' });
        expectProblem(illegal, 409, 'ILLEGAL_TRANSITION');
        expect(illegal.body).toMatchObject({ from: 'resolved', to, allowed: ['open'] });
      }

      const reopened = await t.as(legal.accessToken).patch(path, { status: 'open' });
      expect({ status: reopened.status, body: reopened.body }).toMatchObject({
        status: 200,
        body: { status: 'open', closedAt: null, version: 4 },
      });

      const accepted = await t.as(dpo.accessToken).patch(path, {
        status: 'risk_accepted',
        resolution: 'Accepted until the 2027 audit: the data is encrypted at rest and access is logged.',
      });
      expect({ status: accepted.status, body: accepted.body }).toMatchObject({
        status: 200,
        body: {
          status: 'risk_accepted',
          resolution: 'Accepted until the 2027 audit: the data is encrypted at rest and access is logged.',
          closedAt: t.clock.now().toISOString(),
          version: 5,
        },
      });
      const illegal = await t.as(dpo.accessToken).patch(path, { status: 'resolved', resolution: 'x' });
      expectProblem(illegal, 409, 'ILLEGAL_TRANSITION');
      expect(illegal.body).toMatchObject({ from: 'risk_accepted', to: 'resolved', allowed: ['open'] });

      const edited = await t.as(legal.accessToken).patch(path, { owner: null, dueOn: addDays(today(), 200) });
      expect({ status: edited.status, body: edited.body }).toMatchObject({
        status: 200,
        body: { status: 'risk_accepted', owner: null, dueOn: addDays(today(), 200), version: 6 },
      });

      const listed = await t.as(legal.accessToken).get('/findings').query({
        processorId: processor.id,
        status: 'risk_accepted',
      });
      expect(listed.body).toMatchObject({ total: 1, items: [{ id: finding.id, status: 'risk_accepted' }] });
      const badQuery = await t.as(legal.accessToken).get('/findings').query({ status: 'closed' });
      expectProblem(badQuery, 400, 'VALIDATION_FAILED');

      const events = await allAuditEvents(t, dpo.accessToken, { entityId: finding.id });
      expect(events.map((e) => [e.action, e.actorId, e.entityType])).toEqual([
        ['finding.updated', legal.id, 'finding'],
        ['finding.risk_accepted', dpo.id, 'finding'],
        ['finding.open', legal.id, 'finding'],
        ['finding.resolved', legal.id, 'finding'],
        ['finding.in_progress', legal.id, 'finding'],
        ['finding.created', legal.id, 'finding'],
      ]);
      expect(events[1]).toMatchObject({
        before: { status: 'open', closedAt: null },
        after: { status: 'risk_accepted', closedBy: dpo.id },
      });
      expect(events[0]).toMatchObject({
        before: { owner: 'IT security team' },
        after: { owner: null, dueOn: addDays(today(), 200) },
      });
    });

    it('procurement reads no monitoring; the auditor reads everything and changes nothing', async () => {
      for (const route of [
        '/monitoring-checks',
        `/monitoring-checks/${audit.id}`,
        '/findings',
        `/findings/${finding.id}`,
        '/monitoring/settings',
      ]) {
        expectProblem(await t.as(procurement.accessToken).get(route), 403, 'FORBIDDEN');
        const read = await t.as(auditor.accessToken).get(route);
        expect({ route, status: read.status }).toEqual({ route, status: 200 });
      }
      const writes: [string, string, object][] = [
        ['post', `/processors/${processor.id}/monitoring-checks`, { type: 'audit', dueOn: today() }],
        ['post', `/monitoring-checks/${overdueReview.id}/result`, { result: 'passed', notes: 'x' }],
        ['patch', `/findings/${finding.id}`, { owner: 'Auditor' }],
        ['put', '/monitoring/settings', { high: 6, medium: 12, low: 24 }],
        ['post', '/monitoring/sweeps', {}],
      ];
      for (const [method, route, body] of writes) {
        const res =
          method === 'post'
            ? await t.as(auditor.accessToken).post(route, body)
            : method === 'patch'
              ? await t.as(auditor.accessToken).patch(route, body)
              : await t.as(auditor.accessToken).put(route, body);
        expect({ route, status: res.status, code: res.body.code }).toEqual({
          route,
          status: 403,
          code: 'FORBIDDEN',
        });
      }
      // Legal records checks but neither runs the sweep nor sets the cadence.
      expectProblem(await t.as(legal.accessToken).post('/monitoring/sweeps'), 403, 'FORBIDDEN');
      expectProblem(await t.as(procurement.accessToken).post('/monitoring/sweeps'), 403, 'FORBIDDEN');
      expect((await t.as(legal.accessToken).get(`/monitoring-checks/${overdueReview.id}`)).body.status).toBe(
        'overdue',
      );
    });

    it("another organisation's checks and findings answer 404, exactly like unknown ids", async () => {
      const foreign = await createProcessor(t, otherLegal.accessToken, { name: `Beta Vendor ${nextId()}` });
      const foreignCheck = await addCheck(
        foreign.id,
        { type: 'audit', dueOn: today() },
        otherLegal.accessToken,
      );
      const foreignRecorded = await record(
        foreignCheck.id,
        {
          result: 'failed',
          notes: 'Beta audit',
          findings: [{ title: 'Beta finding', severity: 'critical' }],
        },
        otherDpo.accessToken,
      );
      const foreignFinding = foreignRecorded.findings[0];

      for (const [id, findingId] of [
        [foreignCheck.id, foreignFinding.id],
        [randomUUID(), randomUUID()],
      ]) {
        expectProblem(await t.as(legal.accessToken).get(`/monitoring-checks/${id}`), 404, 'NOT_FOUND');
        expectProblem(
          await t
            .as(legal.accessToken)
            .post(`/monitoring-checks/${id}/result`, { result: 'passed', notes: 'x' }),
          404,
          'NOT_FOUND',
        );
        expectProblem(
          await upload(id, pdfBytes('x'), 'x.pdf', 'application/pdf', legal.accessToken),
          404,
          'NOT_FOUND',
        );
        expectProblem(await t.as(dpo.accessToken).get(`/findings/${findingId}`), 404, 'NOT_FOUND');
        expectProblem(
          await t.as(dpo.accessToken).patch(`/findings/${findingId}`, {
            status: 'risk_accepted',
            resolution: 'x',
          }),
          404,
          'NOT_FOUND',
        );
      }
      expectProblem(
        await t.as(legal.accessToken).post(`/processors/${foreign.id}/monitoring-checks`, {
          type: 'audit',
          dueOn: today(),
        }),
        404,
        'NOT_FOUND',
      );
      expect(
        (await t.as(legal.accessToken).get('/monitoring-checks').query({ processorId: foreign.id })).body,
      ).toEqual({
        items: [],
        total: 0,
        page: 1,
        pageSize: 20,
      });
      expect(
        (await t.as(dpo.accessToken).get('/findings').query({ processorId: foreign.id })).body,
      ).toMatchObject({
        items: [],
        total: 0,
      });
      // And Beta sees none of Acme's.
      expectProblem(
        await t.as(otherLegal.accessToken).get(`/monitoring-checks/${audit.id}`),
        404,
        'NOT_FOUND',
      );
      expectProblem(await t.as(otherDpo.accessToken).get(`/findings/${finding.id}`), 404, 'NOT_FOUND');
      const betaChecks = await t.as(otherLegal.accessToken).get('/monitoring-checks');
      expect(betaChecks.body.items.map((c: { id: string }) => c.id)).toEqual([foreignCheck.id]);
      // Nothing of Beta's changed.
      expect((await t.as(otherDpo.accessToken).get(`/findings/${foreignFinding.id}`)).body).toMatchObject({
        status: 'open',
        version: 1,
      });
    });
  });

  describe('overdue findings as a filter', () => {
    it('lists the findings past their due date while open, or the others, and counts each', async () => {
      const processor = await createProcessor(t, legal.accessToken, { name: `Late Fixes ${nextId()}` });
      const check = await addCheck(processor.id, { type: 'audit', dueOn: today() });
      const recorded = await record(check.id, {
        result: 'failed',
        notes: 'Three findings, two of them already past the dates the processor promised.',
        findings: [
          { title: 'Patch backlog', severity: 'high', dueOn: addDays(today(), -3) },
          { title: 'Stale admin accounts', severity: 'medium', dueOn: addDays(today(), -1) },
          { title: 'Missing DR drill', severity: 'low', dueOn: addDays(today(), 10) },
          { title: 'Due today', severity: 'low', dueOn: today() },
        ],
      });
      const id = (title: string) =>
        (recorded.findings as { id: string; title: string }[]).find((f) => f.title === title)!.id;
      // A resolved finding is no longer overdue, whatever its due date.
      const resolved = await t.as(legal.accessToken).patch(`/findings/${id('Stale admin accounts')}`, {
        status: 'resolved',
        resolution: 'Accounts removed; quarterly review scheduled.',
      });
      expect(resolved.status).toBe(200);

      const list = async (query: Record<string, string>) => {
        const res = await t
          .as(dpo.accessToken)
          .get('/findings')
          .query({ processorId: processor.id, ...query });
        expect(res.status).toBe(200);
        return {
          total: res.body.total as number,
          items: (res.body.items as { title: string; overdue: boolean }[]).map((f) => [f.title, f.overdue]),
        };
      };
      expect(await list({ overdue: 'true' })).toEqual({ total: 1, items: [['Patch backlog', true]] });
      expect(await list({ overdue: 'false' })).toEqual({
        total: 3,
        items: [
          ['Stale admin accounts', false],
          ['Due today', false],
          ['Missing DR drill', false],
        ],
      });
      expect(await list({ overdue: 'true', status: 'resolved' })).toEqual({ total: 0, items: [] });
      expect(await list({ overdue: 'false', status: 'resolved' })).toEqual({
        total: 1,
        items: [['Stale admin accounts', false]],
      });
      expect(await list({ overdue: 'true', pageSize: '1' })).toMatchObject({ total: 1 });

      const bad = await t.as(dpo.accessToken).get('/findings').query({ overdue: 'maybe' });
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(bad)).toEqual(['overdue']);
    });
  });

  describe('the gate follows monitoring (issue 7)', () => {
    it('approval opens a finding for each failed assessment question', async () => {
      const processor = await createProcessor(t, legal.accessToken, { name: `Backup Vault ${nextId()}` });
      let failedQuestion: TemplateQuestion | undefined;
      const approved = await approveAssessment(t, legal.accessToken, dpo.accessToken, processor.id, (q) => {
        if (!failedQuestion && !q.critical && q.answerType === 'boolean' && q.expected?.equals === true)
          failedQuestion = q;
        return q === failedQuestion;
      });
      expect(failedQuestion).toBeDefined();
      const scored = approved.findings as { questionId: string; severity: string }[];
      expect(scored.map((f) => f.questionId)).toEqual([failedQuestion!.id]);
      const severity = scored[0].severity as keyof typeof REMEDIATION_DAYS;

      const res = await t.as(dpo.accessToken).get('/findings').query({ processorId: processor.id });
      expect({ status: res.status, body: res.body }).toEqual({
        status: 200,
        body: {
          items: [
            {
              id: expect.stringMatching(UUID),
              processorId: processor.id,
              source: 'assessment',
              sourceId: approved.id,
              questionId: failedQuestion!.id,
              title: expect.stringContaining(failedQuestion!.id),
              severity,
              status: 'open',
              owner: null,
              dueOn: addDays(today(), REMEDIATION_DAYS[severity]),
              resolution: null,
              overdue: false,
              closedAt: null,
              version: 1,
              createdAt: expect.any(String),
            },
          ],
          total: 1,
          page: 1,
          pageSize: 20,
        },
      });
    });

    it('only the DPO closes a critical finding: legal gets 403 CRITICAL_FINDING_DPO_ONLY and the finding stays as it was', async () => {
      const processor = await createProcessor(t, legal.accessToken, { name: `Ledger Cloud ${nextId()}` });
      let failedCritical: TemplateQuestion | undefined;
      let failedOther: TemplateQuestion | undefined;
      await approveAssessment(t, legal.accessToken, dpo.accessToken, processor.id, (q) => {
        if (!failedCritical && q.critical && q.answerType === 'boolean') failedCritical = q;
        if (!failedOther && !q.critical && q.answerType === 'boolean' && q.expected?.equals === true)
          failedOther = q;
        return q === failedCritical || q === failedOther;
      });
      const listed = await t.as(dpo.accessToken).get('/findings').query({ processorId: processor.id });
      const items = listed.body.items as {
        id: string;
        questionId: string;
        severity: string;
        version: number;
      }[];
      const critical = items.find((f) => f.questionId === failedCritical!.id)!;
      const other = items.find((f) => f.questionId === failedOther!.id)!;
      expect({ critical: critical.severity, other: other.severity === 'critical' }).toEqual({
        critical: 'critical',
        other: false,
      });
      const path = `/findings/${critical.id}`;
      const before = (await t.as(legal.accessToken).get(path)).body;

      // Legal works on it and may write the resolution down, but closing it is the DPO's decision.
      const resolve = await t.as(legal.accessToken).patch(path, {
        status: 'resolved',
        resolution: 'MFA enforced for all administrators.',
      });
      expectProblem(resolve, 403, 'CRITICAL_FINDING_DPO_ONLY');
      const accept = await t.as(legal.accessToken).patch(path, {
        status: 'risk_accepted',
        resolution: 'Accepted until the migration.',
      });
      expect(accept.status).toBe(403);
      expect(['RISK_ACCEPTANCE_DPO_ONLY', 'CRITICAL_FINDING_DPO_ONLY']).toContain(accept.body.code);
      expect((await t.as(legal.accessToken).get(path)).body).toEqual(before);

      const working = await t
        .as(legal.accessToken)
        .patch(path, { status: 'in_progress', owner: 'IT operations' });
      expect({ status: working.status, findingStatus: working.body.status }).toEqual({
        status: 200,
        findingStatus: 'in_progress',
      });
      // A finding that is not critical legal may close.
      const otherResolved = await t.as(legal.accessToken).patch(`/findings/${other.id}`, {
        status: 'resolved',
        resolution: 'Procedure documented.',
      });
      expect({ status: otherResolved.status, findingStatus: otherResolved.body.status }).toEqual({
        status: 200,
        findingStatus: 'resolved',
      });

      const closed = await t.as(dpo.accessToken).patch(path, {
        status: 'resolved',
        resolution: 'MFA enforced for all administrators; verified in the admin console.',
      });
      expect({ status: closed.status, body: closed.body }).toMatchObject({
        status: 200,
        body: { status: 'resolved', closedAt: expect.any(String) },
      });
    });

    it('a failed check with a critical finding blocks until the finding is resolved and a later check of that type passes', async () => {
      const { processor } = await engagedProcessor(t, legal.accessToken, dpo.accessToken, {
        name: `Payroll Cloud ${nextId()}`,
      });
      expectDecision(await gate(processor.id), processor.id, []);

      const audit = await addCheck(processor.id, { type: 'audit', dueOn: today() });
      const failed = await record(audit.id, {
        result: 'failed',
        notes: 'On-site audit: administrator accounts are shared; no restore test.',
        findings: [
          { title: 'Shared administrator accounts', severity: 'critical' },
          { title: 'No restore test', severity: 'medium' },
        ],
      });
      expect(failed).toMatchObject({ status: 'failed', result: 'failed', performedBy: legal.id });
      const critical = failed.findings.find((f) => f.severity === 'critical')!;
      expect(critical).toMatchObject({
        title: 'Shared administrator accounts',
        status: 'open',
        dueOn: addDays(today(), REMEDIATION_DAYS.critical),
      });

      const blocked = await gate(processor.id);
      expectDecision(blocked, processor.id, ['MONITORING_OVERDUE', 'OPEN_CRITICAL_FINDING']);
      expect(reasonOf(blocked, 'OPEN_CRITICAL_FINDING').details).toEqual({
        findings: [{ id: critical.id, title: 'Shared administrator accounts' }],
      });
      expect(reasonOf(blocked, 'MONITORING_OVERDUE').details).toEqual({
        checks: [{ id: audit.id, type: 'audit', dueOn: audit.dueOn, status: 'failed' }],
      });
      expect(reasonOf(blocked, 'OPEN_CRITICAL_FINDING').message).toContain(processor.name);

      aMinuteLater();
      const inProgress = await t.as(legal.accessToken).patch(`/findings/${critical.id}`, {
        status: 'in_progress',
      });
      expect({ status: inProgress.status, findingStatus: inProgress.body.status }).toEqual({
        status: 200,
        findingStatus: 'in_progress',
      });
      expectDecision(await gate(processor.id), processor.id, ['MONITORING_OVERDUE', 'OPEN_CRITICAL_FINDING']);

      const resolved = await t.as(dpo.accessToken).patch(`/findings/${critical.id}`, {
        status: 'resolved',
        resolution: 'Personal administrator accounts with MFA since 2026-01-15.',
      });
      expect({ status: resolved.status, findingStatus: resolved.body.status }).toEqual({
        status: 200,
        findingStatus: 'resolved',
      });
      const stillFailed = await gate(processor.id);
      expectDecision(stillFailed, processor.id, ['MONITORING_OVERDUE']);
      expect(reasonOf(stillFailed, 'MONITORING_OVERDUE').details).toEqual({
        checks: [{ id: audit.id, type: 'audit', dueOn: audit.dueOn, status: 'failed' }],
      });

      // A passing check of another type does not lift a failed audit.
      aMinuteLater();
      const review = await addCheck(processor.id, { type: 'periodic_review', dueOn: today() });
      await record(review.id, { result: 'passed', notes: 'Periodic review without remarks.' });
      expectDecision(await gate(processor.id), processor.id, ['MONITORING_OVERDUE']);

      // Nor does a later audit with only a warning: the issue asks for a check of that type that passes.
      aMinuteLater();
      const warned = await addCheck(processor.id, { type: 'audit', dueOn: today() });
      await record(warned.id, { result: 'warning', notes: 'Follow-up audit: partly fixed.' });
      expectDecision(await gate(processor.id), processor.id, ['MONITORING_OVERDUE']);

      // A later audit that passes does.
      aMinuteLater();
      const reAudit = await addCheck(processor.id, { type: 'audit', dueOn: today() }, dpo.accessToken);
      const passed = await record(
        reAudit.id,
        { result: 'passed', notes: 'Follow-up audit: fixed.' },
        dpo.accessToken,
      );
      expect(passed).toMatchObject({ status: 'passed', result: 'passed', performedBy: dpo.id, findings: [] });
      const open = await gate(processor.id);
      expectDecision(open, processor.id, []);
      expect(open.body.reasons).toEqual([]);
    });

    it('an ad-hoc check past its due date blocks the gate; the sweep marks it overdue and escalates to the DPO; a passing result opens the gate', async () => {
      const { processor } = await engagedProcessor(t, legal.accessToken, dpo.accessToken, {
        name: `Shop Hosting ${nextId()}`,
      });
      const dueOn = addDays(today(), 10);
      const check = await addCheck(processor.id, { type: 'agreement_review', dueOn });
      expect(check).toMatchObject({ status: 'scheduled', dueOn });
      expectDecision(await gate(processor.id), processor.id, []);
      // Beta has a check due the same day: Acme's sweep leaves it alone.
      const betaProcessor = await createProcessor(t, otherLegal.accessToken, {
        name: `Beta Hosting ${nextId()}`,
      });
      const betaCheck = await addCheck(
        betaProcessor.id,
        { type: 'agreement_review', dueOn },
        otherLegal.accessToken,
      );

      // On its due date it is not overdue yet; the day after it is, before any sweep has run.
      await moveTo(dueOn);
      expectDecision(await gate(processor.id), processor.id, []);
      await moveTo(addDays(dueOn, 1));
      const refused = await gate(processor.id);
      expectDecision(refused, processor.id, ['MONITORING_OVERDUE']);
      expect(reasonOf(refused, 'MONITORING_OVERDUE').details).toEqual({
        checks: [{ id: check.id, type: 'agreement_review', dueOn, status: 'overdue' }],
      });
      expect((await t.as(legal.accessToken).get(`/monitoring-checks/${check.id}`)).body.status).toBe(
        'scheduled',
      );

      const run = await runSweep(t, dpo.accessToken);
      expect(run).toMatchObject({ organizationId: org.id, trigger: 'manual', day: today() });
      expect(run.stats).toMatchObject({
        checksOverdue: expect.any(Number),
        remindersQueued: expect.any(Number),
      });
      expect(run.stats!.checksOverdue).toBeGreaterThanOrEqual(1);
      const marked = await t.as(legal.accessToken).get(`/monitoring-checks/${check.id}`);
      expect(marked.body).toMatchObject({ status: 'overdue', result: null, version: 2 });
      const markedEvents = await allAuditEvents(t, dpo.accessToken, {
        entityId: check.id,
        action: 'monitoring_check.overdue',
      });
      expect(markedEvents.map((e) => [e.actorType, e.actorId, e.before, e.after])).toEqual([
        ['system', null, { status: 'scheduled', version: 1 }, { status: 'overdue', version: 2 }],
      ]);

      await t.smtp.waitFor((all) => all.some((m) => isSweepMail(m) && m.text.includes(processor.name)));
      const mails = await sweepMailsAbout(processor.name);
      expect(
        mails.map((m) => ({ to: m.to, digest: isDigest(m), lines: linesAbout(m, processor.name) })),
      ).toEqual([
        {
          to: [dpo.email],
          digest: true,
          lines: [
            `- Agreement review of ${processor.name} (due ${dueOn}, 1 day overdue): ${t.config.publicUrl}/monitoring`,
          ],
        },
      ]);
      expect(mails[0].text).toContain('Overdue monitoring checks (');
      expect(mails[0].text).toContain(
        'Until a result is recorded, Custos refuses transfers to these processors.',
      );
      // The checks have no page of their own in the console yet: the link goes to the monitoring area.
      expect(mailWordsProblems(mails[0], `${t.config.publicUrl}/monitoring`)).toEqual([]);

      // The sweep someone asks for covers their organisation only; Beta's DPO runs Beta's.
      expect((await t.as(otherLegal.accessToken).get(`/monitoring-checks/${betaCheck.id}`)).body.status).toBe(
        'scheduled',
      );
      expect(await sweepMailsAbout(betaProcessor.name)).toEqual([]);
      const betaRun = await runSweep(t, otherDpo.accessToken);
      expect(betaRun).toMatchObject({ organizationId: other.id, trigger: 'manual' });
      expect((await t.as(otherLegal.accessToken).get(`/monitoring-checks/${betaCheck.id}`)).body.status).toBe(
        'overdue',
      );
      const betaMails = await sweepMailsAbout(betaProcessor.name);
      expect(betaMails.map((m) => m.to)).toEqual([[otherDpo.email]]);
      expect(await sweepMailsAbout(processor.name)).toHaveLength(1);

      const passed = await record(check.id, { result: 'passed', notes: 'DPA reviewed, still adequate.' });
      expect(passed).toMatchObject({ status: 'passed', result: 'passed', findings: [] });
      expectDecision(await gate(processor.id), processor.id, []);
      // Exactly one periodic check is planned for it, at the cadence.
      const planned = await checksOf(processor.id, { status: 'scheduled' });
      expect(planned.items).toEqual([
        expect.objectContaining({ type: 'periodic_review', origin: 'cadence' }),
      ]);

      // A second sweep that day escalates nothing again.
      aMinuteLater();
      await runSweep(t, org.admin.accessToken);
      expect(await sweepMailsAbout(processor.name)).toHaveLength(1);
    });

    it('approval plans the periodic check at the cadence; past its due date the gate refuses; the sweep marks it and tells the DPO; a passing result opens the gate and plans the next', async () => {
      const cadence = await t
        .as(dpo.accessToken)
        .put('/monitoring/settings', { high: 3, medium: 6, low: 12 });
      expect(cadence.status).toBe(200);
      const { processor, assessment: approved } = await approvedProcessor(
        t,
        legal.accessToken,
        dpo.accessToken,
        {
          name: `Newsletter Mail ${nextId()}`,
        },
      );
      expect(approved).toMatchObject({ status: 'approved', riskRating: 'low' });
      const approvedOn = today();
      const dueOn = addMonths(approvedOn, 12);

      const planned = await checksOf(processor.id);
      expect(planned).toEqual({
        items: [freshCheck(processor.id, 'periodic_review', dueOn, 'scheduled', 'cadence')],
        total: 1,
        page: 1,
        pageSize: 20,
      });
      const checkId = planned.items[0].id as string;
      await signedAgreement(t, legal.accessToken, processor.id, agreementBody(today()));
      expectDecision(await gate(processor.id), processor.id, []);

      // Within 30 days of its due date the sweep marks it due; the gate still lets data through.
      await moveTo(addDays(dueOn, -20));
      await runSweep(t, dpo.accessToken);
      expect((await t.as(legal.accessToken).get(`/monitoring-checks/${checkId}`)).body.status).toBe('due');
      expectDecision(await gate(processor.id), processor.id, []);

      // The day after its due date the gate refuses (the assessment, valid 24 months, still is).
      await moveTo(addDays(dueOn, 1));
      const refused = await gate(processor.id);
      expectDecision(refused, processor.id, ['MONITORING_OVERDUE']);
      expect(reasonOf(refused, 'MONITORING_OVERDUE').details).toEqual({
        checks: [{ id: checkId, type: 'periodic_review', dueOn, status: 'overdue' }],
      });

      await runSweep(t, dpo.accessToken);
      expect((await t.as(legal.accessToken).get(`/monitoring-checks/${checkId}`)).body.status).toBe(
        'overdue',
      );
      await t.smtp.waitFor((all) => all.some((m) => isSweepMail(m) && m.text.includes(processor.name)));
      const mails = await sweepMailsAbout(processor.name);
      expect(mails.map((m) => ({ to: m.to, lines: linesAbout(m, processor.name) }))).toEqual([
        {
          to: [dpo.email],
          lines: [
            `- Periodic review of ${processor.name} (due ${dueOn}, 1 day overdue): ${t.config.publicUrl}/monitoring`,
          ],
        },
      ]);

      const passed = await record(checkId, {
        result: 'passed',
        notes: 'Annual review: SOC 2 report 2026 read.',
      });
      expect(passed).toMatchObject({ status: 'passed', performedBy: legal.id });
      expectDecision(await gate(processor.id), processor.id, []);
      const next = await checksOf(processor.id, { status: 'scheduled' });
      expect(next.items).toEqual([
        freshCheck(processor.id, 'periodic_review', addMonths(today(), 12), 'scheduled', 'cadence'),
      ]);
    });
  });
});
