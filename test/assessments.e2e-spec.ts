import { createHash, randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import { mailWordsProblems } from './support/mail-words';
import {
  answersFor,
  AnswerInput,
  binaryParser,
  createProcessor,
  createUser,
  getAssessment,
  nextId,
  perfectAnswer,
  ProcessorInput,
  secondOrganization,
  setupOrganization,
  TemplateQuestion,
  TestOrganization,
  TestUser,
  waitForAssessment,
  waitForProcessor,
  staff,
} from './support/factories';
import { ReceivedMail } from './support/smtp';
import { createTestApp, TestApp } from './support/test-app';
import { mailTo, settled } from './support/wait';
import { expectProblem, fieldsOf } from './support/problems';

const DEFAULT_TEMPLATE_ID = '00000000-0000-4000-8000-000000000001';
const DEFAULT_AREAS = [
  'entry_control',
  'access_control',
  'usage_control',
  'separation_control',
  'transmission_control',
  'input_control',
  'order_control',
  'availability_resilience',
  'review_incident',
  'art32_measures',
  'breach_notification',
  'assistance_cooperation',
  'location_government_access',
  'secure_development',
];
const RISKS = ['low', 'medium', 'high', 'critical'];
/** 2026-01-15 (the test clock) plus the validity of each approvable rating. */
const VALID_UNTIL: Record<string, string> = {
  low: '2028-01-15',
  medium: '2027-01-15',
  high: '2026-07-15',
};

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** A small but well-formed PDF. */
function pdfBytes(label: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${label}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );
}

const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

interface Finding {
  questionId: string;
  area: string;
  text: string;
  critical: boolean;
  severity: string;
  expected: unknown;
  actual: unknown;
}

type Assessment = Awaited<ReturnType<typeof getAssessment>>;

describe('onboarding assessments', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let legal: TestUser;
  let legal2: TestUser;
  let dpo: TestUser;
  let dpo2: TestUser;
  let retiredDpo: TestUser;
  let procurement: TestUser;
  let auditor: TestUser;
  let otherLegal: TestUser;
  const putAnswers = (id: string, answers: AnswerInput[] | object[], token = legal.accessToken) =>
    t.as(token).put(`/assessments/${id}/answers`, { answers });
  const decide = (id: string, token: string, decision: string, comment = `Decision ${decision}`) =>
    t.as(token).post(`/assessments/${id}/decision`, { decision, comment });
  const upload = (
    id: string,
    bytes: Buffer,
    filename: string,
    contentType: string,
    questionId?: string,
    token = legal.accessToken,
  ) => {
    const req = t.as(token).request('post', `/assessments/${id}/evidence`);
    if (questionId !== undefined) req.field('questionId', questionId);
    return req.attach('file', bytes, { filename, contentType });
  };
  /** Downloads a file as a Buffer; an error's problem document is parsed back into an object. */
  const download = async (id: string, evidenceId: string, token: string): Promise<Response> => {
    const res = await t
      .as(token)
      .get(`/assessments/${id}/evidence/${evidenceId}`)
      .buffer(true)
      .parse(binaryParser);
    if (/json/.test(String(res.headers['content-type'])) && Buffer.isBuffer(res.body)) {
      res.body = JSON.parse(res.body.toString('utf8'));
    }
    return res;
  };

  /** A processor (EEA-only unless overridden) and a draft assessment of it from the default template. */
  const start = async (
    overrides: Partial<ProcessorInput> = {},
    templateId?: string,
  ): Promise<{ processor: { id: string; name: string }; assessment: Assessment }> => {
    const processor = await createProcessor(t, legal.accessToken, {
      name: `Vendor ${nextId()}`,
      ...overrides,
    });
    const res = await t
      .as(legal.accessToken)
      .post(`/processors/${processor.id}/assessments`, templateId ? { templateId } : {});
    if (res.status !== 201) {
      throw new Error(`POST /processors/:id/assessments answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    return { processor, assessment: res.body };
  };

  /** Answers (perfectly unless `fail` says otherwise), submits as legal and waits for the worker's score. */
  const answerSubmitAndScore = async (
    assessment: Assessment,
    fail: Parameters<typeof answersFor>[1] = 'none',
  ): Promise<Assessment> => {
    const put = await putAnswers(assessment.id, answersFor(assessment.questions, fail));
    expect({ status: put.status, body: put.status === 200 ? 'ok' : put.body }).toEqual({
      status: 200,
      body: 'ok',
    });
    const submit = await t.as(legal.accessToken).post(`/assessments/${assessment.id}/submit`);
    expect({ status: submit.status, body: submit.body }).toEqual({
      status: 202,
      body: expect.objectContaining({ id: assessment.id, status: 'submitted' }),
    });
    return waitForAssessment(t, legal.accessToken, assessment.id);
  };

  /** Waits until `address` has an e-mail for which `match` holds, flushing the outbox meanwhile. */
  const mentions = (m: ReceivedMail, ...needles: string[]) =>
    needles.some((n) => `${m.subject}\n${m.text}\n${m.html}`.includes(n));

  const processorOf = async (id: string) =>
    (await t.as(legal.accessToken).get(`/processors/${id}`).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    org = await setupOrganization(t, { organizationName: 'Acme GmbH' });
    ({ legal, legal2, dpo, dpo2, retiredDpo } = await staff(t, org, {
      legal: ['legal'],
      legal2: ['legal'],
      dpo: ['dpo'],
      dpo2: ['dpo', 'auditor'],
      retiredDpo: ['dpo'],
    }));
    await t.as(org.admin.accessToken).post(`/users/${retiredDpo.id}/deactivate`).expect(200);
    ({ procurement, auditor } = await staff(t, org, { procurement: ['procurement'], auditor: ['auditor'] }));
    other = await secondOrganization(t, { organizationName: 'Beta AG' });
    otherLegal = await createUser(t, other.admin.accessToken, { roles: ['legal'] });
  });
  afterAll(() => t.close());

  describe("legal's whole workflow", () => {
    it('create processor → assessment → answers and evidence → submit → scored → DPO e-mailed → four-eyes approval', async () => {
      // The processor and an assessment from the default template.
      const processor = await createProcessor(t, legal.accessToken, {
        name: `Workflow Mail ${nextId()}`,
        country: 'DE',
        processingCountries: ['DE', 'IE'],
        intendedDataCategories: ['user.contact.email', 'user.name'],
      });
      expect(processor.status).toBe('proposed');
      const created = await t.as(legal.accessToken).post(`/processors/${processor.id}/assessments`);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        id: expect.any(String),
        processorId: processor.id,
        status: 'draft',
        template: {
          id: DEFAULT_TEMPLATE_ID,
          key: 'custos-default-tom',
          version: expect.any(Number),
          name: expect.any(String),
        },
        answers: [],
        evidence: [],
        score: null,
        areaScores: null,
        riskRating: null,
        validUntil: null,
        submittedBy: null,
        decision: null,
        version: expect.any(Number),
      });
      const assessment = created.body as Assessment;
      const questions = assessment.questions;
      expect(questions.length).toBeGreaterThanOrEqual(30);
      expect(await processorOf(processor.id)).toMatchObject({ status: 'under_assessment' });

      const list = await t.as(auditor.accessToken).get(`/processors/${processor.id}/assessments`);
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
      expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([assessment.id]);

      const twice = await t.as(legal.accessToken).post(`/processors/${processor.id}/assessments`);
      expectProblem(twice, 409, 'ASSESSMENT_IN_PROGRESS');

      // Answers with a comment, and an evidence file.
      const answers = answersFor(questions);
      answers[0].comment = 'See the ISO certificate attached';
      const put = await putAnswers(assessment.id, answers);
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ id: assessment.id, status: 'draft' });
      expect(put.body.answers).toHaveLength(questions.length);
      expect(
        put.body.answers.find((a: { questionId: string }) => a.questionId === questions[0].id),
      ).toMatchObject({
        questionId: questions[0].id,
        value: perfectAnswer(questions[0]),
        comment: 'See the ISO certificate attached',
        answeredBy: legal.id,
        answeredAt: expect.any(String),
      });

      const file = pdfBytes('ISO 27001 certificate');
      const evidence = await upload(assessment.id, file, 'iso27001.pdf', 'application/pdf', questions[0].id);
      expect(evidence.status).toBe(201);
      expect(evidence.body).toMatchObject({
        id: expect.any(String),
        questionId: questions[0].id,
        filename: 'iso27001.pdf',
        contentType: 'application/pdf',
        size: file.length,
        sha256: sha256(file),
      });

      // Only legal submits.
      for (const user of [dpo, procurement, auditor]) {
        expectProblem(
          await t.as(user.accessToken).post(`/assessments/${assessment.id}/submit`),
          403,
          'FORBIDDEN',
        );
      }

      // Submit; the worker scores it.
      const submitted = await t.as(legal.accessToken).post(`/assessments/${assessment.id}/submit`);
      expect(submitted.status).toBe(202);
      expect(submitted.body).toMatchObject({ id: assessment.id, status: 'submitted' });
      const scored = await waitForAssessment(t, legal.accessToken, assessment.id);
      expect(scored).toMatchObject({
        status: 'in_review',
        score: 100,
        findings: [],
        riskRating: 'low',
        validUntil: null,
        submittedBy: legal.id,
        submittedAt: expect.any(String),
        decision: null,
      });
      const areaScores = scored.areaScores as Record<string, number>;
      expect(Object.keys(areaScores).length).toBeGreaterThan(5);
      expect(Object.keys(areaScores).every((k) => DEFAULT_AREAS.includes(k))).toBe(true);
      expect(Object.values(areaScores).every((v) => v === 100)).toBe(true);
      expect(scored.evidence).toEqual([
        expect.objectContaining({
          id: evidence.body.id,
          questionId: questions[0].id,
          filename: 'iso27001.pdf',
          sha256: sha256(file),
          size: file.length,
          uploadedAt: expect.any(String),
        }),
      ]);

      // Every active DPO is told, and nobody else.
      const aboutIt = (m: ReceivedMail) => m.subject.includes(processor.name);
      await mailTo(t, dpo.email, aboutIt);
      await mailTo(t, dpo2.email, aboutIt);
      await settled(t);
      const dpoMails = t.smtp.messages.filter(aboutIt);
      const recipients = new Set(dpoMails.flatMap((m) => m.to));
      expect([...recipients].sort()).toEqual([dpo.email, dpo2.email].sort());
      for (const mail of dpoMails) {
        expect(mail.subject).toContain(processor.name);
        // The reviewer decides on the assessment's console page; the e-mail names no API call.
        expect(mail.text).toContain(
          "Decide on the assessment's page in Custos: approve it, reject it or ask for changes.",
        );
        expect(mailWordsProblems(mail, `${t.config.publicUrl}/assessments/${assessment.id}`)).toEqual([]);
      }

      // The submitter may not approve her own assessment; procurement and auditors may not decide at all.
      const own = await decide(assessment.id, legal.accessToken, 'approve');
      expectProblem(own, 403, 'SELF_DECISION_FORBIDDEN');
      expectProblem(await decide(assessment.id, procurement.accessToken, 'approve'), 403, 'FORBIDDEN');
      expectProblem(await decide(assessment.id, auditor.accessToken, 'approve'), 403, 'FORBIDDEN');
      expect((await getAssessment(t, legal.accessToken, assessment.id)).status).toBe('in_review');

      // The DPO approves.
      const approved = await decide(assessment.id, dpo.accessToken, 'approve', 'Sufficient guarantees');
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        id: assessment.id,
        status: 'approved',
        riskRating: 'low',
        score: 100,
        decision: {
          decision: 'approve',
          comment: 'Sufficient guarantees',
          decidedBy: dpo.id,
          decidedAt: t.clock.now().toISOString(),
        },
      });
      expect(String(approved.body.validUntil).slice(0, 10)).toBe('2028-01-15');

      const engaged = await t.as(procurement.accessToken).get(`/processors/${processor.id}`);
      expect(engaged.status).toBe(200);
      expect(engaged.body).toMatchObject({
        status: 'approved',
        riskRating: 'low',
        approvedAssessmentId: assessment.id,
      });
      expect(String(engaged.body.assessmentValidUntil).slice(0, 10)).toBe('2028-01-15');

      // The submitter hears of the decision.
      const decided = await mailTo(
        t,
        legal.email,
        (m) => mentions(m, processor.name, assessment.id) && /approv/i.test(m.subject),
      );
      expect(decided.length).toBeGreaterThanOrEqual(1);
      expect(decided[0].to).toEqual([legal.email]);
      expect(decided[0].text).toContain(
        `The assessment of ${processor.name} that you submitted was decided: approved.`,
      );
      expect(mailWordsProblems(decided[0], `${t.config.publicUrl}/assessments/${assessment.id}`)).toEqual([]);

      // A decided assessment is closed.
      const again = await decide(assessment.id, legal2.accessToken, 'reject');
      expect(again.status).toBe(409);
      expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
      const final = await getAssessment(t, auditor.accessToken, assessment.id);
      expect(final).toMatchObject({
        status: 'approved',
        decision: { decision: 'approve', decidedBy: dpo.id },
      });
    });

    it('freezes the answers once submitted: 409 ASSESSMENT_NOT_EDITABLE in review and after the decision', async () => {
      const { assessment } = await start();
      const scored = await answerSubmitAndScore(assessment);
      expect(scored.status).toBe('in_review');
      const q = assessment.questions.find((x) => x.answerType === 'boolean')!;
      const change = [{ questionId: q.id, value: !perfectAnswer(q), comment: 'Changed after submitting' }];

      expectProblem(await putAnswers(assessment.id, change), 409, 'ASSESSMENT_NOT_EDITABLE');
      const inReview = await getAssessment(t, legal.accessToken, assessment.id);
      expect(inReview.status).toBe('in_review');
      expect(
        (inReview.answers as { questionId: string; value: unknown }[]).find((a) => a.questionId === q.id),
      ).toMatchObject({ value: perfectAnswer(q) });

      await decide(assessment.id, dpo.accessToken, 'approve').expect(200);
      expectProblem(await putAnswers(assessment.id, change), 409, 'ASSESSMENT_NOT_EDITABLE');
      const approved = await getAssessment(t, legal.accessToken, assessment.id);
      expect(approved.status).toBe('approved');
      expect(
        (approved.answers as { questionId: string; value: unknown }[]).find((a) => a.questionId === q.id),
      ).toMatchObject({ value: perfectAnswer(q) });
    });

    it('goes round a request for changes: changes_requested → draft on edit → submitted again → approved', async () => {
      const { processor, assessment } = await start();
      const scored = await answerSubmitAndScore(assessment);
      expect(scored.status).toBe('in_review');

      const asked = await decide(
        assessment.id,
        dpo2.accessToken,
        'request_changes',
        'Please attach the SOC 2 report',
      );
      expect(asked.status).toBe(200);
      expect(asked.body).toMatchObject({
        status: 'changes_requested',
        decision: expect.objectContaining({ decision: 'request_changes', decidedBy: dpo2.id }),
      });
      expect(await processorOf(processor.id)).toMatchObject({ status: 'under_assessment', riskRating: null });
      await mailTo(
        t,
        legal.email,
        (m) => mentions(m, processor.name, assessment.id) && /change/i.test(m.subject),
      );

      // Still open: no second assessment.
      expectProblem(
        await t.as(legal.accessToken).post(`/processors/${processor.id}/assessments`),
        409,
        'ASSESSMENT_IN_PROGRESS',
      );

      const q = assessment.questions.find((x) => x.answerType === 'boolean')!;
      const edited = await putAnswers(assessment.id, [
        { questionId: q.id, value: perfectAnswer(q), comment: 'SOC 2 report attached' },
      ]);
      expect(edited.status).toBe(200);
      expect(edited.body.status).toBe('draft');
      expect(edited.body.answers).toHaveLength(assessment.questions.length);
      expect(edited.body.answers.find((a: { questionId: string }) => a.questionId === q.id)).toMatchObject({
        comment: 'SOC 2 report attached',
      });

      const resubmitted = await t.as(legal.accessToken).post(`/assessments/${assessment.id}/submit`);
      expect(resubmitted.status).toBe(202);
      expect(resubmitted.body).toMatchObject({ id: assessment.id, status: 'submitted' });
      const rescored = await waitForAssessment(t, legal.accessToken, assessment.id);
      expect(rescored).toMatchObject({ status: 'in_review', score: 100, riskRating: 'low' });

      // Another legal user (not the submitter) may decide.
      const approved = await decide(assessment.id, legal2.accessToken, 'approve', 'Thanks');
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        status: 'approved',
        decision: expect.objectContaining({ decision: 'approve', decidedBy: legal2.id }),
      });
      expect(await processorOf(processor.id)).toMatchObject({ status: 'approved', riskRating: 'low' });
    });

    it('rejects: one finding per failed question, area scores, and the processor becomes rejected', async () => {
      const { processor, assessment } = await start();
      const questions = assessment.questions;
      const minQ = questions.find((q) => q.answerType === 'number' && q.expected?.min === 10)!;
      const maxQ = questions.find((q) => q.answerType === 'number' && q.expected?.max === 10)!;
      expect(minQ).toBeDefined();
      expect(maxQ).toBeDefined();
      const failed = (q: TemplateQuestion) =>
        (q.area === 'entry_control' && !!q.expected) || q.id === minQ.id || q.id === maxQ.id;
      const failedIds = questions.filter(failed).map((q) => q.id);
      expect(failedIds.length).toBeGreaterThan(3);

      const scored = await answerSubmitAndScore(assessment, failed);
      expect(scored.status).toBe('in_review');
      const findings = scored.findings as Finding[];
      expect(findings.map((f) => f.questionId).sort()).toEqual([...failedIds].sort());
      for (const f of findings) {
        const q = questions.find((x) => x.id === f.questionId)!;
        expect(f).toMatchObject({
          area: q.area,
          text: expect.any(String),
          critical: q.critical,
          severity: expect.any(String),
        });
      }
      expect(findings.find((f) => f.questionId === minQ.id)).toMatchObject({
        expected: { min: 10 },
        actual: 5,
      });
      expect(findings.find((f) => f.questionId === maxQ.id)).toMatchObject({ expected: { max: 10 } });
      const score = scored.score as number;
      expect(score).toBeGreaterThan(0);
      expect(score).toBeLessThan(100);
      const areaScores = scored.areaScores as Record<string, number>;
      expect(areaScores.entry_control).toBe(0);
      expect(areaScores.access_control).toBeGreaterThan(0);
      expect(areaScores.access_control).toBeLessThan(100);
      expect(areaScores.separation_control).toBe(100);
      expect(RISKS).toContain(scored.riskRating);

      const rejected = await decide(assessment.id, dpo.accessToken, 'reject', 'Physical security is lacking');
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({
        status: 'rejected',
        validUntil: null,
        decision: expect.objectContaining({ decision: 'reject', comment: 'Physical security is lacking' }),
      });
      expect(await processorOf(processor.id)).toMatchObject({
        status: 'rejected',
        approvedAssessmentId: null,
        assessmentValidUntil: null,
      });
      await mailTo(
        t,
        legal.email,
        (m) => mentions(m, processor.name, assessment.id) && /reject/i.test(m.subject),
      );
    });

    it('refuses to approve a critical risk (409 CRITICAL_RISK_NOT_APPROVABLE)', async () => {
      const { processor, assessment } = await start({
        intendedDataCategories: ['user.health_and_medical'],
        processingCountries: ['DE', 'IN'],
      });
      const scored = await answerSubmitAndScore(assessment, 'all');
      expect(scored).toMatchObject({ status: 'in_review', riskRating: 'critical' });
      const findings = scored.findings as Finding[];
      const scoreable = assessment.questions.filter((q) => q.expected);
      expect(findings).toHaveLength(scoreable.length);
      expect(
        findings
          .filter((f) => f.critical)
          .map((f) => f.questionId)
          .sort(),
      ).toEqual(
        scoreable
          .filter((q) => q.critical)
          .map((q) => q.id)
          .sort(),
      );
      expect(scored.score as number).toBeLessThan(20);

      const refused = await decide(assessment.id, dpo.accessToken, 'approve', 'Risk accepted');
      expectProblem(refused, 409, 'CRITICAL_RISK_NOT_APPROVABLE');
      expect((await getAssessment(t, legal.accessToken, assessment.id)).status).toBe('in_review');
      expect(await processorOf(processor.id)).toMatchObject({ status: 'under_assessment', riskRating: null });

      // It can still be rejected.
      expect((await decide(assessment.id, dpo.accessToken, 'reject')).status).toBe(200);
      expect((await processorOf(processor.id)).status).toBe('rejected');
    });

    it('raises the rating for special categories, third countries and failed critical questions', async () => {
      const health = await start({ intendedDataCategories: ['user.health_and_medical'] });
      const healthScored = await answerSubmitAndScore(health.assessment);
      expect(healthScored).toMatchObject({ status: 'in_review', score: 100, findings: [] });
      expect(['medium', 'high']).toContain(healthScored.riskRating);

      const abroad = await start({
        intendedDataCategories: ['user.health_and_medical'],
        processingCountries: ['DE', 'IN'],
      });
      const abroadScored = await answerSubmitAndScore(abroad.assessment);
      expect(abroadScored).toMatchObject({ status: 'in_review', score: 100 });
      expect(RISKS.indexOf(abroadScored.riskRating as string)).toBeGreaterThan(
        RISKS.indexOf(healthScored.riskRating as string),
      );

      const weak = await start();
      const weakScored = await answerSubmitAndScore(weak.assessment, (q) => q.critical);
      expect(['high', 'critical']).toContain(weakScored.riskRating);
      expect((weakScored.findings as Finding[]).every((f) => f.critical)).toBe(true);
      expect((weakScored.findings as Finding[]).length).toBe(
        weak.assessment.questions.filter((q) => q.critical).length,
      );

      // Approval sets the validity by the rating.
      const approved = await decide(health.assessment.id, dpo.accessToken, 'approve', 'Medium is acceptable');
      expect(approved.status).toBe(200);
      const expected = VALID_UNTIL[healthScored.riskRating as string];
      expect(String(approved.body.validUntil).slice(0, 10)).toBe(expected);
      const p = await processorOf(health.processor.id);
      expect(p).toMatchObject({ status: 'approved', riskRating: healthScored.riskRating });
      expect(String(p.assessmentValidUntil).slice(0, 10)).toBe(expected);
    });
  });

  describe('answers', () => {
    it('validates each value against its answer type and stores nothing from a bad request', async () => {
      const { assessment } = await start();
      const byType = (type: TemplateQuestion['answerType']) =>
        assessment.questions.find((q) => q.answerType === type)!;
      const [bool, num, choice, text, date] = (['boolean', 'number', 'choice', 'text', 'date'] as const).map(
        byType,
      );
      for (const q of [bool, num, choice, text, date]) expect(q).toBeDefined();
      const good = { questionId: bool.id, value: true };
      const cases: { entry: object; field: string }[] = [
        { entry: { questionId: bool.id, value: 'yes' }, field: 'answers[1].value' },
        { entry: { questionId: num.id, value: '12' }, field: 'answers[1].value' },
        { entry: { questionId: choice.id, value: 'Something not offered' }, field: 'answers[1].value' },
        { entry: { questionId: text.id, value: 42 }, field: 'answers[1].value' },
        { entry: { questionId: date.id, value: '15/01/2026' }, field: 'answers[1].value' },
        { entry: { questionId: 'NOPE-99', value: true }, field: 'answers[1].questionId' },
      ];
      const results = [];
      for (const c of cases) {
        const res = await putAnswers(assessment.id, [good, c.entry]);
        results.push({ status: res.status, code: res.body.code, named: fieldsOf(res).includes(c.field) });
      }
      expect(results).toEqual(cases.map(() => ({ status: 400, code: 'VALIDATION_FAILED', named: true })));
      expect((await getAssessment(t, legal.accessToken, assessment.id)).answers).toEqual([]);

      // Only legal writes answers.
      for (const user of [dpo, procurement, auditor]) {
        expectProblem(await putAnswers(assessment.id, [good], user.accessToken), 403, 'FORBIDDEN');
      }
    });

    it('merges answers by question, and refuses a submission with unanswered questions', async () => {
      const { assessment } = await start();
      const qs = assessment.questions;
      const bool = qs.find((q) => q.answerType === 'boolean')!;
      const num = qs.find((q) => q.answerType === 'number')!;
      const date = qs.find((q) => q.answerType === 'date')!;

      const first = await putAnswers(assessment.id, [
        { questionId: bool.id, value: true, comment: 'Yes, badge readers' },
        { questionId: date.id, value: '2025-11-30' },
      ]);
      expect(first.status).toBe(200);
      expect(first.body.answers).toHaveLength(2);
      const second = await putAnswers(assessment.id, [
        { questionId: num.id, value: 12 },
        { questionId: bool.id, value: false },
      ]);
      expect(second.status).toBe(200);
      const byId = Object.fromEntries(
        (second.body.answers as { questionId: string; value: unknown }[]).map((a) => [a.questionId, a]),
      );
      expect(Object.keys(byId).sort()).toEqual([bool.id, date.id, num.id].sort());
      expect(byId[bool.id]).toMatchObject({ value: false, answeredBy: legal.id });
      expect(byId[num.id]).toMatchObject({ value: 12 });
      expect(byId[date.id]).toMatchObject({ value: '2025-11-30' });

      // Answer all but two scoreable questions; text and unscored date questions may stay empty.
      const skip = [
        qs.find((q) => q.answerType === 'boolean' && q.id !== bool.id)!,
        qs.find((q) => q.answerType === 'choice')!,
      ];
      const rest = answersFor(qs).filter(
        (a) =>
          !skip.some((s) => s.id === a.questionId) &&
          !qs.some((q) => q.id === a.questionId && (q.answerType === 'text' || q.answerType === 'date')),
      );
      await putAnswers(assessment.id, rest).expect(200);
      const missing = await t.as(legal.accessToken).post(`/assessments/${assessment.id}/submit`);
      expectProblem(missing, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(missing).sort()).toEqual(skip.map((q) => `answers.${q.id}`).sort());
      expect((await getAssessment(t, legal.accessToken, assessment.id)).status).toBe('draft');
    });
  });

  describe('evidence', () => {
    it('stores a file with its SHA-256 and gives back exactly the same bytes', async () => {
      const { assessment } = await start();
      const q = assessment.questions[1];
      const files = [
        {
          bytes: pdfBytes('SOC 2 Type II'),
          name: 'soc2-report.pdf',
          type: 'application/pdf',
          questionId: q.id,
        },
        { bytes: PNG_BYTES, name: 'server-room.png', type: 'image/png', questionId: undefined },
        {
          bytes: Buffer.from('control,status\nbackup,ok\nrestore test,ok\n'),
          name: 'controls.csv',
          type: 'text/csv',
          questionId: undefined,
        },
        {
          bytes: Buffer.from('Plain notes about the audit.\n'),
          name: 'notes.txt',
          type: 'text/plain',
          questionId: q.id,
        },
      ];
      const uploaded: { id: string }[] = [];
      for (const f of files) {
        const res = await upload(assessment.id, f.bytes, f.name, f.type, f.questionId);
        expect({ name: f.name, status: res.status }).toEqual({ name: f.name, status: 201 });
        expect(res.body).toMatchObject({
          id: expect.any(String),
          questionId: f.questionId ?? null,
          filename: f.name,
          size: f.bytes.length,
          sha256: sha256(f.bytes),
        });
        expect(res.body.contentType).toMatch(new RegExp(`^${f.type.replace('/', '\\/')}`));
        uploaded.push(res.body);
      }

      for (const [i, f] of files.entries()) {
        for (const user of [legal, auditor, dpo]) {
          const res = await download(assessment.id, uploaded[i].id, user.accessToken);
          expect({ name: f.name, status: res.status }).toEqual({ name: f.name, status: 200 });
          const body = res.body as Buffer;
          expect(Buffer.isBuffer(body)).toBe(true);
          expect(body.equals(f.bytes)).toBe(true);
          expect(sha256(body)).toBe(sha256(f.bytes));
          expect(res.headers['content-type']).toMatch(new RegExp(`^${f.type.replace('/', '\\/')}`));
          expect(res.headers['content-disposition']).toMatch(
            new RegExp(`^attachment;\\s*filename="${f.name}"`),
          );
        }
      }

      const read = await getAssessment(t, legal.accessToken, assessment.id);
      expect((read.evidence as { id: string }[]).map((e) => e.id).sort()).toEqual(
        uploaded.map((e) => e.id).sort(),
      );

      // Procurement reads the assessment and sees which files back it, but may not open them.
      const asProcurement = await t.as(procurement.accessToken).get(`/assessments/${assessment.id}`);
      expect(asProcurement.status).toBe(200);
      expect((asProcurement.body.evidence as { id: string }[]).map((e) => e.id).sort()).toEqual(
        uploaded.map((e) => e.id).sort(),
      );
      const denied = await download(assessment.id, uploaded[0].id, procurement.accessToken);
      expectProblem(denied, 403, 'FORBIDDEN');
      // Only legal uploads.
      expectProblem(
        await upload(assessment.id, pdfBytes('x'), 'x.pdf', 'application/pdf', undefined, dpo.accessToken),
        403,
        'FORBIDDEN',
      );
    });

    it('refuses a type outside the allow-list (415), an oversized file (413) and a missing file (400)', async () => {
      const { assessment } = await start();
      const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0x90)]);
      const bad = await upload(assessment.id, exe, 'setup.exe', 'application/x-msdownload');
      expectProblem(bad, 415, 'UNSUPPORTED_MEDIA_TYPE');

      const big = Buffer.concat([pdfBytes('big'), Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)]);
      const tooBig = await upload(assessment.id, big, 'huge.pdf', 'application/pdf');
      expectProblem(tooBig, 413, 'PAYLOAD_TOO_LARGE');

      const none = await t
        .as(legal.accessToken)
        .request('post', `/assessments/${assessment.id}/evidence`)
        .field('questionId', assessment.questions[0].id);
      expectProblem(none, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(none)).toContain('file');

      expect((await getAssessment(t, legal.accessToken, assessment.id)).evidence).toEqual([]);
    });

    it("answers 404 for another organisation's assessment and evidence, exactly as for unknown ids", async () => {
      const { assessment } = await start();
      const file = pdfBytes('confidential');
      const ev = await upload(assessment.id, file, 'dpa.pdf', 'application/pdf');
      expect(ev.status).toBe(201);

      // The other organisation has an assessment of its own.
      const theirProcessor = await createProcessor(t, otherLegal.accessToken, { name: `Theirs ${nextId()}` });
      const theirs = await t.as(otherLegal.accessToken).post(`/processors/${theirProcessor.id}/assessments`);
      expect(theirs.status).toBe(201);

      const shape = (res: Response) => ({
        status: res.status,
        code: res.body?.code,
        type: res.headers['content-type'],
      });
      const missing = randomUUID();
      const q = assessment.questions[0];
      const probes: [string, (id: string) => Promise<Response>][] = [
        ['get', (id) => t.as(other.admin.accessToken).get(`/assessments/${id}`)],
        [
          'answers',
          (id) => putAnswers(id, [{ questionId: q.id, value: perfectAnswer(q) }], otherLegal.accessToken),
        ],
        ['submit', (id) => t.as(otherLegal.accessToken).post(`/assessments/${id}/submit`)],
        ['decision', (id) => decide(id, otherLegal.accessToken, 'approve')],
        [
          'upload',
          (id) => upload(id, pdfBytes('y'), 'y.pdf', 'application/pdf', undefined, otherLegal.accessToken),
        ],
        ['download', (id) => download(id, ev.body.id, other.admin.accessToken)],
      ];
      for (const [label, call] of probes) {
        const foreign = shape(await call(assessment.id));
        const unknown = shape(await call(missing));
        expect({ label, ...foreign }).toEqual({
          label,
          status: 404,
          code: 'NOT_FOUND',
          type: expect.stringMatching(/^application\/problem\+json/),
        });
        expect({ label, ...foreign }).toEqual({ label, ...unknown });
      }

      // Our evidence id under their own assessment is not found either.
      const crossed = await download(theirs.body.id, ev.body.id, other.admin.accessToken);
      const unknownEvidence = await download(theirs.body.id, randomUUID(), other.admin.accessToken);
      expect(shape(crossed)).toEqual({
        status: 404,
        code: 'NOT_FOUND',
        type: expect.stringMatching(/^application\/problem\+json/),
      });
      expect(shape(crossed)).toEqual(shape(unknownEvidence));

      // Nothing changed on our side.
      const ours = await getAssessment(t, legal.accessToken, assessment.id);
      expect(ours).toMatchObject({ status: 'draft', answers: [] });
      expect((ours.evidence as { id: string }[]).map((e) => e.id)).toEqual([ev.body.id]);
      const bytes = await download(assessment.id, ev.body.id, legal.accessToken);
      expect((bytes.body as Buffer).equals(file)).toBe(true);
    });
  });

  describe('templates', () => {
    const customTemplate = (key: string, name = 'Acme cloud checklist') => ({
      key,
      name,
      description: 'A short questionnaire for cloud vendors',
      areas: [
        { key: 'crypto', name: 'Cryptography' },
        { key: 'people', name: 'People' },
      ],
      questions: [
        {
          id: 'C-1',
          area: 'crypto',
          text: 'Is the data encrypted at rest?',
          answerType: 'boolean',
          weight: 3,
          critical: true,
          expected: { equals: true },
        },
        {
          id: 'C-2',
          area: 'crypto',
          text: 'Symmetric key length in bits',
          answerType: 'number',
          weight: 2,
          critical: false,
          expected: { min: 128 },
        },
        {
          id: 'P-1',
          area: 'people',
          text: 'Who is background-checked?',
          answerType: 'choice',
          options: ['All staff', 'Administrators only', 'Nobody'],
          weight: 2,
          critical: false,
          expected: { oneOf: ['All staff', 'Administrators only'] },
        },
        {
          id: 'P-2',
          area: 'people',
          text: 'Describe the security training',
          answerType: 'text',
          weight: 1,
          critical: false,
        },
      ],
    });

    it('lists the built-in default template with at least 30 questions across the TOM areas', async () => {
      const list = await t.as(legal.accessToken).get('/assessment-templates');
      expect(list.status).toBe(200);
      const items = list.body.items as { id: string; key: string; builtIn: boolean; questionCount: number }[];
      const def = items.find((i) => i.id === DEFAULT_TEMPLATE_ID);
      expect(def).toMatchObject({
        id: DEFAULT_TEMPLATE_ID,
        key: 'custos-default-tom',
        version: expect.any(Number),
        name: expect.any(String),
        builtIn: true,
      });
      expect(def!.questionCount).toBeGreaterThanOrEqual(30);

      const res = await t.as(auditor.accessToken).get(`/assessment-templates/${DEFAULT_TEMPLATE_ID}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: DEFAULT_TEMPLATE_ID,
        key: 'custos-default-tom',
        builtIn: true,
        name: expect.any(String),
        description: expect.any(String),
      });
      const areas = (res.body.areas as { key: string; name: string }[]).map((a) => a.key);
      expect(areas).toEqual(expect.arrayContaining(DEFAULT_AREAS));
      const questions = res.body.questions as TemplateQuestion[];
      expect(questions).toHaveLength(def!.questionCount);
      expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
      for (const area of DEFAULT_AREAS) {
        expect({ area, has: questions.some((q) => q.area === area) }).toEqual({ area, has: true });
      }
      for (const q of questions) {
        expect({ id: q.id, ok: areas.includes(q.area) }).toEqual({ id: q.id, ok: true });
        expect(q).toMatchObject({
          text: expect.any(String),
          weight: expect.any(Number),
          critical: expect.any(Boolean),
        });
        expect(['boolean', 'number', 'choice', 'text', 'date']).toContain(q.answerType);
        if (q.answerType === 'choice') {
          expect(q.options!.length).toBeGreaterThan(1);
          for (const o of q.expected?.oneOf ?? []) expect(q.options).toContain(o);
        }
      }
      expect(questions.some((q) => q.answerType === 'number' && q.expected?.min === 10)).toBe(true);
      expect(questions.some((q) => q.answerType === 'number' && q.expected?.max === 10)).toBe(true);
      expect(questions.filter((q) => q.critical).length).toBeGreaterThan(0);

      // An assessment made from it carries the same questions.
      const { assessment } = await start();
      expect(assessment.questions.map((q) => q.id)).toEqual(questions.map((q) => q.id));
    });

    it('adds custom templates as new immutable versions and makes assessments from them', async () => {
      const key = `acme-cloud-${nextId()}`;
      const v1 = await t.as(legal.accessToken).post('/assessment-templates', customTemplate(key, 'Cloud v1'));
      expect(v1.status).toBe(201);
      expect(v1.body).toMatchObject({
        id: expect.any(String),
        key,
        version: 1,
        builtIn: false,
        name: 'Cloud v1',
      });

      const v2 = await t.as(legal.accessToken).post('/assessment-templates', customTemplate(key, 'Cloud v2'));
      expect(v2.status).toBe(201);
      expect(v2.body).toMatchObject({ key, version: 2, builtIn: false, name: 'Cloud v2' });
      expect(v2.body.id).not.toBe(v1.body.id);

      const list = await t.as(dpo.accessToken).get('/assessment-templates').expect(200);
      const mine = (list.body.items as { id: string; key: string; version: number; questionCount: number }[])
        .filter((i) => i.key === key)
        .map((i) => ({ id: i.id, version: i.version, questionCount: i.questionCount }))
        .sort((a, b) => a.version - b.version);
      expect(mine).toEqual([
        { id: v1.body.id, version: 1, questionCount: 4 },
        { id: v2.body.id, version: 2, questionCount: 4 },
      ]);

      const first = await t.as(legal.accessToken).get(`/assessment-templates/${v1.body.id}`).expect(200);
      expect(first.body).toMatchObject({ key, version: 1, name: 'Cloud v1', builtIn: false });
      expect(first.body.areas).toEqual(customTemplate(key).areas.map((a) => expect.objectContaining(a)));
      expect(first.body.questions).toEqual(
        customTemplate(key).questions.map((q) => expect.objectContaining(q)),
      );

      const { processor, assessment } = await start({}, v2.body.id);
      expect(assessment).toMatchObject({
        processorId: processor.id,
        status: 'draft',
        template: { id: v2.body.id, key, version: 2, name: 'Cloud v2' },
      });
      expect(assessment.questions.map((q) => q.id)).toEqual(['C-1', 'C-2', 'P-1', 'P-2']);

      // A template key names its newest version; an unknown key names the field and creates nothing.
      const other = await createProcessor(t, legal.accessToken);
      const byKey = await t.as(legal.accessToken).post(`/processors/${other.id}/assessments`, {
        templateKey: key,
      });
      expect(byKey.status).toBe(201);
      expect(byKey.body.template).toEqual({ id: v2.body.id, key, version: 2, name: 'Cloud v2' });
      const third = await createProcessor(t, legal.accessToken);
      const unknown = await t.as(legal.accessToken).post(`/processors/${third.id}/assessments`, {
        templateKey: 'no-such-template',
      });
      expectProblem(unknown, 400, 'VALIDATION_FAILED');
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'templateKey' })]);
      const none = await t.as(legal.accessToken).get(`/processors/${third.id}/assessments`).expect(200);
      expect(none.body.total).toBe(0);

      // Only legal writes templates.
      for (const user of [dpo, procurement, auditor]) {
        expectProblem(
          await t.as(user.accessToken).post('/assessment-templates', customTemplate(`sneaky-${nextId()}`)),
          403,
          'FORBIDDEN',
        );
      }
    });

    it('refuses an invalid template naming the field', async () => {
      const key = `broken-${nextId()}`;
      const base = customTemplate(key);
      const cases: { body: object; field: (f: string) => boolean; label: string }[] = [
        {
          label: 'area not in areas',
          body: {
            ...base,
            questions: base.questions.map((q, i) => (i === 1 ? { ...q, area: 'nowhere' } : q)),
          },
          field: (f) => f === 'questions[1].area',
        },
        {
          label: 'duplicate id',
          body: { ...base, questions: base.questions.map((q, i) => (i === 1 ? { ...q, id: 'C-1' } : q)) },
          field: (f) => f.startsWith('questions[1]'),
        },
        {
          label: 'choice without options',
          body: {
            ...base,
            questions: base.questions.map((q, i) =>
              i === 2 ? { ...q, options: undefined, expected: undefined } : q,
            ),
          },
          field: (f) => f.startsWith('questions[2].options'),
        },
        {
          label: 'oneOf not among the options',
          body: {
            ...base,
            questions: base.questions.map((q, i) =>
              i === 2 ? { ...q, expected: { oneOf: ['Everyone'] } } : q,
            ),
          },
          field: (f) => f.startsWith('questions[2].expected'),
        },
      ];
      const results = [];
      for (const c of cases) {
        const res = await t.as(legal.accessToken).post('/assessment-templates', c.body);
        results.push({
          label: c.label,
          status: res.status,
          code: res.body.code,
          named: fieldsOf(res).some(c.field),
        });
      }
      expect(results).toEqual(
        cases.map((c) => ({ label: c.label, status: 400, code: 'VALIDATION_FAILED', named: true })),
      );
      const list = await t.as(legal.accessToken).get('/assessment-templates').expect(200);
      expect(list.body.items.map((i: { key: string }) => i.key)).not.toContain(key);
    });

    it("answers 404 for another organisation's template", async () => {
      const theirs = await t
        .as(otherLegal.accessToken)
        .post('/assessment-templates', customTemplate(`beta-${nextId()}`));
      expect(theirs.status).toBe(201);

      const foreign = await t.as(legal.accessToken).get(`/assessment-templates/${theirs.body.id}`);
      const unknown = await t.as(legal.accessToken).get(`/assessment-templates/${randomUUID()}`);
      expectProblem(foreign, 404, 'NOT_FOUND');
      expect({ status: foreign.status, code: foreign.body.code }).toEqual({
        status: unknown.status,
        code: unknown.body.code,
      });
      const list = await t.as(legal.accessToken).get('/assessment-templates').expect(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(theirs.body.id);
      // The built-in template is everyone's.
      const theirList = await t.as(other.admin.accessToken).get('/assessment-templates').expect(200);
      expect(theirList.body.items.map((i: { id: string }) => i.id)).toContain(DEFAULT_TEMPLATE_ID);

      // Nor can an assessment be made from it.
      const processor = await createProcessor(t, legal.accessToken);
      const res = await t.as(legal.accessToken).post(`/processors/${processor.id}/assessments`, {
        templateId: theirs.body.id,
      });
      expect([400, 404]).toContain(res.status);
      expect((await t.as(legal.accessToken).get(`/processors/${processor.id}/assessments`)).body.total).toBe(
        0,
      );
      expect(await processorOf(processor.id)).toMatchObject({ status: 'proposed' });
    });
  });

  describe('submission and scoring rules', () => {
    /** The assessment as stored, minus what reading it adds: to show a refused request changed nothing. */
    const stored = async (id: string) => {
      const a = await getAssessment(t, legal.accessToken, id);
      return { status: a.status, version: a.version, submittedAt: a.submittedAt, answers: a.answers };
    };

    it('refuses to submit a critical question with neither evidence for it nor a reason in its comment, naming answers.<id>.comment', async () => {
      const { assessment } = await start();
      const critical = assessment.questions.filter((q) => q.critical);
      expect(critical.length).toBeGreaterThanOrEqual(3);
      const [withEvidence, blankReason, ...rest] = critical;
      const answers = answersFor(assessment.questions).map((a) => {
        if (a.questionId === blankReason.id) return { ...a, comment: '   ' };
        return a.comment ? { questionId: a.questionId, value: a.value } : a;
      });
      await putAnswers(assessment.id, answers).expect(200);
      // Evidence for the assessment as a whole, or for another question, is not evidence for this one.
      await upload(assessment.id, pdfBytes('general'), 'policy.pdf', 'application/pdf').expect(201);
      await upload(assessment.id, pdfBytes('q'), 'mfa.pdf', 'application/pdf', withEvidence.id).expect(201);
      const before = await stored(assessment.id);

      const refused = await t.as(legal.accessToken).post(`/assessments/${assessment.id}/submit`);
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(refused).sort()).toEqual(
        [blankReason, ...rest].map((q) => `answers.${q.id}.comment`).sort(),
      );
      expect(refused.body.errors[0]).toMatchObject({ rule: 'evidenceOrReason', message: expect.any(String) });
      expect(await stored(assessment.id)).toEqual(before);
      expect(before.status).toBe('draft');

      // A reason for each of the others lets it through; the one with evidence needs none.
      await putAnswers(
        assessment.id,
        [blankReason, ...rest].map((q) => ({
          questionId: q.id,
          value: perfectAnswer(q),
          comment: 'The certificate covers it; the auditor keeps the report on site.',
        })),
      ).expect(200);
      const submitted = await t.as(legal.accessToken).post(`/assessments/${assessment.id}/submit`);
      expect({ status: submitted.status, state: submitted.body.status }).toEqual({
        status: 202,
        state: 'submitted',
      });
    });

    it('weighs where authorised sub-processors process: a third country without adequacy raises the rating one level, an objected sub-processor does not', async () => {
      const subProcessor = async (parentId: string, name: string, decision: 'authorize' | 'object') => {
        const sub = await createProcessor(t, legal.accessToken, {
          name,
          parentId,
          country: 'IN',
          processingCountries: ['IN'],
          services: 'Offshore support desk',
        });
        await waitForProcessor(t, legal.accessToken, sub.id, (p) => p.authorizationBasis !== null);
        const res = await t.as(legal.accessToken).post(`/processors/${sub.id}/authorization`, {
          decision,
          note: decision === 'object' ? 'Support from India was never part of the service.' : undefined,
        });
        expect({ status: res.status, authorization: res.body.authorizationStatus }).toEqual({
          status: 200,
          authorization: decision === 'authorize' ? 'authorized' : 'objected',
        });
      };

      const plain = await start();
      const plainScored = await answerSubmitAndScore(plain.assessment);
      expect(plainScored).toMatchObject({
        score: 100,
        riskRating: 'low',
        riskFactors: ['overall score 100'],
      });

      const chained = await start();
      const helpdesk = `Helpdesk ${nextId()} Pvt Ltd`;
      await subProcessor(chained.processor.id, helpdesk, 'authorize');
      const chainedScored = await answerSubmitAndScore(chained.assessment);
      expect(chainedScored).toMatchObject({
        score: 100,
        findings: [],
        riskRating: 'medium',
        riskFactors: [
          'overall score 100',
          `sub-processors in third countries without adequacy (${helpdesk}: IN)`,
        ],
      });

      const objected = await start();
      await subProcessor(objected.processor.id, `Refused ${nextId()} Pvt Ltd`, 'object');
      const objectedScored = await answerSubmitAndScore(objected.assessment);
      expect(objectedScored).toMatchObject({ riskRating: 'low', riskFactors: ['overall score 100'] });
    });

    it("scores the age of the last external audit and asks the default template's new questions", async () => {
      const { assessment } = await start();
      const ids = assessment.questions.map((q) => q.id);
      for (const id of ['AST-01', 'AST-02', 'AST-04', 'LOC-01', 'LOC-03', 'GOV-01', 'GOV-02']) {
        expect(ids).toContain(id);
      }
      for (const id of ['REV-07', 'SDV-01', 'SDV-02', 'SDV-03', 'ORD-09']) expect(ids).toContain(id);
      const audit = assessment.questions.find((q) => q.id === 'REV-05')!;
      expect(audit).toMatchObject({ answerType: 'date', expected: { withinMonths: 12 } });

      // Unanswered, the audit date is now required like any scored question.
      await putAnswers(
        assessment.id,
        answersFor(assessment.questions).filter((a) => a.questionId !== 'REV-05'),
      ).expect(200);
      const missing = await t.as(legal.accessToken).post(`/assessments/${assessment.id}/submit`);
      expectProblem(missing, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(missing)).toEqual(['answers.REV-05']);

      // Fourteen months before the test clock's 2026-01-15 is too old: a finding, not a pass.
      await putAnswers(assessment.id, [{ questionId: 'REV-05', value: '2024-11-15' }]).expect(200);
      await t.as(legal.accessToken).post(`/assessments/${assessment.id}/submit`).expect(202);
      const scored = await waitForAssessment(t, legal.accessToken, assessment.id);
      expect(scored.findings).toEqual([
        expect.objectContaining({
          questionId: 'REV-05',
          expected: { withinMonths: 12 },
          actual: '2024-11-15',
          critical: false,
        }),
      ]);
      expect((scored.areaScores as Record<string, number>).review_incident).toBeLessThan(100);
    });

    describe('conditional questions', () => {
      const conditionalTemplate = (key: string) => ({
        key,
        name: 'Hosting checklist',
        areas: [{ key: 'hosting', name: 'Hosting' }],
        questions: [
          {
            id: 'H-1',
            area: 'hosting',
            text: 'Is all data kept in the EEA?',
            answerType: 'boolean',
            weight: 2,
            critical: false,
            expected: { equals: true },
          },
          {
            id: 'H-2',
            area: 'hosting',
            text: 'Is a transfer impact assessment documented for each third country?',
            answerType: 'boolean',
            weight: 4,
            critical: true,
            expected: { equals: true },
            showIf: { questionId: 'H-1', equals: false },
          },
          {
            id: 'H-3',
            area: 'hosting',
            text: 'Are backups encrypted with keys held by the controller?',
            answerType: 'boolean',
            weight: 3,
            critical: false,
            expected: { equals: true },
            showIf: { service: 'backup' },
          },
        ],
      });

      it('refuses a condition on an unknown or later question, or with a value it cannot take, naming the field and storing nothing', async () => {
        const key = `conditional-${nextId()}`;
        const base = conditionalTemplate(key);
        const withShowIf = (index: number, showIf: object) => ({
          ...base,
          questions: base.questions.map((q, i) => (i === index ? { ...q, showIf } : q)),
        });
        const cases = [
          {
            body: withShowIf(1, { questionId: 'H-9', equals: false }),
            field: 'questions[1].showIf.questionId',
          },
          {
            body: withShowIf(0, { questionId: 'H-2', equals: true }),
            field: 'questions[0].showIf.questionId',
          },
          { body: withShowIf(1, { questionId: 'H-1', equals: 'no' }), field: 'questions[1].showIf.equals' },
          { body: withShowIf(2, { service: '' }), field: 'questions[2].showIf.service' },
          { body: withShowIf(2, { when: 'always' }), field: 'questions[2].showIf' },
        ];
        const results = [];
        for (const c of cases) {
          const res = await t.as(legal.accessToken).post('/assessment-templates', c.body);
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          results.push({ field: c.field, status: res.status, code: res.body.code, fields: fieldsOf(res) });
        }
        expect(results).toEqual(
          cases.map((c) => ({ field: c.field, status: 400, code: 'VALIDATION_FAILED', fields: [c.field] })),
        );
        const list = await t.as(legal.accessToken).get('/assessment-templates').expect(200);
        expect(list.body.items.map((i: { key: string }) => i.key)).not.toContain(key);
      });

      it('neither requires nor scores a hidden question, and requires and scores it once its condition holds', async () => {
        const created = await t
          .as(legal.accessToken)
          .post('/assessment-templates', conditionalTemplate(`conditional-${nextId()}`));
        expect(created.status).toBe(201);
        expect(created.body.questions[1].showIf).toEqual({ questionId: 'H-1', equals: false });

        // Payroll software: H-3 (backups) is hidden by the service, H-2 by the answer to H-1.
        const payroll = await start({ services: 'Payroll software' }, created.body.id);
        await putAnswers(payroll.assessment.id, [{ questionId: 'H-1', value: true }]).expect(200);
        await t.as(legal.accessToken).post(`/assessments/${payroll.assessment.id}/submit`).expect(202);
        const payrollScored = await waitForAssessment(t, legal.accessToken, payroll.assessment.id);
        expect(payrollScored).toMatchObject({ score: 100, findings: [], areaScores: { hosting: 100 } });

        // Backup hosting outside the EEA: both show, so both are required, and the critical one needs a reason.
        const backups = await start({ services: 'Managed BACKUP storage' }, created.body.id);
        await putAnswers(backups.assessment.id, [{ questionId: 'H-1', value: false }]).expect(200);
        const missing = await t.as(legal.accessToken).post(`/assessments/${backups.assessment.id}/submit`);
        expectProblem(missing, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(missing).sort()).toEqual(['answers.H-2', 'answers.H-3']);
        await putAnswers(backups.assessment.id, [
          { questionId: 'H-2', value: false },
          { questionId: 'H-3', value: true },
        ]).expect(200);
        const unexplained = await t
          .as(legal.accessToken)
          .post(`/assessments/${backups.assessment.id}/submit`);
        expectProblem(unexplained, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(unexplained)).toEqual(['answers.H-2.comment']);
        expect((await getAssessment(t, legal.accessToken, backups.assessment.id)).status).toBe('draft');
        await putAnswers(backups.assessment.id, [
          { questionId: 'H-2', value: false, comment: 'No assessment exists yet; it is being written.' },
        ]).expect(200);
        await t.as(legal.accessToken).post(`/assessments/${backups.assessment.id}/submit`).expect(202);
        const backupsScored = await waitForAssessment(t, legal.accessToken, backups.assessment.id);
        expect((backupsScored.findings as Finding[]).map((f) => f.questionId)).toEqual(['H-1', 'H-2']);
      });
    });
  });
});
