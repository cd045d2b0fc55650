import IORedis from 'ioredis';
import { QueueEvents } from 'bullmq';
import { Response } from 'supertest';
import { DailySweepSchedule } from '../src/sweep/sweep.queue';
import { addDays } from '../src/platform/clock/clock';
import { endOfDay } from '../src/platform/history/record-history.service';
import { ProcessorsService } from '../src/processors/processors.service';
import { SweepService } from '../src/sweep/sweep.service';
import { JobQueue } from '../src/platform/queue/job-queue.service';
import {
  allAuditEvents,
  approveAssessment,
  createProcessor,
  digestHeadings,
  digestLines,
  engagedProcessor,
  isDigest,
  isSweepMail,
  nextId,
  postTransferCheck,
  processorBody,
  reloginAll,
  runSweep,
  secondOrganization,
  sweepRuns,
  setupOrganization,
  SweepRunRow,
  TestOrganization,
  TestUser,
  waitForProcessor,
  staff,
  approvedProcessor,
  NO_SCHEDULED_SWEEP,
  CONTACT,
} from './support/factories';
import { startSecondInstance, SecondInstance } from './support/second-instance';
import { mailWordsProblems } from './support/mail-words';
import { ReceivedMail } from './support/smtp';
import { createTestApp, TestApp } from './support/test-app';
import { eventually, settled } from './support/wait';

/** A cron that does not fire while the tests run: the sweep runs only when a test asks for it. */

interface Reason {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

const codesOf = (res: Response): string[] => ((res.body.reasons ?? []) as Reason[]).map((r) => r.code).sort();

describe('the daily sweep: reminders once, sub-processor authorisation', () => {
  let t: TestApp;
  let org: TestOrganization;
  let legal: TestUser;
  let legal2: TestUser;
  let dpo: TestUser;
  let procurement: TestUser;

  /** 2026-01-15 + 24 months (the validity of a low-risk assessment) − 10 days. */
  const SWEEP_DAY = '2028-01-05';
  let assessed: { id: string; name: string };
  let parent: { id: string; name: string };
  let sub: { id: string; name: string };
  let expiring: { id: string; name: string };
  let agreementTitle: string;
  let certified: { id: string; name: string };
  let expiringAgreementId: string;
  let criticalFinding: { id: string; title: string };
  let firstRun: SweepRunRow;
  const gate = (processorId: string) =>
    postTransferCheck(t, procurement.accessToken, { processorId, ...CONTACT });
  const sweepMails = (): ReceivedMail[] => t.smtp.messages.filter(isSweepMail);

  beforeAll(async () => {
    t = await createTestApp({ env: { SWEEP_CRON: NO_SCHEDULED_SWEEP } });
    org = await setupOrganization(t, { organizationName: 'Acme GmbH' });
    ({ legal, legal2, dpo, procurement } = await staff(t, org, {
      legal: ['legal'],
      legal2: ['legal', 'auditor'],
      dpo: ['dpo'],
      procurement: ['procurement'],
    }));
  });
  afterAll(() => t?.close());

  it('sets the scene: an assessment, an agreement, a certification and an objection window running out; an overdue check and critical finding', async () => {
    // Approved today (2026-01-15) with a low risk: valid until 2028-01-15.
    const { processor, assessment: approved } = await approvedProcessor(
      t,
      legal.accessToken,
      dpo.accessToken,
      {
        name: `Archive Service ${nextId()}`,
      },
    );
    assessed = processor;
    expect(approved).toMatchObject({ riskRating: 'low', validUntil: '2028-01-15' });

    t.clock.set(`${SWEEP_DAY}T09:00:00.000Z`);
    await reloginAll(t, [org.admin, legal, dpo, procurement]);

    // A processor under a general authorisation with an objection period of 2 days, and a new sub-processor.
    ({ processor: parent } = await engagedProcessor(
      t,
      legal.accessToken,
      dpo.accessToken,
      { name: `Mail Platform ${nextId()}` },
      { subProcessorAuthorization: { type: 'general', objectionPeriodDays: 2 } },
    ));
    const created = await t
      .as(legal.accessToken)
      .post(
        '/processors',
        processorBody({ name: `Mail Relay ${nextId()}`, parentId: parent.id, services: 'SMTP relay' }),
      );
    expect(created.status).toBe(201);
    sub = created.body;
    const opened = await waitForProcessor(
      t,
      legal.accessToken,
      sub.id,
      (p) => p.authorizationStatus !== 'pending',
    );
    expect(opened).toMatchObject({
      authorizationStatus: 'objection_window',
      authorizationBasis: 'general',
      objectionWindowEndsOn: '2028-01-07',
    });

    // An agreement expiring in 20 days.
    agreementTitle = `DPA Payroll ${nextId()}`;
    ({
      processor: expiring,
      agreement: { id: expiringAgreementId },
    } = await engagedProcessor(
      t,
      legal.accessToken,
      dpo.accessToken,
      // A name that ends with a full stop: the reminder's sentence takes no second one.
      { name: `Payroll Cloud ${nextId()} Inc.` },
      { title: agreementTitle, expiresOn: addDays(SWEEP_DAY, 20) },
    ));

    // A certification expiring in 30 days; a certification review overdue; a critical finding overdue.
    certified = await createProcessor(t, legal.accessToken, {
      name: `Data Centre ${nextId()}`,
      certifications: [{ type: 'ISO/IEC 27001:2022', issuer: 'TÜV Süd', validUntil: addDays(SWEEP_DAY, 30) }],
    });
    await approveAssessment(t, legal.accessToken, dpo.accessToken, certified.id);
    const review = await t.as(legal.accessToken).post(`/processors/${certified.id}/monitoring-checks`, {
      type: 'certification_review',
      dueOn: addDays(SWEEP_DAY, -4),
    });
    expect({ status: review.status, checkStatus: review.body.status }).toEqual({
      status: 201,
      checkStatus: 'overdue',
    });
    const audit = await t.as(legal.accessToken).post(`/processors/${certified.id}/monitoring-checks`, {
      type: 'audit',
      dueOn: SWEEP_DAY,
    });
    const failed = await t.as(dpo.accessToken).post(`/monitoring-checks/${audit.body.id}/result`, {
      result: 'failed',
      notes: 'Visitor log not kept.',
      findings: [
        { title: 'No visitor log at the data centre', severity: 'critical', dueOn: addDays(SWEEP_DAY, -1) },
      ],
    });
    expect({ status: failed.status, findings: failed.body.findings?.length }).toEqual({
      status: 200,
      findings: 1,
    });
    criticalFinding = failed.body.findings[0];

    // Before the window closes the chain is refused.
    const res = await gate(parent.id);
    expect({ status: res.status, codes: codesOf(res) }).toEqual({
      status: 200,
      codes: ['SUBPROCESSOR_NOT_AUTHORIZED'],
    });
    await settled(t);
    expect(sweepMails()).toEqual([]);
  });

  it('sends each reminder and escalation once, in one digest to each legal user and one to the DPO, however often the sweep runs that day', async () => {
    firstRun = await runSweep(t, dpo.accessToken);
    expect(firstRun).toMatchObject({ organizationId: org.id, trigger: 'manual', day: SWEEP_DAY });
    expect(firstRun.stats).toMatchObject({
      checksDue: 1, // the periodic check of the first processor, due on 2028-01-15
      checksOverdue: 0,
      findingsOverdue: 1,
      subProcessorsAuthorized: 0,
      processorsActivated: 0,
      offboardingsOverdue: 0,
      remindersQueued: 6,
      emailsQueued: 3, // a digest to each of the two legal users and one to the DPO
      reassessmentDrafts: 1,
    });
    await t.smtp.waitFor(() => sweepMails().length >= 3);

    // Later that day, someone runs it again.
    t.clock.advance(2 * 3_600_000);
    await reloginAll(t, [org.admin, legal, dpo]);
    const second = await runSweep(t, org.admin.accessToken);
    expect(second.jobId).not.toBe(firstRun.jobId);
    expect(second).toMatchObject({ day: SWEEP_DAY, trigger: 'manual' });
    expect(second.stats).toMatchObject({
      checksDue: 0,
      checksOverdue: 0,
      findingsOverdue: 0,
      offboardingsOverdue: 0,
      remindersQueued: 0,
      emailsQueued: 0,
      reassessmentDrafts: 0,
    });
    await settled(t);

    // One digest per person, whatever the number of reminders: each legal user and the DPO.
    const legalTeam = [legal.email, legal2.email].sort();
    const url = t.config.publicUrl;
    expect(
      sweepMails()
        .map((m) => ({ to: m.to, subject: m.subject }))
        .sort((a, b) => a.to[0].localeCompare(b.to[0])),
    ).toEqual(
      [
        { to: [legal.email], subject: 'Custos: 4 things need your attention' },
        { to: [legal2.email], subject: 'Custos: 4 things need your attention' },
        { to: [dpo.email], subject: 'Custos: 2 things need your attention, 2 overdue' },
      ].sort((a, b) => a.to[0].localeCompare(b.to[0])),
    );
    expect(sweepMails().every(isDigest)).toBe(true);
    for (const user of [org.admin, procurement])
      expect(t.smtp.to(user.email).filter(isSweepMail)).toEqual([]);

    // Grouped by kind, the most urgent first; each item one line with what is due, when, and its page.
    const digestTo = (email: string) => sweepMails().find((m) => m.to.includes(email))!;
    for (const email of legalTeam) {
      const digest = digestTo(email);
      expect({ email, headings: digestHeadings(digest), lines: digestLines(digest) }).toEqual({
        email,
        headings: [
          'Objection windows closing (1)',
          'Agreements expiring (1)',
          'Assessments running out (1)',
          'Certifications expiring (1)',
        ],
        lines: [
          `- Objection window for sub-processor ${sub.name} closes on 2028-01-07 (in 2 days): ${url}/processors/${sub.id}`,
          `- Agreement with ${expiring.name} expires on 2028-01-25 (in 20 days): ${url}/agreements/${expiringAgreementId}`,
          `- Assessment of ${assessed.name} is valid until 2028-01-15 (in 10 days): ${url}/processors/${assessed.id}`,
          `- ISO/IEC 27001:2022 of ${certified.name} expires on 2028-02-04 (in 30 days): ${url}/processors/${certified.id}`,
        ],
      });
    }
    const toDpo = digestTo(dpo.email);
    expect({ headings: digestHeadings(toDpo), lines: digestLines(toDpo) }).toEqual({
      headings: ['Overdue critical findings (1)', 'Overdue monitoring checks (1)'],
      lines: [
        `- Critical finding "${criticalFinding.title}" at ${certified.name} (due ${addDays(SWEEP_DAY, -1)}, 1 day overdue): ${url}/findings`,
        `- Certification review of ${certified.name} (due ${addDays(SWEEP_DAY, -4)}, 4 days overdue): ${url}/monitoring`,
      ],
    });
    // In words a lawyer reads, with a link to each item's page in the text and the HTML.
    const pages: [string, string][] = [
      [legal.email, `agreements/${expiringAgreementId}`],
      [legal.email, `processors/${assessed.id}`],
      [legal.email, `processors/${certified.id}`],
      [legal2.email, `processors/${sub.id}`],
      [dpo.email, 'monitoring'],
      [dpo.email, 'findings'],
    ];
    for (const [email, page] of pages)
      expect({ email, page, problems: mailWordsProblems(digestTo(email), `${url}/${page}`) }).toEqual({
        email,
        page,
        problems: [],
      });
    expect(toDpo.text).toContain(`daily monitoring sweep of Custos on ${SWEEP_DAY}`);
    // Each kind says once what is at stake.
    expect(toDpo.text).toContain('Until a result is recorded, Custos refuses transfers to these processors.');
    expect(digestTo(legal.email).text).toContain(
      'without an agreement in force no personal data may go to the processor.',
    );

    // One reminder row per subject and threshold, with who it went to.
    const rows = await t.dataSource.query<
      { kind: string; threshold: number; audience: string; recipients: string[] }[]
    >(`SELECT kind, threshold, audience, recipients FROM reminder WHERE organization_id = $1 ORDER BY kind`, [
      org.id,
    ]);
    expect(rows.map((r) => ({ ...r, recipients: [...r.recipients].sort() }))).toEqual([
      { kind: 'agreement_expiry', threshold: 30, audience: 'legal', recipients: legalTeam },
      { kind: 'assessment_validity', threshold: 14, audience: 'legal', recipients: legalTeam },
      { kind: 'certification_expiry', threshold: 60, audience: 'legal', recipients: legalTeam },
      { kind: 'check_overdue', threshold: 0, audience: 'dpo', recipients: [dpo.email] },
      { kind: 'critical_finding_overdue', threshold: 0, audience: 'dpo', recipients: [dpo.email] },
      { kind: 'objection_window', threshold: 3, audience: 'legal', recipients: legalTeam },
    ]);
  });

  it('opens the re-assessment draft with the validity reminder, once', async () => {
    const res = await t.as(legal.accessToken).get(`/processors/${assessed.id}/assessments`);
    expect(res.status).toBe(200);
    expect((res.body.items as { status: string }[]).map((a) => a.status).sort()).toEqual([
      'approved',
      'draft',
    ]);
    const draft = (res.body.items as { id: string; status: string }[]).find((a) => a.status === 'draft')!;
    const events = await allAuditEvents(t, dpo.accessToken, { action: 'assessment.reassessment_opened' });
    expect(events.map((e) => ({ entityId: e.entityId, actorType: e.actorType }))).toEqual([
      { entityId: draft.id, actorType: 'system' },
    ]);
    // The draft carries its template's questions; the audit event names the template version instead.
    const opened = await t.as(legal.accessToken).get(`/assessments/${draft.id}`);
    expect(opened.status).toBe(200);
    expect(opened.body.questions.length).toBeGreaterThanOrEqual(30);
    expect(events[0].after).toMatchObject({ processorId: assessed.id, status: 'draft', templateVersion: 2 });
    expect(events[0].after).not.toHaveProperty('questions');
    // The approved assessment still governs until then.
    expect((await t.as(legal.accessToken).get(`/processors/${assessed.id}`)).body).toMatchObject({
      assessmentValidUntil: '2028-01-15',
    });
  });

  it('authorises a sub-processor whose objection window passed without objection (audited); the gate then lets the chain through', async () => {
    t.clock.set(`${addDays('2028-01-07', 1)}T09:00:00.000Z`);
    await reloginAll(t, [legal, dpo, procurement]);
    const [before] = await t.dataSource.query<{ authorization_status: string }[]>(
      `SELECT authorization_status FROM processor WHERE id = $1`,
      [sub.id],
    );
    expect(before.authorization_status).toBe('objection_window');

    const run = await runSweep(t, dpo.accessToken);
    expect(run.stats).toMatchObject({ subProcessorsAuthorized: 1, remindersQueued: 0 });

    const [after] = await t.dataSource.query<
      { authorization_status: string; authorization_note: string; authorization_decided_at: Date | null }[]
    >(
      `SELECT authorization_status, authorization_note, authorization_decided_at FROM processor WHERE id = $1`,
      [sub.id],
    );
    expect(after).toEqual({
      authorization_status: 'authorized',
      authorization_note: 'objection window passed without objection',
      authorization_decided_at: expect.any(Date),
    });
    const read = await t.as(legal.accessToken).get(`/processors/${sub.id}`);
    expect({ status: read.status, body: read.body }).toMatchObject({
      status: 200,
      body: {
        authorizationStatus: 'authorized',
        authorizationBasis: 'general',
        objectionWindowEndsOn: '2028-01-07',
      },
    });
    const events = await allAuditEvents(t, dpo.accessToken, {
      entityId: sub.id,
      action: 'processor.subprocessor_authorized',
    });
    expect(events.map((e) => ({ actorType: e.actorType, entityType: e.entityType }))).toEqual([
      { actorType: 'system', entityType: 'processor' },
    ]);
    // What changed, as for any other change: the authorisation before and after.
    expect(events[0].before).toMatchObject({
      authorizationStatus: 'objection_window',
      authorizationDecidedAt: null,
    });
    expect(events[0].after).toMatchObject({
      authorizationStatus: 'authorized',
      authorizationDecidedAt: expect.any(String),
      authorizationNote: 'objection window passed without objection',
      version: (events[0].before as { version: number }).version + 1,
    });

    const res = await gate(parent.id);
    expect({ status: res.status, eligible: res.body.eligible, reasons: res.body.reasons }).toEqual({
      status: 200,
      eligible: true,
      reasons: [],
    });

    // A further sweep authorises nothing more and sends nothing new.
    t.clock.advance(60_000);
    const again = await runSweep(t, dpo.accessToken);
    expect(again.stats).toMatchObject({ subProcessorsAuthorized: 0, remindersQueued: 0 });
    await settled(t);
    expect(sweepMails()).toHaveLength(3);
  });

  it('keeps what the sweep changed in the processors’ history: as of the day before, the sub-processor was still in its objection window', async () => {
    const processors = t.get(ProcessorsService);
    const sweptAt = new Date(`${addDays('2028-01-07', 1)}T09:00:00.000Z`);
    const asOf = async (at: Date) => {
      const p = (await processors.asOf({ organizationId: org.id }, at)).get(sub.id);
      return { authorizationStatus: p?.authorizationStatus, decidedAt: p?.authorizationDecidedAt };
    };
    expect(await asOf(endOfDay('2028-01-07'))).toEqual({
      authorizationStatus: 'objection_window',
      decidedAt: null,
    });
    expect(await asOf(t.clock.now())).toEqual({ authorizationStatus: 'authorized', decidedAt: sweptAt });
    const versions = await t.ownerQuery<{ version: number; valid_from: Date; changed_by: string | null }[]>(
      `SELECT version, valid_from, changed_by FROM record_version
        WHERE entity_type = 'processor' AND entity_id = $1 AND valid_to IS NULL`,
      [sub.id],
    );
    const [current] = await t.dataSource.query<{ version: number }[]>(
      `SELECT version FROM processor WHERE id = $1`,
      [sub.id],
    );
    expect(versions).toEqual([{ version: current.version, valid_from: sweptAt, changed_by: null }]);
  });

  it('reminds of an expiring agreement at 90, 30 and 7 days, each once, whichever days the sweep runs: each threshold a new digest with only that item', async () => {
    const start = t.clock.today();
    const title = `DPA Ticketing ${nextId()}`;
    const expiresOn = addDays(start, 95);
    const { processor, agreement } = await engagedProcessor(
      t,
      legal.accessToken,
      dpo.accessToken,
      { name: `Ticketing ${nextId()}` },
      { title, expiresOn },
    );
    // The legal user's digests that name the agreement, each by its item lines.
    const about = () =>
      sweepMails()
        .filter((m) => m.to.includes(legal.email) && m.text.includes(processor.name))
        .map(digestLines);
    const sweepOn = async (daysLeft: number) => {
      t.clock.set(`${addDays(expiresOn, -daysLeft)}T09:00:00.000Z`);
      await reloginAll(t, [dpo]);
      await runSweep(t, dpo.accessToken);
      await settled(t);
      return about();
    };
    const line = (days: number) =>
      `- Agreement with ${processor.name} expires on ${expiresOn} (in ${days} days): ${t.config.publicUrl}/agreements/${agreement.id}`;
    expect(await sweepOn(95)).toEqual([]);
    expect(await sweepOn(90)).toEqual([[line(90)]]);
    expect(await sweepOn(60)).toEqual([[line(90)]]);
    expect(await sweepOn(31)).toEqual([[line(90)]]);
    // The sweep did not run on the 30th day; the next digest holds only the new item.
    expect(await sweepOn(29)).toEqual([[line(90)], [line(29)]]);
    expect(await sweepOn(28)).toEqual([[line(90)], [line(29)]]);
    expect(await sweepOn(7)).toEqual([[line(90)], [line(29)], [line(7)]]);
    expect(await sweepOn(0)).toEqual([[line(90)], [line(29)], [line(7)]]);
    // Each legal user gets their own digest with the same items.
    expect(
      sweepMails()
        .filter((m) => m.to.includes(legal2.email) && m.text.includes(processor.name))
        .map(digestLines),
    ).toEqual([[line(90)], [line(29)], [line(7)]]);

    const rows = await t.dataSource.query<{ threshold: number; sent_on: string }[]>(
      `SELECT threshold, to_char(sent_on, 'YYYY-MM-DD') AS sent_on FROM reminder
        WHERE kind = 'agreement_expiry' AND subject_key IN (SELECT id::text FROM agreement WHERE title = $1)
        ORDER BY threshold DESC`,
      [title],
    );
    expect(rows).toEqual([
      { threshold: 90, sent_on: addDays(expiresOn, -90) },
      { threshold: 30, sent_on: addDays(expiresOn, -29) },
      { threshold: 7, sent_on: addDays(expiresOn, -7) },
    ]);
  });

  it('escalates to the DPO, once, an expired agreement whose processor processing activities still name', async () => {
    await reloginAll(t, [legal, dpo]);
    const start = t.clock.today();
    const used = await engagedProcessor(
      t,
      legal.accessToken,
      dpo.accessToken,
      { name: `Payroll ${nextId()}` },
      {
        title: `DPA Payroll ${nextId()}`,
        expiresOn: addDays(start, 3),
      },
    );
    const unused = await engagedProcessor(
      t,
      legal.accessToken,
      dpo.accessToken,
      { name: `Archive ${nextId()}` },
      {
        title: `DPA Archive ${nextId()}`,
        expiresOn: addDays(start, 3),
      },
    );
    const activity = await t.as(dpo.accessToken).post('/processing-activities', {
      name: `Payroll ${nextId()}`,
      purposes: ['essential.service'],
      legalBases: ['art6_1_b'],
      dataSubjectCategories: ['employee'],
      dataCategories: ['user.contact.email'],
      processorIds: [used.processor.id],
      retention: '10 years after the end of employment',
      securityMeasures: 'As in the TOM annex of the agreement',
    });
    expect(activity.status).toBe(201);

    t.clock.set(`${addDays(start, 5)}T09:00:00.000Z`);
    await reloginAll(t, [legal, dpo]);
    const escalations = () =>
      sweepMails().filter((m) => m.to.includes(dpo.email) && m.text.includes(used.processor.name));
    for (let run = 0; run < 2; run++) {
      await runSweep(t, dpo.accessToken);
      await settled(t);
    }
    expect(escalations()).toHaveLength(1);
    expect(escalations()[0].to).toEqual([dpo.email]);
    const expiredOn = addDays(start, 3);
    expect(digestHeadings(escalations()[0])[0]).toBe('Expired agreements still in use (1)');
    expect(digestLines(escalations()[0])[0]).toBe(
      `- Agreement "${used.agreement.title}" with ${used.processor.name} expired on ${expiredOn}, processing activities still name it (due ${expiredOn}, 2 days overdue): ${t.config.publicUrl}/agreements/${used.agreement.id}`,
    );
    expect(sweepMails().some((m) => m.text.includes(unused.processor.name))).toBe(false);
  });

  it("lists the organisation's last runs, newest first, with what each did; never another organisation's counts", async () => {
    await reloginAll(t, [org.admin, legal, legal2, dpo, procurement]);
    const other = await secondOrganization(t);
    const foreign = await runSweep(t, other.admin.accessToken);
    // A scheduled run sweeps every organisation: its totals are no one organisation's to read.
    const [scheduled] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO sweep_run (job_id, organization_id, trigger, day, started_at, finished_at, stats)
       VALUES ($1, NULL, 'schedule', $2, now(), now(), '{"remindersQueued": 42}') RETURNING id`,
      [`repeat:monitoring-daily-sweep:${nextId()}`, SWEEP_DAY],
    );

    const res = await t.as(dpo.accessToken).get('/monitoring/sweeps?pageSize=100');
    expect(res.status).toBe(200);
    const ours = (await sweepRuns(t)).filter((r) => r.organizationId === org.id);
    expect(res.body.total).toBe(ours.length + 1);
    const ids = (res.body.items as { id: string }[]).map((r) => r.id);
    expect(ids).not.toContain(foreign.id);
    expect(ids).toContain(scheduled.id);
    const startedAt = (res.body.items as { startedAt: string }[]).map((r) => r.startedAt);
    expect(startedAt).toEqual([...startedAt].sort().reverse());
    expect(res.body.items.find((r: { id: string }) => r.id === firstRun.id)).toEqual({
      id: firstRun.id,
      trigger: 'manual',
      day: SWEEP_DAY,
      startedAt: firstRun.startedAt.toISOString(),
      finishedAt: firstRun.finishedAt!.toISOString(),
      stats: firstRun.stats,
    });
    expect(res.body.items.find((r: { id: string }) => r.id === scheduled.id)).toMatchObject({
      trigger: 'schedule',
      stats: null,
    });
    expect((await t.as(org.admin.accessToken).get('/monitoring/sweeps')).status).toBe(200);
    for (const user of [legal, legal2, procurement]) {
      const refused = await t.as(user.accessToken).get('/monitoring/sweeps');
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    }
  });

  it('runs a job the queue delivers twice once: the second delivery finds the run recorded and changes nothing', async () => {
    const sweep = t.get(SweepService);
    const jobId = `repeat:monitoring-daily-sweep:${nextId()}`;
    const first = await sweep.run(jobId, null, 'schedule');
    expect(first).toEqual(expect.objectContaining({ remindersQueued: expect.any(Number) }));
    // What a run changes: audited rows, reminders, and e-mails queued in the outbox.
    const counts = () =>
      t.dataSource.query<{ events: string; reminders: string; queued: string }[]>(
        `SELECT (SELECT count(*) FROM audit_event) AS events, (SELECT count(*) FROM reminder) AS reminders,
                (SELECT count(*) FROM outbox) AS queued`,
      );
    const before = await counts();

    expect(await sweep.run(jobId, null, 'schedule')).toBeUndefined();

    expect((await sweepRuns(t)).filter((r) => r.jobId === jobId)).toHaveLength(1);
    expect(await counts()).toEqual(before);
  });
});

describe('the scheduled sweep on two workers sharing one Redis', () => {
  const EVERY_SECOND = '*/1 * * * * *';
  let t: TestApp | undefined;
  let second: SecondInstance | undefined;
  let events: QueueEvents | undefined;
  let eventsConnection: IORedis | undefined;

  afterAll(async () => {
    await events?.close().catch(() => undefined);
    eventsConnection?.disconnect();
    await second?.close().catch(() => undefined);
    await t?.close();
  });

  it('runs once per tick, whichever worker takes it', async () => {
    t = await createTestApp({ env: { SWEEP_CRON: EVERY_SECOND } });
    eventsConnection = new IORedis(t.config.redisUrl, { maxRetriesPerRequest: null });
    events = new QueueEvents('monitoring', { connection: eventsConnection, prefix: t.config.queuePrefix });
    await events.waitUntilReady();
    const active = new Map<string, number>();
    const completed = new Map<string, number>();
    events.on('active', ({ jobId }) => active.set(jobId, (active.get(jobId) ?? 0) + 1));
    events.on('completed', ({ jobId }) => completed.set(jobId, (completed.get(jobId) ?? 0) + 1));

    second = await startSecondInstance(t, { env: { SWEEP_CRON: EVERY_SECOND } });
    const windowStart = Date.now();
    // Some ticks run while both workers are up.
    const tickOf = (jobId: string) => Number(jobId.split(':').pop());
    await eventually(
      () =>
        expect([...completed.keys()].filter((id) => tickOf(id) >= windowStart).length).toBeGreaterThanOrEqual(
          3,
        ),
      { timeoutMs: 30_000 },
    );
    const windowEnd = Date.now();
    // Stop the ticks, let the last run finish, then stop the second worker.
    await t.get(JobQueue).queue('monitoring').removeJobScheduler(DailySweepSchedule.id);
    // A tick that started as the scheduler went runs to its end; one that met another run in the database
    // is retried with exponential backoff (1, 2, 4, 8 s …), which under the load of the other suites and
    // the browser journeys was once seen to outlast 20 s.
    await settled(t, { timeoutMs: 60_000 });
    await second.close();
    second = undefined;

    const runs = (await sweepRuns(t)).filter((r) => r.trigger === 'schedule');
    const ids = runs.map((r) => r.jobId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const run of runs) {
      expect(run).toMatchObject({
        jobId: expect.stringMatching(/^repeat:monitoring-daily-sweep:\d+$/),
        organizationId: null,
        day: '2026-01-15',
        finishedAt: expect.any(Date),
        stats: expect.objectContaining({ remindersQueued: 0 }),
      });
    }
    // The tick (in real time) is part of the job id: whole seconds, all different.
    const ticks = runs.map((r) => tickOf(r.jobId));
    expect(ticks.every((tick) => tick % 1000 === 0)).toBe(true);
    expect(new Set(ticks).size).toBe(ticks.length);
    // While both ran, about one run per second of the window: never two for one tick.
    const inWindow = ticks.filter((tick) => tick >= windowStart && tick <= windowEnd);
    expect(inWindow.length).toBeGreaterThanOrEqual(2);
    expect(inWindow.length).toBeLessThanOrEqual(Math.ceil((windowEnd - windowStart) / 1000) + 1);

    // The queue delivers a job at least once: a retry after a failed attempt (two overlapping runs can meet
    // in the database), or a job taken again because its worker's lock lapsed under load (seen in CI on a
    // loaded machine: one tick's job completed twice). What must hold is the effect: one recorded run per
    // tick (above), a second execution of the same job finding its run recorded and changing nothing.
    const seen = [...active.keys()].filter((id) => id.startsWith('repeat:monitoring-daily-sweep:'));
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const id of seen) expect(active.get(id)).toBeGreaterThanOrEqual(1);
    const completedIds = [...completed.keys()].filter((id) =>
      id.startsWith('repeat:monitoring-daily-sweep:'),
    );
    for (const id of completedIds) expect(ids).toContain(id);
  }, 150_000);
});
