import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Response } from 'supertest';
import { addDays, humanUtc } from '../src/platform/clock/clock';
import { RedisService } from '../src/platform/redis/redis.service';
import {
  allAuditEvents,
  answersFor,
  binaryParser,
  createProcessor,
  createUser,
  engagedProcessor,
  nextId,
  postTransferCheck,
  reloginAll,
  secondOrganization,
  setupOrganization,
  TemplateQuestion,
  TestOrganization,
  TestUser,
  uniqueEmail,
  waitForAssessment,
  waitForProcessor,
  staff,
  NO_SCHEDULED_SWEEP,
  CONTACT,
} from './support/factories';
import { expectProblem, fieldsOf } from './support/problems';
import { RedisProxy } from './support/redis-proxy';
import { mailWordsProblems, replyTo } from './support/mail-words';
import { ReceivedMail } from './support/smtp';
import { createTestApp, TestApp } from './support/test-app';
import { eventually, redisReconnected, settled } from './support/wait';

/*
 * The processor portal (issue 14): legal e-mails a link to a processor's contact, who answers the
 * assessment, notifies a breach, announces a sub-processor or confirms the return or destruction of the
 * data through it, without an account. The token lives only in the e-mail: never in a response, the
 * database, the outbox or a log line.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TOKEN_IN_LINK = /http:\/\/localhost:3000\/portal#([A-Za-z0-9_-]{43})/;
/** A cron that does not fire while the tests run. */
/** Contact data for e-mail marketing: inside the default agreement scope. */

const sha256 = (value: Buffer | string): string => createHash('sha256').update(value).digest('hex');

function pdfBytes(label: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${label}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );
}

/**
 * Everything the server writes to standard output (pino writes through process.stdout.write once that is
 * replaced, as here, and straight to file descriptor 1 otherwise),
 * kept instead of printed, so that the test can look for tokens in it.
 */
function captureStdout(): { text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const original = fs.writeSync.bind(fs) as (...args: unknown[]) => number;
  const spy = jest
    .spyOn(fs, 'writeSync')
    .mockImplementation((fd: number, data: unknown, ...rest: unknown[]) => {
      if (fd !== 1) return original(fd, data, ...rest);
      const text = typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString('utf8');
      chunks.push(text);
      return Buffer.byteLength(text);
    });
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((data: unknown) => {
    chunks.push(typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString('utf8'));
    return true;
  });
  return {
    text: () => chunks.join(''),
    restore: () => {
      spy.mockRestore();
      write.mockRestore();
    },
  };
}

/** Every token the tests received by e-mail: none may appear in a log line or at rest. */
const tokens: string[] = [];
let log: ReturnType<typeof captureStdout>;
// One capture for the whole file: the logger of the first app may serve later ones too.
beforeAll(() => {
  log = captureStdout();
});
afterAll(() => log?.restore());

describe('the processor portal', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let legal: TestUser;
  let dpo: TestUser;
  let procurement: TestUser;
  let auditor: TestUser;
  let otherLegal: TestUser;

  const today = () => t.clock.today();
  /** The portal as the supplier holding the link `token` (paths relative to /portal). */
  const portal = (token: string) => {
    const as = t.as({ portal: token });
    return {
      get: (path: string) => as.get(`/portal${path}`),
      post: (path: string, body: object = {}) => as.post(`/portal${path}`, body),
      put: (path: string, body: object) => as.put(`/portal${path}`, body),
      upload: (bytes: Buffer, filename: string, contentType: string, questionId?: string) => {
        const req = as.request('post', '/portal/assessment/evidence');
        if (questionId) req.field('questionId', questionId);
        return req.attach('file', bytes, { filename, contentType });
      },
      download: (path: string) => as.get(`/portal${path}`).buffer(true).parse(binaryParser),
    };
  };

  /** The e-mails to `address` that `predicate` selects, once every queued e-mail has been sent. */
  const mailsTo = async (address: string, predicate: (m: ReceivedMail) => boolean = () => true) => {
    await t.smtp.waitFor((all) => all.some((m) => m.to.includes(address) && predicate(m)));
    await settled(t);
    return t.smtp.to(address).filter(predicate);
  };

  /** The token of the one link in an e-mail, the same in its text and its HTML. */
  const tokenOf = (mail: ReceivedMail): string => {
    const found = [...mail.text.matchAll(new RegExp(TOKEN_IN_LINK, 'g'))].map((m) => m[1]);
    expect(found).toHaveLength(1);
    expect(mail.html).toContain(`http://localhost:3000/portal#${found[0]}`);
    tokens.push(found[0]);
    return found[0];
  };

  const linkBody = (overrides: object = {}) => ({
    contactEmail: uniqueEmail('contact', 'vendor.example'),
    contactName: 'Jana Novak',
    purposes: ['breach_notice'],
    expiresOn: addDays(today(), 30),
    ...overrides,
  });

  /** Legal creates a link; only its id and expiry come back. Answers the token from the e-mail. */
  const sendLink = async (
    processorId: string,
    body: ReturnType<typeof linkBody> & Record<string, unknown>,
  ) => {
    const res = await t.as(legal.accessToken).post(`/processors/${processorId}/portal-links`, body);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 201,
      body: { id: expect.stringMatching(UUID), expiresOn: body.expiresOn },
    });
    const [mail, ...more] = await mailsTo(body.contactEmail);
    expect(more).toEqual([]);
    return { id: res.body.id as string, token: tokenOf(mail), mail };
  };

  const newAssessment = async (processorId: string, body: object = {}) => {
    const res = await t.as(legal.accessToken).post(`/processors/${processorId}/assessments`, body);
    expect(res.status).toBe(201);
    return res.body as { id: string; questions: TemplateQuestion[] };
  };

  const gate = (processorId: string) =>
    postTransferCheck(t, procurement.accessToken, { processorId, ...CONTACT });
  const codesOf = (res: Response): string[] => (res.body.reasons as { code: string }[]).map((r) => r.code);

  /** A problem without its request id, to compare two refusals. */
  const sameAnswer = (res: Response) => {
    const { requestId: _requestId, ...rest } = res.body as Record<string, unknown>;
    return { status: res.status, body: rest };
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'debug', SWEEP_CRON: NO_SCHEDULED_SWEEP } });
    org = await setupOrganization(t, { organizationName: 'Acme GmbH' });
    other = await secondOrganization(t);
    legal = await createUser(t, org.admin.accessToken, { roles: ['legal'], name: 'Lena Legal' });
    ({ dpo, procurement, auditor } = await staff(t, org, {
      dpo: ['dpo'],
      procurement: ['procurement'],
      auditor: ['auditor'],
    }));
    otherLegal = await createUser(t, other.admin.accessToken, { roles: ['legal'] });
  }, 180_000);
  afterAll(() => t?.close(), 180_000);

  describe('an assessment answered by the contact', () => {
    let processor: Awaited<ReturnType<typeof createProcessor>>;
    let assessment: { id: string; questions: TemplateQuestion[] };
    let link: Awaited<ReturnType<typeof sendLink>>;
    let contactEmail: string;

    it('e-mails the contact a link that says who asks, what, and by when; the API never shows it', async () => {
      processor = await createProcessor(t, legal.accessToken, { name: `Cloudly ${nextId()}` });
      assessment = await newAssessment(processor.id);
      contactEmail = uniqueEmail('jana', 'cloudly.example');
      const expiresOn = addDays(today(), 30);
      link = await sendLink(
        processor.id,
        linkBody({ contactEmail, purposes: ['assessment'], assessmentId: assessment.id, expiresOn }),
      );
      expect(link.mail.to).toEqual([contactEmail]);
      expect(link.mail.subject).toBe(`Acme GmbH asks ${processor.name} for information by ${expiresOn}`);
      expect(link.mail.text).toContain('Dear Jana Novak');
      expect(link.mail.text).toContain(
        'answer our questionnaire on technical and organisational data protection',
      );
      expect(link.mail.text).toContain(`${assessment.questions.length} questions`);
      expect(link.mail.text).toContain(`The link works until ${expiresOn}`);
      expect(link.mail.text).toContain(`Sent on behalf of Lena Legal (${legal.email}), Acme GmbH.\n`);
      expect(link.mail.text).not.toContain('GmbH..');
      // The contact's questions go to the user who asked.
      expect(replyTo(link.mail)).toEqual([legal.email]);
      expect(mailWordsProblems(link.mail)).toEqual([]);

      // Only the SHA-256 is kept; neither the outbox nor the mail log holds the token.
      const [row] = await t.dataSource.query<{ token_hash: string }[]>(
        'SELECT token_hash FROM portal_link WHERE id = $1',
        [link.id],
      );
      expect(row.token_hash).toBe(sha256(link.token));
      const atRest = JSON.stringify(
        await t.dataSource.query(
          `SELECT (SELECT json_agg(o) FROM outbox o) AS outbox, (SELECT json_agg(m) FROM mail_message m) AS mails,
                  (SELECT json_agg(a) FROM audit_event a) AS audit`,
        ),
      );
      expect(atRest).not.toContain(link.token);

      const listed = await t.as(auditor.accessToken).get(`/processors/${processor.id}/portal-links`);
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual({
        items: [
          {
            id: link.id,
            processorId: processor.id,
            contactEmail,
            contactName: 'Jana Novak',
            purposes: ['assessment'],
            assessmentId: assessment.id,
            offboardingId: null,
            expiresOn,
            status: 'active',
            lastUsedAt: null,
            revokedAt: null,
            createdBy: legal.id,
            createdAt: expect.any(String),
          },
        ],
        total: 1,
        page: 1,
        pageSize: 20,
      });
      expect(JSON.stringify(listed.body)).not.toContain(link.token);
      expectProblem(
        await t.as(procurement.accessToken).get(`/processors/${processor.id}/portal-links`),
        403,
        'FORBIDDEN',
      );
      expectProblem(
        await t.as(dpo.accessToken).post(`/processors/${processor.id}/portal-links`, linkBody()),
        403,
        'FORBIDDEN',
      );
    });

    it('lets the contact answer every question, upload evidence and submit', async () => {
      const contact = portal(link.token);
      const session = await contact.get('/session');
      expect({ status: session.status, body: session.body }).toEqual({
        status: 200,
        body: {
          processor: { name: processor.name },
          organization: { name: 'Acme GmbH' },
          contact: { name: 'Jana Novak' },
          purposes: ['assessment'],
          assessment: {
            id: assessment.id,
            status: 'draft',
            templateName: expect.any(String),
            questionCount: assessment.questions.length,
            answeredCount: 0,
          },
          expiresOn: addDays(today(), 30),
        },
      });

      const questionnaire = await contact.get('/assessment');
      expect(questionnaire.status).toBe(200);
      expect(questionnaire.body.questions).toEqual(assessment.questions);
      expect(questionnaire.body).not.toHaveProperty('score');
      expect(questionnaire.body).not.toHaveProperty('findings');

      // Answers are saved as they go: half first, then the rest. One critical question has no reason in
      // its comment: its evidence must come as a document.
      const critical = assessment.questions.find((q) => q.critical)!;
      const answers = answersFor(assessment.questions).map((a) =>
        a.questionId === critical.id ? { questionId: a.questionId, value: a.value } : a,
      );
      const half = Math.floor(answers.length / 2);
      const first = await contact.put('/assessment/answers', { answers: answers.slice(0, half) });
      expect({ status: first.status, answered: first.body.answers.length }).toEqual({
        status: 200,
        answered: half,
      });
      const bad = await contact.put('/assessment/answers', {
        answers: [{ questionId: 'NOPE-1', value: true }],
      });
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(bad)).toEqual(['answers[0].questionId']);
      const rest = await contact.put('/assessment/answers', { answers: answers.slice(half) });
      expect({ status: rest.status, answered: rest.body.answers.length }).toEqual({
        status: 200,
        answered: answers.length,
      });

      // The same rule as legal's submission: a critical question needs evidence or the reason there is none.
      const early = await contact.post('/assessment/submit');
      expectProblem(early, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(early)).toEqual([`answers.${critical.id}.comment`]);
      expect((await contact.get('/assessment')).body).toMatchObject({ status: 'draft', submittedAt: null });

      const pdf = pdfBytes('ISO 27001 certificate');
      const uploaded = await contact.upload(pdf, 'iso-27001.pdf', 'application/pdf', critical.id);
      expect({ status: uploaded.status, body: uploaded.body }).toEqual({
        status: 201,
        body: {
          id: expect.stringMatching(UUID),
          questionId: critical.id,
          filename: 'iso-27001.pdf',
          contentType: 'application/pdf',
          size: pdf.length,
          sha256: sha256(pdf),
          uploadedAt: expect.any(String),
        },
      });
      // The same checks as legal's upload: an executable is refused.
      const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0x90)]);
      expectProblem(
        await contact.upload(exe, 'setup.exe', 'application/x-msdownload'),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      const back = await contact.download(`/assessment/evidence/${uploaded.body.id}`);
      expect({ status: back.status, sha: sha256(back.body as Buffer) }).toEqual({
        status: 200,
        sha: sha256(pdf),
      });

      const submitted = await contact.post('/assessment/submit');
      expect({ status: submitted.status, body: submitted.body }).toEqual({
        status: 202,
        body: { id: assessment.id, status: 'submitted' },
      });
    });

    it('shows legal the submitted answers of the contact; the DPO is told and a second person approves', async () => {
      const scored = await waitForAssessment(t, legal.accessToken, assessment.id);
      expect(scored.status).toBe('in_review');
      expect(scored.submittedBy).toBe(link.id);
      const answers = scored.answers as { questionId: string; answeredBy: string }[];
      expect(answers).toHaveLength(assessment.questions.length);
      expect(new Set(answers.map((a) => a.answeredBy))).toEqual(new Set([link.id]));
      expect((scored.evidence as { filename: string }[]).map((e) => e.filename)).toEqual(['iso-27001.pdf']);

      const [review] = await mailsTo(dpo.email, (m) => m.subject.includes(`Assessment of ${processor.name}`));
      expect(review.subject).toMatch(/awaits your review/);

      const events = await allAuditEvents(t, dpo.accessToken, { entityId: assessment.id });
      const byContact = events.filter((e) => e.actorType === 'processor_contact');
      expect(byContact.map((e) => e.action).sort()).toEqual([
        'assessment.answers_saved',
        'assessment.answers_saved',
        'assessment.submitted',
      ]);
      expect(new Set(byContact.map((e) => e.actorId))).toEqual(new Set([link.id]));

      const approved = await t.as(dpo.accessToken).post(`/assessments/${assessment.id}/decision`, {
        decision: 'approve',
        comment: 'Sufficient guarantees',
      });
      expect({ status: approved.status, state: approved.body.status }).toEqual({
        status: 200,
        state: 'approved',
      });
      // Decided: the contact can no longer change the answers.
      expectProblem(
        await portal(link.token).put('/assessment/answers', {
          answers: answersFor(assessment.questions.slice(0, 1)),
        }),
        409,
        'ASSESSMENT_NOT_EDITABLE',
      );
    });

    it('refuses what the link was not sent for (403) and opens nothing outside the portal', async () => {
      const contact = portal(link.token);
      const breach = await contact.post('/incidents', {
        title: 'Lost laptop',
        nature: 'A laptop was stolen',
      });
      expectProblem(breach, 403, 'PORTAL_PURPOSE_NOT_GRANTED');
      expectProblem(await contact.post('/sub-processors', {}), 403, 'PORTAL_PURPOSE_NOT_GRANTED');
      expectProblem(await contact.get('/offboarding'), 403, 'PORTAL_PURPOSE_NOT_GRANTED');
      expect(await t.dataSource.query('SELECT id FROM incident')).toEqual([]);

      for (const auth of [`Portal ${link.token}`, `Bearer ${link.token}`]) {
        for (const path of [`/processors/${processor.id}`, `/assessments/${assessment.id}`, '/auth/me']) {
          const res = await t.as(null).get(path).set('Authorization', auth);
          expectProblem(res, 401, 'UNAUTHENTICATED');
        }
      }
      // A user's token is no portal token either.
      expectProblem(await t.as(legal.accessToken).get('/portal/session'), 401, 'PORTAL_LINK_INVALID');

      const listed = await t.as(legal.accessToken).get(`/processors/${processor.id}/portal-links`);
      expect(listed.body.items[0].lastUsedAt).toBe(t.clock.now().toISOString());
    });

    it('answers a revoked link as it answers a wrong one (401), revealing nothing', async () => {
      const wrong = await portal('x'.repeat(43)).get('/session');
      expectProblem(wrong, 401, 'PORTAL_LINK_INVALID');
      const revoked = await t.as(legal.accessToken).post(`/portal-links/${link.id}/revoke`);
      expect({ status: revoked.status, body: revoked.body }).toEqual({ status: 204, body: {} });
      const after = await portal(link.token).get('/session');
      expect(sameAnswer(after)).toEqual(sameAnswer(wrong));
      expect(JSON.stringify(after.body)).not.toContain(processor.name);
      expectProblem(
        await t.as(legal.accessToken).post(`/portal-links/${link.id}/revoke`),
        409,
        'PORTAL_LINK_REVOKED',
      );
      const listed = await t.as(legal.accessToken).get(`/processors/${processor.id}/portal-links`);
      expect(listed.body.items[0]).toMatchObject({
        status: 'revoked',
        revokedAt: t.clock.now().toISOString(),
      });
      const events = await allAuditEvents(t, dpo.accessToken, { entityId: link.id });
      expect(events.map((e) => [e.action, e.actorId])).toEqual([
        ['portal_link.revoked', legal.id],
        ['portal_link.created', legal.id],
      ]);
    });
  });

  describe('links and processors', () => {
    it('invites the processor contact when an assessment starts with inviteContact', async () => {
      const privacy = uniqueEmail('privacy', 'mailo.example');
      const processor = await createProcessor(t, legal.accessToken, {
        name: `Mailo ${nextId()}`,
        privacyContact: { name: 'Pia Privacy', email: privacy },
      });
      const assessment = await newAssessment(processor.id, { inviteContact: true });
      const [mail, ...more] = await mailsTo(privacy);
      expect(more).toEqual([]);
      expect(mail.text).toContain('Dear Pia Privacy');
      const expiresOn = addDays(today(), 60);
      expect(mail.subject).toBe(`Acme GmbH asks ${processor.name} for information by ${expiresOn}`);
      const session = await portal(tokenOf(mail)).get('/session');
      expect(session.body).toMatchObject({
        purposes: ['assessment'],
        assessment: { id: assessment.id, status: 'draft' },
        expiresOn,
      });
    });

    it("gives a link of processor A a 404 for anything of processor B's", async () => {
      const a = await createProcessor(t, legal.accessToken, { name: `Alpha ${nextId()}` });
      const b = await createProcessor(t, legal.accessToken, { name: `Beta ${nextId()}` });
      const assessmentA = await newAssessment(a.id);
      const assessmentB = await newAssessment(b.id);
      const linkA = await sendLink(
        a.id,
        linkBody({ purposes: ['assessment'], assessmentId: assessmentA.id }),
      );
      const linkB = await sendLink(
        b.id,
        linkBody({ purposes: ['assessment'], assessmentId: assessmentB.id }),
      );
      const evidenceB = await portal(linkB.token).upload(pdfBytes('B'), 'b.pdf', 'application/pdf');
      expect(evidenceB.status).toBe(201);

      expectProblem(
        await portal(linkA.token).get(`/assessment/evidence/${evidenceB.body.id}`),
        404,
        'NOT_FOUND',
      );
      const sessionA = await portal(linkA.token).get('/session');
      expect(sessionA.body.processor).toEqual({ name: a.name });
      expect(JSON.stringify(sessionA.body)).not.toContain(b.name);

      // Legal cannot point A's link at B's assessment, nor reach another organisation's processor.
      const crossed = await t
        .as(legal.accessToken)
        .post(
          `/processors/${a.id}/portal-links`,
          linkBody({ purposes: ['assessment'], assessmentId: assessmentB.id }),
        );
      expectProblem(crossed, 404, 'NOT_FOUND');
      expectProblem(
        await t.as(otherLegal.accessToken).post(`/processors/${a.id}/portal-links`, linkBody()),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await t.as(otherLegal.accessToken).get(`/processors/${a.id}/portal-links`),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await t.as(otherLegal.accessToken).post(`/portal-links/${linkA.id}/revoke`),
        404,
        'NOT_FOUND',
      );
      const listed = await t.as(legal.accessToken).get(`/processors/${a.id}/portal-links`);
      expect(listed.body.items.map((l: { id: string }) => l.id)).toEqual([linkA.id]);
    });

    it('refuses bad link requests naming the field, and stores nothing', async () => {
      const processor = await createProcessor(t, legal.accessToken);
      const assessment = await newAssessment(processor.id);
      const cases: [object, string[]][] = [
        [
          { purposes: ['assessment'], assessmentId: assessment.id, expiresOn: addDays(today(), 61) },
          ['expiresOn'],
        ],
        [{ purposes: ['breach_notice'], expiresOn: addDays(today(), 400) }, ['expiresOn']],
        [{ purposes: ['breach_notice'], expiresOn: addDays(today(), -1) }, ['expiresOn']],
        [{ purposes: ['assessment'] }, ['assessmentId']],
        [{ purposes: [] }, ['purposes']],
        [{ purposes: ['everything'] }, ['purposes']],
        [{ contactEmail: 'not-an-address' }, ['contactEmail']],
        [{ purposes: ['breach_notice'], token: 'mine' }, ['token']],
      ];
      for (const [overrides, fields] of cases) {
        const res = await t
          .as(legal.accessToken)
          .post(`/processors/${processor.id}/portal-links`, linkBody(overrides));
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect([...new Set(fieldsOf(res))]).toEqual(fields);
      }
      expect(
        res400Detail(
          await t.as(legal.accessToken).post(
            `/processors/${processor.id}/portal-links`,
            linkBody({
              purposes: ['assessment'],
              assessmentId: assessment.id,
              expiresOn: addDays(today(), 61),
            }),
          ),
        ),
      ).toContain(`must be ${addDays(today(), 60)} or earlier: an assessment link lasts at most 60 days`);
      const listed = await t.as(legal.accessToken).get(`/processors/${processor.id}/portal-links`);
      expect(listed.body.total).toBe(0);
    });

    it('answers an expired link 401, like a wrong one', async () => {
      const processor = await createProcessor(t, legal.accessToken);
      const link = await sendLink(processor.id, linkBody({ expiresOn: addDays(today(), 1) }));
      expect((await portal(link.token).get('/session')).status).toBe(200);
      const start = t.clock.now();
      t.clock.advanceDays(1);
      expect((await portal(link.token).get('/session')).status).toBe(200);
      t.clock.advanceDays(1);
      const expired = await portal(link.token).get('/session');
      expect(sameAnswer(expired)).toEqual(sameAnswer(await portal('y'.repeat(43)).get('/session')));
      t.clock.set(start);
    });
  });

  describe('standing links: breach and sub-processor notices', () => {
    it('starts the 72-hour clock with a breach notice; the DPO is e-mailed at once', async () => {
      const { processor } = await engagedProcessor(t, legal.accessToken, dpo.accessToken, {
        name: `Breachy ${nextId()}`,
      });
      const link = await sendLink(
        processor.id,
        linkBody({ purposes: ['breach_notice', 'subprocessor_notice'], expiresOn: addDays(today(), 360) }),
      );
      expect(link.mail.text).toContain('tell us without undue delay whenever a personal data breach');
      const notice = {
        title: 'Misdirected newsletter export',
        nature: 'A file with 1,200 customer addresses was sent to the wrong recipient.',
        dataCategories: ['user.contact.email'],
        approxSubjectCount: 1200,
        contactPoint: { name: 'Security desk', email: 'security@breachy.example' },
        measures: 'The recipient confirmed deletion.',
      };
      // The time of the notice is now: the contact cannot set it.
      const dated = await portal(link.token).post('/incidents', {
        ...notice,
        reportedAt: '2026-01-01T00:00:00Z',
      });
      expectProblem(dated, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(dated)).toEqual(['reportedAt']);

      const now = t.clock.now();
      const created = await portal(link.token).post('/incidents', notice);
      expect({ status: created.status, body: created.body }).toEqual({
        status: 201,
        body: { id: expect.stringMatching(UUID), title: notice.title, reportedAt: now.toISOString() },
      });
      const incident = await t.as(dpo.accessToken).get(`/incidents/${created.body.id}`);
      expect(incident.body).toMatchObject({
        processorId: processor.id,
        reportedAt: now.toISOString(),
        awareAt: now.toISOString(),
        notificationDeadline: new Date(now.getTime() + 72 * 3_600_000).toISOString(),
        approxSubjectCount: 1200,
      });
      const [mail] = await mailsTo(dpo.email, (m) => m.subject.startsWith(`Breach at ${processor.name}`));
      expect(mail.to.sort()).toEqual([dpo.email, legal.email].sort());
      expect(mail.subject).toBe(
        `Breach at ${processor.name}: notify the authority by ${humanUtc(new Date(now.getTime() + 72 * 3_600_000))} unless no risk is likely`,
      );
      expect(mail.text).toContain(notice.nature);
      const events = await allAuditEvents(t, dpo.accessToken, { entityId: created.body.id });
      expect(events.map((e) => [e.action, e.actorType, e.actorId])).toEqual([
        ['incident.reported', 'processor_contact', link.id],
      ]);
      expect(codesOf(await gate(processor.id))).toContain('OPEN_BREACH');
    });

    it('opens the objection window with a sub-processor notice; the gate refuses the chain until it passes', async () => {
      const { processor } = await engagedProcessor(
        t,
        legal.accessToken,
        dpo.accessToken,
        {
          name: `Parent ${nextId()}`,
        },
        { subProcessorAuthorization: { type: 'general', objectionPeriodDays: 14 } },
      );
      const before = await gate(processor.id);
      expect({ status: before.status, eligible: before.body.eligible }).toEqual({
        status: 200,
        eligible: true,
      });
      const link = await sendLink(
        processor.id,
        linkBody({ purposes: ['subprocessor_notice'], expiresOn: addDays(today(), 300) }),
      );

      const name = `Backup Co ${nextId()}`;
      const announced = await portal(link.token).post('/sub-processors', {
        name,
        country: 'de',
        processingCountries: ['DE', 'AT'],
        services: 'Encrypted off-site backups',
      });
      expect({ status: announced.status, body: announced.body }).toEqual({
        status: 201,
        body: {
          id: expect.stringMatching(UUID),
          name,
          country: 'DE',
          processingCountries: ['DE', 'AT'],
          services: 'Encrypted off-site backups',
          announcedOn: today(),
        },
      });
      const windowEndsOn = addDays(today(), 14);
      const sub = await waitForProcessor(
        t,
        legal.accessToken,
        announced.body.id,
        (p) => p.authorizationStatus === 'objection_window',
      );
      expect(sub).toMatchObject({
        parentId: processor.id,
        objectionWindowEndsOn: windowEndsOn,
        contactEmail: expect.any(String),
      });
      const [mail] = await mailsTo(legal.email, (m) => m.subject.includes(`New sub-processor ${name}`));
      expect(mail.subject).toBe(
        `New sub-processor ${name} under ${processor.name}: objections until ${windowEndsOn}`,
      );
      const created = await allAuditEvents(t, dpo.accessToken, {
        entityId: announced.body.id,
        action: 'processor.created',
      });
      expect(created.map((e) => [e.actorType, e.actorId])).toEqual([['processor_contact', link.id]]);

      expect(codesOf(await gate(processor.id))).toEqual(['SUBPROCESSOR_NOT_AUTHORIZED']);
      t.clock.advanceDays(15);
      await reloginAll(t, [legal, dpo, procurement]);
      const after = await gate(processor.id);
      expect({ eligible: after.body.eligible, reasons: after.body.reasons }).toEqual({
        eligible: true,
        reasons: [],
      });
    });
  });

  describe('the end of contract', () => {
    it('sends the offboarding link with the termination; the confirmation through it issues a certificate that verifies', async () => {
      const contactEmail = uniqueEmail('ops', 'leaving.example');
      const { processor, agreement } = await engagedProcessor(t, legal.accessToken, dpo.accessToken, {
        name: `Leaving ${nextId()}`,
        contactEmail,
      });
      const dueOn = addDays(today(), 20);
      const terminated = await t.as(legal.accessToken).post(`/agreements/${agreement.id}/terminate`, {
        effectiveOn: today(),
        reason: 'Contract not renewed',
        dataHandling: 'return_then_delete',
        dueOn,
      });
      expect(terminated.status).toBe(200);
      const offboardingId: string = terminated.body.offboarding.id;
      const [mail, ...more] = await mailsTo(contactEmail);
      expect(more).toEqual([]);
      expect(mail.subject).toBe(
        `End of our data processing agreement: please return all personal data to us and then delete every copy, including back-ups by ${dueOn}`,
      );
      expect(mail.text).toContain(`The link works until ${addDays(dueOn, 30)}`);
      const token = tokenOf(mail);

      const contact = portal(token);
      const session = await contact.get('/session');
      expect(session.body).toMatchObject({
        purposes: ['offboarding'],
        offboarding: { id: offboardingId, status: 'requested', dueOn, dataCategories: ['user.contact'] },
        expiresOn: addDays(dueOn, 30),
      });
      expectProblem(await contact.get('/offboarding/certificate'), 404, 'NOT_FOUND');
      expectProblem(await contact.get('/assessment'), 403, 'PORTAL_PURPOSE_NOT_GRANTED');

      const confirmed = await contact.post('/offboarding/confirmation', {
        completedOn: today(),
        performedBy: { name: 'Jean Dupont', title: 'Head of IT Operations', organisation: processor.name },
        verifiedBy: { name: 'Claire Martin', title: 'Information Security Officer' },
        items: [
          {
            dataCategories: ['user.contact'],
            medium: 'Production database and its backups',
            action: 'deleted',
            sanitization: 'purge',
            technique: 'Cryptographic erase of the volume keys',
            verification: 'sampling',
          },
        ],
        subProcessorsCovered: true,
      });
      expect({ status: confirmed.status, body: confirmed.body }).toEqual({
        status: 201,
        body: {
          certificateNumber: expect.stringMatching(/^CUS-\d{4}-\d{6}$/),
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          offboardingId,
          issuedOn: today(),
        },
      });
      const { certificateNumber, sha256: hash } = confirmed.body as {
        certificateNumber: string;
        sha256: string;
      };
      const pdf = await contact.download('/offboarding/certificate');
      expect({
        status: pdf.status,
        type: pdf.headers['content-type'],
        sha: sha256(pdf.body as Buffer),
      }).toEqual({
        status: 200,
        type: 'application/pdf',
        sha: hash,
      });
      const verified = await t
        .as(null)
        .get(`/certificates/${certificateNumber}/verify`)
        .query({ sha256: hash });
      expect(verified.body).toEqual({ valid: true, number: certificateNumber, issuedOn: today() });

      const [issued] = await mailsTo(dpo.email, (m) =>
        m.subject.startsWith(`Certificate ${certificateNumber}`),
      );
      expect(issued.to.sort()).toEqual([dpo.email, legal.email].sort());
      const events = await allAuditEvents(t, dpo.accessToken, {
        entityId: offboardingId,
        action: 'offboarding.confirmed',
      });
      expect(events.map((e) => e.actorType)).toEqual(['processor_contact']);
      const links = await t.as(legal.accessToken).get(`/processors/${processor.id}/portal-links`);
      expect(links.body.items).toEqual([
        expect.objectContaining({
          purposes: ['offboarding'],
          offboardingId,
          contactEmail,
          expiresOn: addDays(dueOn, 30),
        }),
      ]);
    });
  });
});

function res400Detail(res: Response): string {
  expect(res.status).toBe(400);
  return String(res.body.detail);
}

describe('portal rate limits', () => {
  let t: TestApp;
  let proxy: RedisProxy;
  let legal: TestUser;
  let token: string;

  const session = (presented: string) => t.as({ portal: presented }).get('/portal/session');

  beforeAll(async () => {
    proxy = await new RedisProxy().start();
    t = await createTestApp({
      env: {
        REDIS_URL: proxy.url,
        LOG_LEVEL: 'debug',
        PORTAL_RATE_LIMIT_PER_MINUTE: '3',
        PORTAL_IP_RATE_LIMIT_PER_MINUTE: '8',
      },
    });
    const org = await setupOrganization(t);
    legal = await createUser(t, org.admin.accessToken, { roles: ['legal'] });
    const processor = await createProcessor(t, legal.accessToken);
    const contactEmail = uniqueEmail('contact', 'limited.example');
    await t
      .as(legal.accessToken)
      .post(`/processors/${processor.id}/portal-links`, {
        contactEmail,
        contactName: 'Lim',
        purposes: ['breach_notice'],
        expiresOn: t.clock.today(),
      })
      .expect(201);
    const received = await t.smtp.waitFor((all) => all.some((m) => m.to.includes(contactEmail)));
    token = TOKEN_IN_LINK.exec(received.find((m) => m.to.includes(contactEmail))!.text)![1];
    tokens.push(token);
  }, 180_000);
  /** Waits until the app reaches Redis again and its queue connections have had time to reconnect. */
  const redisBack = async () => {
    await eventually(async () => expect((await t.as(null).get('/health/ready')).status).toBe(200), {
      timeoutMs: 30_000,
    });
    await redisReconnected(t);
  };
  /** Whether the test left Redis cut off (it restores it unless it failed on the way). */
  let redisCut = false;
  afterAll(async () => {
    if (redisCut) {
      await proxy.restore();
      await redisBack();
    }
    await t?.close();
    await proxy?.cut();
  }, 180_000);

  it('limits the requests per link and per address, shared in Redis', async () => {
    for (let i = 0; i < 3; i++) expect((await session(token)).status).toBe(200);
    const overLink = await session(token);
    expectProblem(overLink, 429, 'PORTAL_RATE_LIMITED');
    expect(Number(overLink.headers['retry-after'])).toBeGreaterThan(0);
    // Wrong tokens count against the address: 4 requests so far, 4 more are answered, then none.
    for (let i = 0; i < 4; i++)
      expectProblem(await session(`w${i}`.padEnd(43, 'x')), 401, 'PORTAL_LINK_INVALID');
    expectProblem(await session('v'.repeat(43)), 429, 'PORTAL_RATE_LIMITED');
    const keys = await t.get(RedisService).client.keys(`${t.config.queuePrefix}:portal-rate:*`);
    expect(keys.some((k) => k.includes(token))).toBe(false);
    expect(keys.length).toBeGreaterThanOrEqual(2);
  });

  it('counts in memory while Redis does not answer, with the same limits', async () => {
    await proxy.cut();
    redisCut = true;
    const started = Date.now();
    for (let i = 0; i < 3; i++) expect((await session(token)).status).toBe(200);
    expectProblem(await session(token), 429, 'PORTAL_RATE_LIMITED');
    expect(Date.now() - started).toBeLessThan(5_000);
    await proxy.restore();
    redisCut = false;
    await redisBack();
  });
});

describe('the log of all of the above', () => {
  it('never writes a token to the log', async () => {
    const text = log.text();
    // The capture works: the requests through the portal were logged…
    expect(text).toContain('/api/v1/portal/session');
    expect(tokens.length).toBeGreaterThanOrEqual(6);
    // …and none of the tokens is in any line.
    expect(tokens.filter((token) => text.includes(token))).toEqual([]);
  });
});
