import { addDays } from '../src/platform/clock/clock';
import {
  createProcessor,
  createUser,
  engagedProcessor,
  postTransferCheck,
  reloginAll,
  secondOrganization,
  setupOrganization,
  TestOrganization,
  TestUser,
  waitForProcessor,
  staff,
  NO_SCHEDULED_SWEEP,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const HOUR = 3_600_000;
const PANELS = [
  'breach-clocks',
  'overdue-monitoring',
  'expiring-agreements',
  'expiring-assessments',
  'objection-windows',
  'offboardings-due',
  'processors',
  'transfer-decisions',
] as const;

describe('the dashboard: one summary route per panel', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let legal: TestUser;
  let dpo: TestUser;
  let procurement: TestUser;
  let auditor: TestUser;
  let otherDpo: TestUser;
  let mailo: { id: string; name: string };
  let cloudly: { id: string; name: string };
  let cloudlyAgreement: { id: string };
  const panel = async (name: (typeof PANELS)[number], user: TestUser = dpo) => {
    const res = await t.as(user.accessToken).get(`/dashboard/${name}`);
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
      status: 200,
      type: expect.stringMatching(/^application\/json/),
    });
    return res.body;
  };
  const today = () => t.clock.today();

  beforeAll(async () => {
    t = await createTestApp({ env: { SWEEP_CRON: NO_SCHEDULED_SWEEP } });
    org = await setupOrganization(t, { organizationName: 'Acme GmbH' });
    ({ legal, dpo, procurement, auditor } = await staff(t, org, {
      legal: ['legal'],
      dpo: ['dpo', 'legal'],
      procurement: ['procurement'],
      auditor: ['auditor'],
    }));
    other = await secondOrganization(t, { organizationName: 'Beta AG' });
    otherDpo = await createUser(t, other.admin.accessToken, { roles: ['dpo', 'legal'] });
    mailo = (await engagedProcessor(t, legal.accessToken, dpo.accessToken, { name: 'Mailo GmbH' })).processor;
    const engaged = await engagedProcessor(
      t,
      legal.accessToken,
      dpo.accessToken,
      { name: 'Cloudly GmbH' },
      { expiresOn: addDays(today(), 45) },
    );
    cloudly = engaged.processor;
    cloudlyAgreement = engaged.agreement;
  });
  afterAll(() => t?.close());

  it('a fresh organisation: every panel answers, empty, and another organisation sees nothing of Acme', async () => {
    for (const name of PANELS) await panel(name, otherDpo);
    expect(await panel('breach-clocks', otherDpo)).toEqual({
      items: [],
      total: 0,
      overdue: 0,
      asOf: t.clock.now().toISOString(),
    });
    expect(await panel('processors', otherDpo)).toMatchObject({ total: 0 });
    expect(await panel('transfer-decisions', otherDpo)).toMatchObject({
      eligible: 0,
      refused: 0,
      reasons: [],
    });
  });

  it('each panel answers only to the roles that may read its feature', async () => {
    const refused = async (name: string, user: TestUser) => {
      const res = await t.as(user.accessToken).get(`/dashboard/${name}`);
      expect({ name, status: res.status, type: res.headers['content-type'] }).toEqual({
        name,
        status: 403,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
    };
    await refused('breach-clocks', procurement);
    await refused('overdue-monitoring', procurement);
    await refused('offboardings-due', procurement);
    await refused('transfer-decisions', org.admin);
    await panel('processors', procurement);
    await panel('transfer-decisions', procurement);
    for (const name of PANELS) await panel(name, auditor);
    const anonymous = await t.as(null).get('/dashboard/processors');
    expect(anonymous.status).toBe(401);
  });

  it('processors by risk and by status, archived ones left out', async () => {
    await createProcessor(t, legal.accessToken, { name: 'Proposed Ltd' });
    const gone = await createProcessor(t, legal.accessToken, { name: 'Archived Ltd' });
    expect((await t.as(legal.accessToken).post(`/processors/${gone.id}/archive`)).status).toBe(200);
    const body = await panel('processors');
    expect(body.total).toBe(3);
    expect(body.byStatus).toEqual(
      expect.arrayContaining([
        { key: 'active', count: 2 },
        { key: 'proposed', count: 1 },
        { key: 'offboarded', count: 0 },
      ]),
    );
    expect(body.byStatus).toHaveLength(7);
    expect(body.byRisk.map((r: { key: string }) => r.key)).toEqual([
      'low',
      'medium',
      'high',
      'critical',
      'unrated',
    ]);
    expect(body.byRisk.find((r: { key: string }) => r.key === 'unrated').count).toBe(1);
    expect(body.byRisk.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBe(3);
  });

  it("the gate's decisions of 30 days: eligible and refused per day, refusals by reason code", async () => {
    const contact = { dataCategories: ['user.contact.email'], purpose: 'marketing.communications.email' };
    expect(
      (await postTransferCheck(t, procurement.accessToken, { processorId: mailo.id, ...contact })).body
        .eligible,
    ).toBe(true);
    const refused = await postTransferCheck(t, procurement.accessToken, {
      processorId: mailo.id,
      ...contact,
      destinationCountry: 'US',
    });
    expect(refused.body.eligible).toBe(false);
    const codes = (refused.body.reasons as { code: string }[]).map((r) => r.code);
    const body = await panel('transfer-decisions', procurement);
    expect(body).toMatchObject({ from: addDays(today(), -29), to: today(), eligible: 1, refused: 1 });
    expect(body.days).toHaveLength(30);
    expect(body.days[29]).toEqual({ day: today(), eligible: 1, refused: 1 });
    expect(body.days[0]).toEqual({ day: addDays(today(), -29), eligible: 0, refused: 0 });
    expect(body.reasons).toEqual(codes.map((code) => ({ code, count: 1 })));
    expect(await panel('transfer-decisions', otherDpo)).toMatchObject({ eligible: 0, refused: 0 });
  });

  it('agreements ending within 90 days, with the processor they bind', async () => {
    expect(await panel('expiring-agreements')).toEqual({
      total: 1,
      withinDays: 90,
      items: [
        {
          id: cloudlyAgreement.id,
          processorId: cloudly.id,
          processorName: 'Cloudly GmbH',
          title: expect.any(String),
          expiresOn: addDays(today(), 45),
        },
      ],
    });
  });

  it('an announced sub-processor while its objection window is open', async () => {
    const noticeOn = addDays(today(), -5);
    const sub = await createProcessor(t, legal.accessToken, {
      name: 'Bucket Co. Inc.',
      parentId: mailo.id,
      country: 'DE',
      processingCountries: ['DE'],
      services: 'Object storage',
      subprocessorNoticeOn: noticeOn,
    });
    await waitForProcessor(t, legal.accessToken, sub.id, (p) => p.authorizationBasis !== null);
    expect(await panel('objection-windows', legal)).toEqual({
      total: 1,
      items: [
        {
          processorId: sub.id,
          processorName: 'Bucket Co. Inc.',
          parentId: mailo.id,
          parentName: 'Mailo GmbH',
          endsOn: addDays(noticeOn, 30),
        },
      ],
    });
    expect(await panel('objection-windows', otherDpo)).toEqual({ total: 0, items: [] });
  });

  it('a breach notice starts a clock on the dashboard; past 72 hours it is overdue and leads', async () => {
    const now = t.clock.now().getTime();
    const notice = (title: string, reportedAt: number) => ({
      title,
      nature: 'A storage bucket holding the newsletter export was publicly readable.',
      reportedAt: new Date(reportedAt).toISOString(),
      dataCategories: ['user.contact.email'],
      dataSubjectCategories: ['customer'],
    });
    const first = await t
      .as(legal.accessToken)
      .post(`/processors/${mailo.id}/incidents`, notice('Bucket exposed', now - HOUR));
    expect(first.status).toBe(201);
    const body = await panel('breach-clocks');
    expect(body).toEqual({
      total: 1,
      overdue: 0,
      asOf: new Date(now).toISOString(),
      items: [
        {
          id: first.body.id,
          title: 'Bucket exposed',
          processorId: mailo.id,
          processorName: 'Mailo GmbH',
          awareAt: new Date(now - HOUR).toISOString(),
          notificationDeadline: new Date(now + 71 * HOUR).toISOString(),
          overdue: false,
        },
      ],
    });

    t.clock.advance(72 * HOUR);
    await reloginAll(t, [legal, dpo, procurement, auditor, otherDpo]);
    const later = await t
      .as(legal.accessToken)
      .post(`/processors/${cloudly.id}/incidents`, notice('Laptop stolen', t.clock.now().getTime() - HOUR));
    expect(later.status).toBe(201);
    const after = await panel('breach-clocks');
    expect({ total: after.total, overdue: after.overdue }).toEqual({ total: 2, overdue: 1 });
    expect(after.items.map((i: { title: string; overdue: boolean }) => [i.title, i.overdue])).toEqual([
      ['Bucket exposed', true],
      ['Laptop stolen', false],
    ]);

    const notified = await t.as(dpo.accessToken).patch(`/incidents/${first.body.id}`, {
      riskLevel: 'unlikely',
      riskRationale: 'Only business e-mail addresses, already public on the website; no other data.',
    });
    expect(notified.status).toBe(200);
    expect((await panel('breach-clocks')).items.map((i: { title: string }) => i.title)).toEqual([
      'Laptop stolen',
    ]);
    expect(await panel('breach-clocks', otherDpo)).toEqual({
      items: [],
      total: 0,
      overdue: 0,
      asOf: t.clock.now().toISOString(),
    });
  });

  it('an ended agreement: the offboarding is due, then overdue', async () => {
    const terminated = await t.as(legal.accessToken).post(`/agreements/${cloudlyAgreement.id}/terminate`, {
      effectiveOn: today(),
      reason: 'Contract not renewed',
      dataHandling: 'delete',
      dueOn: addDays(today(), 14),
    });
    expect(terminated.status).toBe(200);
    const due = await panel('offboardings-due');
    expect(due).toEqual({
      total: 1,
      items: [
        {
          id: expect.any(String),
          processorId: cloudly.id,
          processorName: 'Cloudly GmbH',
          dataHandling: 'delete',
          dueOn: addDays(today(), 14),
          overdue: false,
        },
      ],
    });
    t.clock.advance(15 * 24 * HOUR);
    await reloginAll(t, [legal, dpo]);
    expect((await panel('offboardings-due')).items[0]).toMatchObject({
      processorName: 'Cloudly GmbH',
      overdue: true,
    });
  });

  it('monitoring checks and findings past their due date', async () => {
    const check = await t.as(legal.accessToken).post(`/processors/${mailo.id}/monitoring-checks`, {
      type: 'audit',
      dueOn: addDays(today(), 3),
    });
    expect(check.status).toBe(201);
    const recorded = await t.as(legal.accessToken).post(`/monitoring-checks/${check.body.id}/result`, {
      result: 'warning',
      notes: 'The backup restore test of 2026 was not documented.',
      findings: [{ title: 'Restore test undocumented', severity: 'medium', dueOn: addDays(today(), 2) }],
    });
    expect(recorded.status).toBe(200);
    const late = await t.as(legal.accessToken).post(`/processors/${mailo.id}/monitoring-checks`, {
      type: 'certification_review',
      dueOn: addDays(today(), 1),
    });
    expect(late.status).toBe(201);
    const before = await panel('overdue-monitoring');
    expect(before.checks.items.map((c: { id: string }) => c.id)).not.toContain(late.body.id);
    expect(before.findings.total).toBe(0);

    t.clock.advance(4 * 24 * HOUR);
    await reloginAll(t, [legal, dpo]);
    const body = await panel('overdue-monitoring');
    expect(body.checks.items).toContainEqual({
      id: late.body.id,
      processorId: mailo.id,
      processorName: 'Mailo GmbH',
      type: 'certification_review',
      dueOn: late.body.dueOn,
    });
    expect(body.findings).toEqual({
      total: 1,
      items: [
        {
          id: recorded.body.findings[0].id,
          processorId: mailo.id,
          processorName: 'Mailo GmbH',
          title: 'Restore test undocumented',
          severity: 'medium',
          status: 'open',
          dueOn: recorded.body.findings[0].dueOn,
        },
      ],
    });
  });

  it('assessments running out within 90 days, and those that have run out', async () => {
    const mailoNow = await t.as(dpo.accessToken).get(`/processors/${mailo.id}`);
    const validUntil = mailoNow.body.assessmentValidUntil as string;
    expect(await panel('expiring-assessments')).toMatchObject({ total: 0, withinDays: 90 });
    t.clock.set(`${addDays(validUntil, 1)}T09:00:00.000Z`);
    await reloginAll(t, [dpo]);
    const body = await panel('expiring-assessments');
    expect(body.items).toContainEqual({
      processorId: mailo.id,
      processorName: 'Mailo GmbH',
      assessmentId: mailoNow.body.approvedAssessmentId,
      validUntil,
      expired: true,
    });
  });
});
