import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Response } from 'supertest';
import { humanUtc } from '../src/platform/clock/clock';
import {
  allAuditEvents,
  binaryParser,
  createProcessor,
  createUser,
  engagedProcessor,
  postTransferCheck,
  reloginAll,
  secondOrganization,
  setupOrganization,
  TestOrganization,
  TestUser,
  staff,
  ONE_OF_EACH_ROLE,
  NO_SCHEDULED_SWEEP,
  CONTACT,
} from './support/factories';
import { ReceivedMail } from './support/smtp';
import { keepForReview } from './support/review';
import { createTestApp, TestApp } from './support/test-app';
import { settled } from './support/wait';
import { distinctFieldsOf, expectProblem } from './support/problems';

const HOUR = 3_600_000;

interface Reason {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A PDF's text (pdftotext), once qpdf found it valid; whitespace removed so that line breaks do not matter. */
function validPdfText(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'custos-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, bytes);
    expect(execFileSync('qpdf', ['--check', file]).toString()).toContain(
      'No syntax or stream encoding errors',
    );
    return execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The expected strings that `flat` (from validPdfText) lacks. */
const missingIn = (flat: string, expected: string[]) =>
  expected.filter((e) => !flat.includes(e.replace(/\s+/g, '')));

describe('personal-data breaches notified by processors', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let legal: TestUser;
  let dpo: TestUser;
  let procurement: TestUser;
  let auditor: TestUser;
  let otherLegal: TestUser;
  let movers: TestUser[];
  let engaged: { id: string; name: string };
  let breachId: string;
  const gate = (processorId: string) =>
    postTransferCheck(t, procurement.accessToken, { processorId, ...CONTACT });
  const codesOf = (res: Response) => {
    expect(res.status).toBe(200);
    return (res.body.reasons as Reason[]).map((r) => r.code).sort();
  };
  const reasonOf = (res: Response, code: string): Reason => {
    const reason = (res.body.reasons as Reason[]).find((r) => r.code === code);
    if (!reason) throw new Error(`no ${code} in ${JSON.stringify(res.body)}`);
    return reason;
  };
  const countFor = async (processorId: string) => {
    const res = await t.as(legal.accessToken).get('/incidents').query({ processorId });
    expect(res.status).toBe(200);
    return res.body.total as number;
  };
  /** Breach e-mails whose subject names `name`, once every e-mail due by the clock has been sent. */
  const mailsAbout = async (name: string): Promise<ReceivedMail[]> => {
    await settled(t);
    return t.smtp.messages.filter((m) => m.subject.includes(name));
  };
  const moveBy = async (ms: number) => {
    t.clock.advance(ms);
    await reloginAll(t, movers);
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { SWEEP_CRON: NO_SCHEDULED_SWEEP } });
    org = await setupOrganization(t, { organizationName: 'Acme GmbH' });
    ({ legal, dpo, procurement, auditor } = await staff(t, org, ONE_OF_EACH_ROLE));
    other = await secondOrganization(t, { organizationName: 'Beta AG' });
    otherLegal = await createUser(t, other.admin.accessToken, { roles: ['legal'] });
    movers = [legal, dpo, procurement, auditor, otherLegal];
    const { processor } = await engagedProcessor(t, legal.accessToken, dpo.accessToken, {
      name: 'Mailo GmbH',
    });
    engaged = processor;
  });
  afterAll(() => t?.close());

  it('a breach notice closes the gate, starts the 72-hour clock and reaches the DPO and legal', async () => {
    expect(codesOf(await gate(engaged.id))).toEqual([]);
    const now = t.clock.now().getTime();
    const notice = {
      title: 'Newsletter list exposed by a misconfigured bucket',
      nature: 'A storage bucket holding the newsletter export was publicly readable for 9 hours.',
      processorReference: 'MAILO-SEC-118',
      occurredAt: iso(now - 20 * HOUR),
      detectedAt: iso(now - 11 * HOUR),
      reportedAt: iso(now - 2 * HOUR),
      dataCategories: ['user.contact.email'],
      dataSubjectCategories: ['customer'],
      approxSubjectCount: 12_500,
      approxRecordCount: 12_500,
      contactPoint: { name: 'Mailo Security Desk', email: 'security@mailo.example' },
      likelyConsequences: 'Phishing aimed at the customers whose addresses were exposed.',
      measures: 'Bucket made private, access logs under review.',
    };
    const created = await t.as(legal.accessToken).post(`/processors/${engaged.id}/incidents`, notice);
    expect({ status: created.status, body: created.body }).toEqual({
      status: 201,
      body: {
        ...notice,
        id: expect.any(String),
        processorId: engaged.id,
        processorName: 'Mailo GmbH',
        status: 'open',
        awareAt: notice.reportedAt,
        endedAt: null,
        specialCategories: [],
        crossBorder: null,
        leadAuthority: null,
        dataEncrypted: null,
        encryptionNote: null,
        authorityName: null,
        subjectsNoticeChannel: null,
        subjectsNotifiedCount: null,
        subjectsNoticeContent: null,
        notificationDeadline: iso(now + 70 * HOUR),
        authorityNotice: 'pending',
        riskLevel: null,
        riskRationale: null,
        authorityNotifiedAt: null,
        authorityReference: null,
        delayReason: null,
        subjectNoticeRequired: false,
        subjectsNotifiedAt: null,
        subjectNoticeExemption: null,
        resolution: null,
        closedAt: null,
        documents: [],
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        asOf: iso(now),
      },
    });
    breachId = created.body.id;

    const [mail, ...more] = await mailsAbout('Breach at Mailo GmbH');
    expect(more).toEqual([]);
    expect(mail.to.sort()).toEqual([dpo.email, legal.email].sort());
    expect(mail.subject).toBe(
      `Breach at Mailo GmbH: notify the authority by ${humanUtc(new Date(now + 70 * HOUR))} unless no risk is likely`,
    );
    expect(mail.text).toContain(notice.title);
    expect(mail.text).toContain(notice.nature);
    expect(mail.text).toContain('Data subjects (approx.):   12500');
    expect(mail.text).toContain('70 hours remain');
    expect(mail.text).toContain(`${t.config.publicUrl}/breaches/${breachId}`);
    expect(mail.text).not.toMatch(/\/api\/v1|GET |POST |PATCH /);

    const refused = await gate(engaged.id);
    expect(codesOf(refused)).toEqual(['OPEN_BREACH']);
    expect(reasonOf(refused, 'OPEN_BREACH')).toEqual({
      code: 'OPEN_BREACH',
      message: 'A personal-data breach at Mailo GmbH is still open.',
      details: {
        breaches: [
          { id: breachId, title: notice.title, processorId: engaged.id, processorName: 'Mailo GmbH' },
        ],
      },
    });

    const read = await t.as(auditor.accessToken).get(`/incidents/${breachId}`);
    expect({ status: read.status, body: read.body }).toEqual({ status: 200, body: created.body });
    const list = await t.as(dpo.accessToken).get('/incidents').query({ status: 'open' });
    expect({
      status: list.status,
      ids: list.body.items.map((i: { id: string }) => i.id),
      total: list.body.total,
    }).toEqual({ status: 200, ids: [breachId], total: 1 });
    const events = await allAuditEvents(t, dpo.accessToken, { entityType: 'incident', entityId: breachId });
    expect(events.map((e) => [e.action, e.actorId])).toEqual([['incident.reported', legal.id]]);
    expect(events[0].after).toMatchObject({ title: notice.title, processorId: engaged.id });
  });

  it('bad input answers 4xx naming the field, stores nothing; roles and organisations are kept apart', async () => {
    const before = await countFor(engaged.id);
    const valid = { title: 'Lost laptop', nature: 'An unencrypted laptop was stolen.' };
    const future = iso(t.clock.now().getTime() + HOUR);
    const cases: [object, string[]][] = [
      [{ nature: valid.nature }, ['title']],
      [{ ...valid, severity: 'high' }, ['severity']],
      [{ ...valid, approxSubjectCount: -1 }, ['approxSubjectCount']],
      [{ ...valid, reportedAt: 'yesterday' }, ['reportedAt']],
      [{ ...valid, reportedAt: future }, ['reportedAt']],
      [{ ...valid, dataCategories: ['user.contact.email', 'user.shoe_size'] }, ['dataCategories[1]']],
      [{ ...valid, dataSubjectCategories: ['martians'] }, ['dataSubjectCategories[0]']],
      [
        {
          ...valid,
          occurredAt: iso(t.clock.now().getTime() - HOUR),
          detectedAt: iso(t.clock.now().getTime() - 2 * HOUR),
        },
        ['detectedAt'],
      ],
      [{ ...valid, contactPoint: { name: 'Desk', email: 'not-an-address' } }, ['contactPoint.email']],
      [{ ...valid, riskLevel: 'catastrophic' }, ['riskLevel']],
    ];
    for (const [body, fields] of cases) {
      const res = await t.as(legal.accessToken).post(`/processors/${engaged.id}/incidents`, body);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect({ body, fields: distinctFieldsOf(res) }).toEqual({ body, fields });
    }
    expectProblem(
      await t.as(legal.accessToken).post(`/processors/${randomUUID()}/incidents`, valid),
      404,
      'NOT_FOUND',
    );
    for (const user of [procurement, auditor]) {
      expectProblem(
        await t.as(user.accessToken).post(`/processors/${engaged.id}/incidents`, valid),
        403,
        'FORBIDDEN',
      );
      expectProblem(
        await t.as(user.accessToken).patch(`/incidents/${breachId}`, { measures: 'x' }),
        403,
        'FORBIDDEN',
      );
    }
    expectProblem(await t.as(procurement.accessToken).get('/incidents'), 403, 'FORBIDDEN');
    expectProblem(await t.as(procurement.accessToken).get(`/incidents/${breachId}`), 403, 'FORBIDDEN');

    expectProblem(await t.as(otherLegal.accessToken).get(`/incidents/${breachId}`), 404, 'NOT_FOUND');
    expectProblem(
      await t.as(otherLegal.accessToken).patch(`/incidents/${breachId}`, { measures: 'x' }),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await t.as(otherLegal.accessToken).post(`/processors/${engaged.id}/incidents`, valid),
      404,
      'NOT_FOUND',
    );
    const theirs = await t.as(otherLegal.accessToken).get('/incidents');
    expect({ status: theirs.status, total: theirs.body.total }).toEqual({ status: 200, total: 0 });
    expect(await countFor(engaged.id)).toBe(before);
  });

  it("keeps the processor's notice and other documents with the breach, hashed, for legal, the DPO and the auditor", async () => {
    const notice = Buffer.from(
      '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
    );
    const upload = (token: string, bytes: Buffer, filename: string, contentType: string, id = breachId) =>
      t
        .as(token)
        .request('post', `/incidents/${id}/documents`)
        .attach('file', bytes, { filename, contentType });
    const res = await upload(legal.accessToken, notice, 'Mailo breach notice.pdf', 'application/pdf');
    expect({ status: res.status, documents: res.body.documents }).toEqual({
      status: 201,
      documents: [
        {
          id: expect.any(String),
          filename: 'Mailo breach notice.pdf',
          contentType: 'application/pdf',
          size: notice.length,
          sha256: createHash('sha256').update(notice).digest('hex'),
        },
      ],
    });
    const documentId = res.body.documents[0].id as string;
    const file = await t
      .as(auditor.accessToken)
      .get(`/incidents/${breachId}/documents/${documentId}`)
      .buffer(true)
      .parse(binaryParser);
    expect({
      status: file.status,
      type: file.headers['content-type'],
      same: notice.equals(file.body as Buffer),
    }).toEqual({
      status: 200,
      type: 'application/pdf',
      same: true,
    });

    expectProblem(
      await upload(legal.accessToken, Buffer.from('MZ\x90\x00'), 'notice.pdf', 'application/pdf'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectProblem(await upload(auditor.accessToken, notice, 'n.pdf', 'application/pdf'), 403, 'FORBIDDEN');
    expectProblem(await upload(otherLegal.accessToken, notice, 'n.pdf', 'application/pdf'), 404, 'NOT_FOUND');
    const theirs = await t.as(otherLegal.accessToken).get(`/incidents/${breachId}/documents/${documentId}`);
    expectProblem(theirs, 404, 'NOT_FOUND');
    const unknown = await t.as(legal.accessToken).get(`/incidents/${breachId}/documents/${randomUUID()}`);
    expectProblem(unknown, 404, 'NOT_FOUND');
    const after = await t.as(legal.accessToken).get(`/incidents/${breachId}`);
    expect(after.body.documents).toHaveLength(1);
  });

  it('closing needs what Art. 33(5) and Art. 34 ask for; a closed breach opens the gate and may reopen', async () => {
    const path = `/incidents/${breachId}`;
    const bare = await t.as(legal.accessToken).patch(path, { status: 'closed' });
    expectProblem(bare, 400, 'VALIDATION_FAILED');
    expect(distinctFieldsOf(bare)).toEqual(['resolution', 'riskLevel']);

    const notifiedAt = iso(t.clock.now().getTime() - HOUR);
    const contained = await t.as(dpo.accessToken).patch(path, {
      status: 'contained',
      riskLevel: 'high_risk',
      riskRationale: 'Addresses with names enable targeted phishing.',
      authorityNotifiedAt: notifiedAt,
      authorityName: 'Berliner Beauftragte für Datenschutz und Informationsfreiheit',
      authorityReference: 'BlnBDI 611.2841',
      version: 2, // the document added before is version 2
    });
    expect({ status: contained.status, body: contained.body }).toEqual({
      status: 200,
      body: expect.objectContaining({
        status: 'contained',
        riskLevel: 'high_risk',
        authorityNotifiedAt: notifiedAt,
        authorityNotice: 'notified',
        subjectNoticeRequired: true,
        version: 3,
      }),
    });
    expect(codesOf(await gate(engaged.id))).toEqual(['OPEN_BREACH']);

    const stale = await t.as(dpo.accessToken).patch(path, { measures: 'More', version: 1 });
    expectProblem(stale, 409, 'STALE_VERSION');
    const noSubjects = await t.as(dpo.accessToken).patch(path, {
      status: 'closed',
      resolution: 'Bucket policy fixed.',
    });
    expectProblem(noSubjects, 400, 'VALIDATION_FAILED');
    expect(distinctFieldsOf(noSubjects)).toEqual(['subjectsNotifiedAt']);
    const both = await t.as(dpo.accessToken).patch(path, {
      subjectsNotifiedAt: notifiedAt,
      subjectNoticeExemption: 'art34_3_a',
    });
    expect(distinctFieldsOf(both)).toEqual([
      'subjectNoticeExemption',
      'subjectsNoticeChannel',
      'subjectsNoticeContent',
      'subjectsNotifiedCount',
    ]);

    const untold = await t
      .as(dpo.accessToken)
      .patch(path, { subjectsNotifiedAt: iso(t.clock.now().getTime()) });
    expectProblem(untold, 400, 'VALIDATION_FAILED');
    expect(distinctFieldsOf(untold)).toEqual([
      'subjectsNoticeChannel',
      'subjectsNoticeContent',
      'subjectsNotifiedCount',
    ]);
    const closed = await t.as(dpo.accessToken).patch(path, {
      status: 'closed',
      subjectsNotifiedAt: iso(t.clock.now().getTime()),
      subjectsNoticeChannel: 'e-mail to each customer concerned',
      subjectsNotifiedCount: 12_480,
      subjectsNoticeContent:
        'Your e-mail address was exposed; beware of phishing e-mails that use your name.',
      resolution: 'Bucket policy fixed; customers warned about phishing.',
    });
    expect({ status: closed.status, state: closed.body.status, closedAt: closed.body.closedAt }).toEqual({
      status: 200,
      state: 'closed',
      closedAt: t.clock.now().toISOString(),
    });
    expect(codesOf(await gate(engaged.id))).toEqual([]);

    expectProblem(
      await t.as(dpo.accessToken).patch(path, { status: 'contained' }),
      409,
      'ILLEGAL_TRANSITION',
    );
    const incomplete = await t.as(dpo.accessToken).patch(path, { resolution: null });
    expect(distinctFieldsOf(incomplete)).toEqual(['resolution']);
    const reopened = await t.as(legal.accessToken).patch(path, {
      status: 'open',
      measures: 'The bucket was found public again.',
    });
    expect({
      status: reopened.status,
      state: reopened.body.status,
      closedAt: reopened.body.closedAt,
    }).toEqual({
      status: 200,
      state: 'open',
      closedAt: null,
    });
    expect(codesOf(await gate(engaged.id))).toEqual(['OPEN_BREACH']);
    const again = await t.as(dpo.accessToken).patch(path, { status: 'closed' });
    expect({ status: again.status, state: again.body.status }).toEqual({ status: 200, state: 'closed' });
    expect(codesOf(await gate(engaged.id))).toEqual([]);

    const events = await allAuditEvents(t, auditor.accessToken, {
      entityType: 'incident',
      entityId: breachId,
    });
    expect(events.map((e) => e.action).reverse()).toEqual([
      'incident.reported',
      'incident.document_added',
      'incident.contained',
      'incident.closed',
      'incident.reopened',
      'incident.closed',
    ]);
  });

  it('gives the breach report as a PDF/A: what Art. 33(3) asks, the risk assessment, the notifications, the documents', async () => {
    // The DPO is external: no account in Custos, named in the records profile only.
    const profile = await t.as(dpo.accessToken).put('/records/profile', {
      controllerName: 'Acme GmbH',
      address: 'Musterstraße 1, 10115 Berlin, Germany',
      contactEmail: 'privacy@acme.example',
      dpo: { name: 'Dr. Erika Extern', email: 'erika@extern-dpo.example', phone: '+49 30 5550100' },
    });
    expect(profile.status).toBe(200);
    const res = await t
      .as(auditor.accessToken)
      .get(`/incidents/${breachId}/report`)
      .buffer(true)
      .parse(binaryParser);
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
      status: 200,
      type: 'application/pdf',
    });
    const dir = mkdtempSync(join(tmpdir(), 'custos-breach-'));
    try {
      const file = join(dir, 'report.pdf');
      writeFileSync(file, res.body as Buffer);
      keepForReview('breach-report.pdf', res.body as Buffer);
      expect(execFileSync('qpdf', ['--check', file]).toString()).toContain(
        'No syntax or stream encoding errors',
      );
      const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
      const flat = text.replace(/\s+/g, '');
      expect(text).toMatch(new RegExp(`Breach report · ${breachId}\\s+Page 1 of \\d+`));
      expect(flat).not.toContain(dpo.email.replace(/\s+/g, ''));
      for (const expected of [
        'Personal data breach report',
        'Acme GmbH',
        'Mailo GmbH (DE)',
        'Newsletter list exposed by a misconfigured bucket',
        'A storage bucket holding the newsletter export was publicly readable for 9 hours.',
        '12,500',
        'Mailo Security Desk, security@mailo.example',
        'likely to result in a high risk',
        'BlnBDI 611.2841',
        'Mailo breach notice.pdf',
        'Contact point (Art. 33(3)(b)): Data protection officer: Dr. Erika Extern, erika@extern-dpo.example, +49 30 5550100',
        "Processor's contact for this breach: Mailo Security Desk, security@mailo.example",
        'notified 9 h after detection; committed to 24 h in the assessment approved on',
        'Authority notified: Berliner Beauftragte für Datenschutz und Informationsfreiheit on',
        'told on',
        'by e-mail to each customer concerned, 12,480 people',
        'What they were told (Art. 34(2)): Your e-mail address was exposed',
        'Special categories (Arts. 9, 10): none',
      ]) {
        expect({ expected, found: flat.includes(expected.replace(/\s+/g, '')) }).toEqual({
          expected,
          found: true,
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expectProblem(await t.as(procurement.accessToken).get(`/incidents/${breachId}/report`), 403, 'FORBIDDEN');
    expectProblem(await t.as(otherLegal.accessToken).get(`/incidents/${breachId}/report`), 404, 'NOT_FOUND');
  });

  it('the DPO is reminded 24 hours before the deadline and once it passes, each once; a moved deadline moves them', async () => {
    const processor = await createProcessor(t, legal.accessToken, {
      name: 'Paylo BV',
      country: 'NL',
      processingCountries: ['NL'],
    });
    const start = t.clock.now().getTime();
    const res = await t.as(legal.accessToken).post(`/processors/${processor.id}/incidents`, {
      title: 'Payslips sent to the wrong employees',
      nature: 'A mail-merge error sent 40 payslips to the wrong recipients.',
      dataCategories: ['user.financial.bank_account'],
      dataSubjectCategories: ['employee'],
    });
    expect(res.body.notificationDeadline).toBe(iso(start + 72 * HOUR));
    // The controller learnt of it ten hours before the processor's notice: the deadline moves with it.
    const moved = await t.as(dpo.accessToken).patch(`/incidents/${res.body.id}`, {
      awareAt: iso(start - 10 * HOUR),
    });
    expect({ status: moved.status, deadline: moved.body.notificationDeadline }).toEqual({
      status: 200,
      deadline: iso(start + 62 * HOUR),
    });
    const reminders = async () =>
      (await mailsAbout('Paylo BV')).filter((m) => !m.subject.startsWith('Breach at')).map((m) => m.subject);

    await moveBy(37 * HOUR);
    expect(await reminders()).toEqual([]);
    // The console counts the time left from the server's clock, which the answer carries.
    const later = await t.as(dpo.accessToken).get(`/incidents/${res.body.id}`);
    expect({ asOf: later.body.asOf, notice: later.body.authorityNotice }).toEqual({
      asOf: iso(t.clock.now().getTime()),
      notice: 'pending',
    });
    await moveBy(2 * HOUR); // 23 hours before the deadline
    expect(await reminders()).toEqual(['23 hours left to notify the breach at Paylo BV']);
    const [warning] = await mailsAbout('hours left to notify the breach at Paylo BV');
    expect(warning.to.sort()).toEqual([dpo.email, legal.email].sort());
    expect(warning.text).toContain(`Deadline:    ${humanUtc(new Date(start + 62 * HOUR))}`);
    expect(warning.text).toContain('Payslips sent to the wrong employees');

    await moveBy(24 * HOUR); // an hour past the moved deadline, nine before the original one
    const overdue = `Overdue: the breach at Paylo BV was not notified to the authority by ${humanUtc(new Date(start + 62 * HOUR))}`;
    expect(await reminders()).toEqual(['23 hours left to notify the breach at Paylo BV', overdue]);
    const read = await t.as(dpo.accessToken).get(`/incidents/${res.body.id}`);
    expect(read.body.authorityNotice).toBe('overdue');

    await moveBy(12 * HOUR); // past the original deadline: its reminders are stale and send nothing
    await t.flushOutbox();
    expect(await reminders()).toEqual(['23 hours left to notify the breach at Paylo BV', overdue]);
    // The closed breach of Mailo GmbH was past its deadline too: it got no reminder.
    expect(t.smtp.messages.filter((m) => /the breach at Mailo GmbH/.test(m.subject))).toEqual([]);

    const late = await t.as(dpo.accessToken).patch(`/incidents/${res.body.id}`, {
      riskLevel: 'risk',
      authorityNotifiedAt: t.clock.now().toISOString(),
      authorityName: 'Autoriteit Persoonsgegevens',
    });
    expectProblem(late, 400, 'VALIDATION_FAILED');
    expect(distinctFieldsOf(late)).toEqual(['delayReason']);
    const explained = await t.as(dpo.accessToken).patch(`/incidents/${res.body.id}`, {
      riskLevel: 'risk',
      authorityNotifiedAt: t.clock.now().toISOString(),
      authorityName: 'Autoriteit Persoonsgegevens',
      delayReason: 'The recipients had to be identified before the extent of the breach was known.',
    });
    expect({ status: explained.status, notice: explained.body.authorityNotice }).toEqual({
      status: 200,
      notice: 'notified_late',
    });
    const events = await allAuditEvents(t, auditor.accessToken, {
      entityType: 'incident',
      entityId: res.body.id,
    });
    expect(events.map((e) => e.action)).toEqual([
      'incident.authority_notified',
      'incident.updated',
      'incident.reported',
    ]);
  });
  it('a breach at a sub-processor closes the gate for the whole chain', async () => {
    const sub = await createProcessor(t, legal.accessToken, {
      name: 'Bucketly SAS',
      parentId: engaged.id,
      country: 'FR',
      processingCountries: ['FR'],
    });
    const res = await t.as(dpo.accessToken).post(`/processors/${sub.id}/incidents`, {
      title: 'Ransomware on a storage node',
      nature: 'A storage node was encrypted by ransomware; no exfiltration seen so far.',
    });
    expect(res.status).toBe(201);
    const refused = await gate(engaged.id);
    expect(reasonOf(refused, 'OPEN_BREACH')).toEqual({
      code: 'OPEN_BREACH',
      message: 'A personal-data breach at Bucketly SAS is still open.',
      details: {
        breaches: [
          {
            id: res.body.id,
            title: 'Ransomware on a storage node',
            processorId: sub.id,
            processorName: 'Bucketly SAS',
          },
        ],
      },
    });
    const closed = await t.as(dpo.accessToken).patch(`/incidents/${res.body.id}`, {
      status: 'closed',
      riskLevel: 'unlikely',
      riskRationale: 'The node held only encrypted back-ups whose keys were not affected.',
      likelyConsequences: 'None for people: the back-ups stay unreadable without the keys.',
      measures: 'Node isolated and rebuilt; back-ups verified.',
      resolution: 'Node rebuilt from clean images.',
    });
    expect({ status: closed.status, state: closed.body.status, notice: closed.body.authorityNotice }).toEqual(
      {
        status: 200,
        state: 'closed',
        notice: 'not_required',
      },
    );
    expect(codesOf(await gate(engaged.id))).not.toContain('OPEN_BREACH');
  });

  describe('recorded as a lawyer would (Arts. 33, 34)', () => {
    const valid = { title: 'Lost badge list', nature: 'A printed list of visitor badges was lost.' };

    it("refuses awareAt after the processor's notice, and 'unlikely' without its reasons, naming the field; nothing stored", async () => {
      const before = await countFor(engaged.id);
      const now = t.clock.now().getTime();
      const lateAware = await t.as(legal.accessToken).post(`/processors/${engaged.id}/incidents`, {
        ...valid,
        reportedAt: iso(now - 5 * HOUR),
        awareAt: iso(now - 2 * HOUR),
      });
      expectProblem(lateAware, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(lateAware)).toEqual(['awareAt']);
      const unexplained = await t.as(legal.accessToken).post(`/processors/${engaged.id}/incidents`, {
        ...valid,
        riskLevel: 'unlikely',
      });
      expectProblem(unexplained, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(unexplained)).toEqual(['riskRationale']);
      expect(await countFor(engaged.id)).toBe(before);

      const created = await t.as(legal.accessToken).post(`/processors/${engaged.id}/incidents`, {
        ...valid,
        reportedAt: iso(now - HOUR),
      });
      expect(created.status).toBe(201);
      const path = `/incidents/${created.body.id}`;
      const moved = await t.as(dpo.accessToken).patch(path, { awareAt: iso(now - HOUR / 2) });
      expectProblem(moved, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(moved)).toEqual(['awareAt']);
      const silenced = await t.as(dpo.accessToken).patch(path, { riskLevel: 'unlikely' });
      expect(distinctFieldsOf(silenced)).toEqual(['riskRationale']);
      const unnamed = await t.as(dpo.accessToken).patch(path, { authorityNotifiedAt: iso(now) });
      expect(distinctFieldsOf(unnamed)).toEqual(['authorityName']);
      const read = await t.as(dpo.accessToken).get(path);
      expect({
        risk: read.body.riskLevel,
        notice: read.body.authorityNotice,
        version: read.body.version,
      }).toEqual({ risk: null, notice: 'pending', version: 1 });

      const undocumented = await t.as(dpo.accessToken).patch(path, {
        status: 'closed',
        riskLevel: 'unlikely',
        riskRationale: 'Badge numbers alone identify nobody outside the building.',
        resolution: 'List reprinted without names.',
      });
      expectProblem(undocumented, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(undocumented)).toEqual(['likelyConsequences', 'measures']);
      const closed = await t.as(dpo.accessToken).patch(path, {
        status: 'closed',
        riskLevel: 'unlikely',
        riskRationale: 'Badge numbers alone identify nobody outside the building.',
        likelyConsequences: 'None expected: the list holds badge numbers only.',
        measures: 'Badges on the list revoked and reissued.',
        resolution: 'List reprinted without names.',
      });
      expect({
        status: closed.status,
        state: closed.body.status,
        notice: closed.body.authorityNotice,
      }).toEqual({
        status: 200,
        state: 'closed',
        notice: 'not_required',
      });
    });

    it("records the controller's own breach (no processor): its clock, its e-mail, the register; the gate is not touched", async () => {
      const now = t.clock.now().getTime();
      const body = {
        title: 'HR laptop stolen from a car',
        nature: 'A laptop with the HR share synchronised was stolen; the disk was encrypted.',
        detectedAt: iso(now - 3 * HOUR),
        reportedAt: iso(now - 2 * HOUR),
        dataCategories: ['user.health', 'user.contact.email'],
        dataSubjectCategories: ['employee'],
        approxSubjectCount: 240,
        dataEncrypted: true,
        encryptionNote: 'BitLocker with TPM and PIN; the PIN was not with the laptop',
      };
      const created = await t.as(legal.accessToken).post('/incidents', body);
      expect({ status: created.status, body: created.body }).toEqual({
        status: 201,
        body: expect.objectContaining({
          ...body,
          processorId: null,
          processorName: null,
          specialCategories: ['user.health'],
          awareAt: body.reportedAt,
          notificationDeadline: iso(now + 70 * HOUR),
          authorityNotice: 'pending',
        }),
      });
      const [mail, ...more] = await mailsAbout('Breach at Acme GmbH');
      expect(more).toEqual([]);
      expect(mail.to.sort()).toEqual([dpo.email, legal.email].sort());
      expect(mail.text).toContain('A personal-data breach at Acme GmbH itself has been recorded in Custos');
      expect(mail.text).toContain(body.title);
      expect(mail.text).toContain(`${t.config.publicUrl}/breaches/${created.body.id}`);
      expect(mail.text).not.toContain('Notified by the processor');
      expect(mail.text).not.toContain('refuses transfers');

      const own = await t.as(auditor.accessToken).get('/incidents').query({ own: 'true' });
      expect({ status: own.status, ids: own.body.items.map((i: { id: string }) => i.id) }).toEqual({
        status: 200,
        ids: [created.body.id],
      });
      const all = await t.as(auditor.accessToken).get('/incidents').query({ pageSize: 100 });
      const names = new Set(all.body.items.map((i: { processorName: string | null }) => i.processorName));
      expect(names).toEqual(new Set([null, 'Mailo GmbH', 'Paylo BV', 'Bucketly SAS']));
      expect(codesOf(await gate(engaged.id))).not.toContain('OPEN_BREACH');

      expectProblem(await t.as(auditor.accessToken).post('/incidents', body), 403, 'FORBIDDEN');
      const bad = await t.as(legal.accessToken).post('/incidents', { ...body, dataEncrypted: 'yes' });
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(bad)).toEqual(['dataEncrypted']);
      const theirs = await t.as(otherLegal.accessToken).get(`/incidents/${created.body.id}`);
      expectProblem(theirs, 404, 'NOT_FOUND');
    });

    it('the first e-mail after the deadline passed says so and asks for notification now with the reasons for the delay', async () => {
      const now = t.clock.now().getTime();
      const created = await t.as(legal.accessToken).post(`/processors/${engaged.id}/incidents`, {
        title: 'Old incident reported late',
        nature: 'Support tickets were readable by another customer for a weekend.',
        reportedAt: iso(now - 100 * HOUR),
      });
      expect({ status: created.status, notice: created.body.authorityNotice }).toEqual({
        status: 201,
        notice: 'overdue',
      });
      const deadline = humanUtc(new Date(now - 28 * HOUR));
      const [mail] = (await mailsAbout('Breach at Mailo GmbH')).filter((m) =>
        m.text.includes('Old incident'),
      );
      expect(mail.to.sort()).toEqual([dpo.email, legal.email].sort());
      expect(mail.subject).toBe(
        `Breach at Mailo GmbH: the 72 hours passed on ${deadline}; notify the authority now`,
      );
      expect(mail.text).toContain(`The 72 hours of Article 33(1) GDPR ran out on ${deadline}`);
      expect(mail.text).toContain(
        'notify the supervisory\nauthority now, and give the reasons for the delay',
      );
      expect(mail.text).not.toMatch(/\b0 hours remain/);
      await t
        .as(dpo.accessToken)
        .patch(`/incidents/${created.body.id}`, {
          riskLevel: 'risk',
          likelyConsequences: 'Tickets may reveal names and order details.',
          measures: 'Access control fixed.',
          authorityNotifiedAt: iso(now),
          authorityName: 'BlnBDI',
          delayReason: 'The processor told us four days after it became aware.',
          resolution: 'Fixed.',
          status: 'closed',
        })
        .expect(200);
    });

    it("the report shows special categories, cross-border character, lead authority, end, encryption and the processor's lateness", async () => {
      const now = t.clock.now().getTime();
      const created = await t.as(legal.accessToken).post(`/processors/${engaged.id}/incidents`, {
        title: 'Patient reminders sent to the wrong clinics',
        nature: 'Appointment reminders went to other clinics of the chain for two days.',
        occurredAt: iso(now - 60 * HOUR),
        detectedAt: iso(now - 40 * HOUR),
        reportedAt: iso(now - 9 * HOUR),
        endedAt: iso(now - 38 * HOUR),
        dataCategories: ['user.health', 'user.contact.email'],
        crossBorder: true,
        leadAuthority: 'Commission nationale de l’informatique et des libertés (CNIL)',
        dataEncrypted: false,
      });
      expect(created.status).toBe(201);
      const res = await t
        .as(dpo.accessToken)
        .get(`/incidents/${created.body.id}/report`)
        .buffer(true)
        .parse(binaryParser);
      expect(res.status).toBe(200);
      const flat = validPdfText(res.body as Buffer);
      expect(
        missingIn(flat, [
          'Special categories (Arts. 9, 10):',
          'Cross-border (Art. 56): yes',
          'Lead supervisory authority: Commission nationale',
          `Breach ended: ${humanUtc(new Date(now - 38 * HOUR))}`,
          'Data encrypted: no',
          'notified 31 h after detection; committed to 24 h in the assessment approved on',
          ': 7 h late',
          'Where it happened: at the processor Mailo GmbH (DE)',
        ]),
      ).toEqual([]);
      expect(flat).toMatch(/Specialcategories\(Arts\.9,10\):[^:]*Health/);
    });

    it('exports the register with processor names as a printable XLSX and as a PDF/A', async () => {
      const xlsx = await t
        .as(auditor.accessToken)
        .get('/incidents/register')
        .query({ format: 'xlsx' })
        .buffer(true)
        .parse(binaryParser);
      expect({ status: xlsx.status, type: xlsx.headers['content-type'] }).toEqual({
        status: 200,
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      });
      const workbook = new ExcelJS.Workbook();
      const bytes: Buffer = xlsx.body;
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('Breach register');
      if (!sheet) throw new Error('no sheet');
      expect(sheet.getCell('A1').value).toBe('Breach register (Art. 33(5) GDPR) — Acme GmbH');
      expect(sheet.getRow(3).getCell(2).value).toBe('Processor');
      const rows: Record<string, unknown>[] = [];
      sheet.eachRow((row, n) => {
        if (n > 3) rows.push({ title: row.getCell(1).value, where: row.getCell(2).value });
      });
      expect(rows).toEqual(
        expect.arrayContaining([
          { title: 'HR laptop stolen from a car', where: 'none (own breach)' },
          { title: 'Payslips sent to the wrong employees', where: 'Paylo BV' },
          { title: 'Ransomware on a storage node', where: 'Bucketly SAS' },
        ]),
      );
      expect(sheet.pageSetup).toMatchObject({
        orientation: 'landscape',
        fitToWidth: 1,
        printTitlesRow: '3:3',
      });

      const pdf = await t
        .as(dpo.accessToken)
        .get('/incidents/register')
        .query({ format: 'pdf' })
        .buffer(true)
        .parse(binaryParser);
      expect({ status: pdf.status, type: pdf.headers['content-type'] }).toEqual({
        status: 200,
        type: 'application/pdf',
      });
      expect(
        missingIn(validPdfText(pdf.body as Buffer), [
          'Breach register',
          'HR laptop stolen from a car',
          'Processor: none (own breach)',
          'Processor: Paylo BV',
          'Processor: Bucketly SAS',
          'Remedial action: Node isolated and rebuilt; back-ups verified.',
        ]),
      ).toEqual([]);
      expectProblem(
        await t.as(procurement.accessToken).get('/incidents/register').query({ format: 'pdf' }),
        403,
        'FORBIDDEN',
      );
      const bad = await t.as(dpo.accessToken).get('/incidents/register').query({ format: 'docx' });
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(bad)).toEqual(['format']);
    });
  });
});
