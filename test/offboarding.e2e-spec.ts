import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Response } from 'supertest';
import { addDays } from '../src/platform/clock/clock';
import {
  agreementBody,
  allAuditEvents,
  AgreementView,
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
  TestOrganization,
  TestUser,
  uniqueEmail,
  waitForProcessor,
  staff,
  ONE_OF_EACH_ROLE,
  NO_SCHEDULED_SWEEP,
  CONTACT,
} from './support/factories';
import { mailWordsProblems, replyTo } from './support/mail-words';
import { ReceivedMail } from './support/smtp';
import { keepForReview } from './support/review';
import { createTestApp, TestApp } from './support/test-app';
import { settled } from './support/wait';
import { distinctFieldsOf, expectProblem } from './support/problems';

/*
 * End of contract (issue 8): termination starts the processor's offboarding at once, the processor is
 * told what to return or destroy, the confirmation issues a numbered PDF/A-2b certificate that anyone
 * can verify by its SHA-256, and the daily sweep reminds before the due date and escalates once after.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA256 = /^[0-9a-f]{64}$/;
/** A cron that does not fire while the tests run: the sweep runs only when a test asks for it. */
/** Contact data for e-mail marketing: inside the default agreement scope (marketing). */
/** The agreement scope of every processor here: two data categories, two kinds of data subject. */
const SCOPE = {
  dataCategories: ['user.contact', 'user.financial'],
  dataSubjectCategories: ['customer', 'employee'],
};

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** The fields a 400 names, each once, sorted. */
/** Text without any whitespace: pdftotext breaks long lines wherever the layout wrapped them. */
const squash = (s: string): string => s.replace(/\s+/g, '');

/** The values that do not appear in the text (an empty list when all do). */
function missingFrom(text: string, values: string[]): string[] {
  const flat = squash(text);
  return values.filter((v) => !flat.includes(squash(v)));
}

interface Offboarding {
  id: string;
  processorId: string;
  agreementId: string;
  status: string;
  dataHandling: string;
  dueOn: string;
  effectiveOn: string;
  reason: string;
  dataCategories: string[];
  dataSubjectCategories: string[];
  certificateNumber: string | null;
  certificateSha256: string | null;
  certificateIssuedOn: string | null;
  confirmation: Record<string, unknown> | null;
  createdAt: string;
}

interface Certificate {
  certificateNumber: string;
  sha256: string;
  offboardingId: string;
  issuedOn: string;
}

describe('end of contract: offboarding, the certificate and its verification', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let legal: TestUser;
  let dpo: TestUser;
  let procurement: TestUser;
  let auditor: TestUser;
  let otherLegal: TestUser;
  let otherDpo: TestUser;
  let otherAuditor: TestUser;
  let everyone: TestUser[];
  let pdfDir: string;
  /** Every request to the public verification route, which is limited to 30 a minute per address. */
  let verifyCalls = 0;
  /** Certificates issued in the organisation so far: numbers run without gaps. */
  let issued = 0;

  const today = () => t.clock.today();
  const download = (path: string, token: string) =>
    t.as(token).get(`${path}`).buffer(true).parse(binaryParser);
  const verify = (number: string, query: Record<string, string | undefined>) => {
    verifyCalls += 1;
    return t.as(null).get(`/certificates/${number}/verify`).query(query);
  };
  const gate = (processorId: string) =>
    postTransferCheck(t, procurement.accessToken, { processorId, ...CONTACT });
  const nextNumber = () => `CUS-2026-${String(issued + 1).padStart(6, '0')}`;

  const terminateBody = (overrides: object = {}) => ({
    effectiveOn: today(),
    reason: 'Contract not renewed: the newsletter moves in-house',
    dataHandling: 'return_then_delete',
    dueOn: addDays(today(), 30),
    ...overrides,
  });
  const confirmationBody = (overrides: object = {}) => ({
    completedOn: today(),
    performedBy: { name: 'Jean Dupont', title: 'Head of IT Operations', organisation: 'Mailer Europe SAS' },
    verifiedBy: { name: 'Claire Martin', title: 'Information Security Officer' },
    items: [
      {
        dataCategories: ['user.contact'],
        medium: 'Production database (PostgreSQL) and its backups',
        action: 'deleted',
        sanitization: 'purge',
        technique: 'Cryptographic erase of the volume keys',
        tool: 'AWS KMS key deletion',
        verification: 'sampling',
      },
      {
        dataCategories: ['user.financial'],
        medium: 'Invoice exports on the support laptops',
        action: 'returned',
        sanitization: 'clear',
        technique: 'Returned by SFTP, then overwritten once',
        verification: 'full',
      },
    ],
    subProcessorsCovered: true,
    ...overrides,
  });

  /** A processor that receives data today under one agreement with SCOPE. */
  const engage = (label: string, overrides: Parameters<typeof engagedProcessor>[3] = {}) =>
    engagedProcessor(
      t,
      legal.accessToken,
      dpo.accessToken,
      { name: `${label} ${nextId()}`, ...overrides },
      { scope: SCOPE },
    );

  /** Terminates the processor's only agreement; fails unless that starts its offboarding. */
  const offboard = async (agreement: AgreementView, overrides: object = {}) => {
    const res = await t
      .as(legal.accessToken)
      .post(`/agreements/${agreement.id}/terminate`, terminateBody(overrides));
    expect({ status: res.status, offboarding: res.body.offboarding?.status }).toEqual({
      status: 200,
      offboarding: 'requested',
    });
    return res.body.offboarding as Offboarding;
  };

  const getOffboarding = async (id: string, token = legal.accessToken): Promise<Offboarding> => {
    const res = await t.as(token).get(`/offboardings/${id}`);
    expect({ status: res.status, id: res.body.id }).toEqual({ status: 200, id });
    return res.body;
  };
  const processorStatus = async (id: string): Promise<string> => {
    const res = await t.as(legal.accessToken).get(`/processors/${id}`);
    expect(res.status).toBe(200);
    return res.body.status;
  };

  /** Confirms; fails unless a certificate with the next number is issued. */
  const confirm = async (offboardingId: string, body: object): Promise<Certificate> => {
    const res = await t.as(legal.accessToken).post(`/offboardings/${offboardingId}/confirmation`, body);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 201,
      body: {
        certificateNumber: nextNumber(),
        sha256: expect.stringMatching(SHA256),
        offboardingId,
        issuedOn: today(),
      },
    });
    issued += 1;
    return res.body;
  };

  /** Writes the PDF to a file and runs qpdf, pdftotext and pdffonts on it. */
  const inspectPdf = (bytes: Buffer, name: string) => {
    const file = join(pdfDir, `${name}-${nextId()}.pdf`);
    writeFileSync(file, bytes);
    keepForReview(`${name}.pdf`, bytes);
    return {
      check: execFileSync('qpdf', ['--check', file]).toString(),
      text: execFileSync('pdftotext', [file, '-']).toString(),
      fonts: execFileSync('pdffonts', [file]).toString(),
    };
  };

  /** Every received e-mail `predicate` selects, once every queued e-mail has been sent. */
  const mails = async (predicate: (m: ReceivedMail) => boolean): Promise<ReceivedMail[]> => {
    await t.smtp.waitFor((all) => all.some(predicate));
    await settled(t);
    return t.smtp.messages.filter(predicate);
  };
  /** The processor's single reminders about `name`, and the users' digests that list it. */
  const sweepMailsAbout = async (name: string): Promise<ReceivedMail[]> => {
    await settled(t);
    return t.smtp.messages.filter(
      (m) => isSweepMail(m) && (m.subject.includes(name) || m.text.includes(name)),
    );
  };

  /** Moves the clock to 09:00 UTC of `day` and logs everyone in again. */
  const moveTo = async (day: string) => {
    t.clock.set(`${day}T09:00:00.000Z`);
    await reloginAll(t, everyone);
  };

  beforeAll(async () => {
    pdfDir = mkdtempSync(join(tmpdir(), 'custos-offboarding-'));
    t = await createTestApp({ env: { SWEEP_CRON: NO_SCHEDULED_SWEEP } });
    org = await setupOrganization(t, { organizationName: 'Acme GmbH' });
    ({ legal, dpo, procurement, auditor } = await staff(t, org, ONE_OF_EACH_ROLE));
    other = await secondOrganization(t, { organizationName: 'Beta AG' });
    ({ otherLegal, otherDpo, otherAuditor } = await staff(t, other, {
      otherLegal: ['legal'],
      otherDpo: ['dpo'],
      otherAuditor: ['auditor'],
    }));
    everyone = [org.admin, legal, dpo, procurement, auditor, other.admin, otherLegal, otherDpo, otherAuditor];
  });
  afterAll(async () => {
    await t?.close();
    rmSync(pdfDir, { recursive: true, force: true });
  });

  describe('the whole walk over HTTP, with the real queue and SMTP server', () => {
    let processor: { id: string; name: string; contactEmail: string };
    let privacyEmail: string;
    let agreement: AgreementView;
    let sub: { id: string; name: string };
    let offboarding: Offboarding;
    let certificate: Certificate;
    let pdf: Buffer;
    const reason = 'Contract not renewed: the newsletter moves in-house';

    it('1. terminating the last agreement starts the offboarding; the gate refuses the processor and its sub-processor at once', async () => {
      privacyEmail = uniqueEmail('privacy-officer', 'vendor.example');
      const engaged = await engage('Newsletter Mailer', {
        privacyContact: { name: 'Paula Privacy', email: privacyEmail },
      });
      processor = engaged.processor as unknown as typeof processor;
      agreement = engaged.agreement;
      expect(await processorStatus(processor.id)).toBe('active');
      const before = await gate(processor.id);
      expect({ status: before.status, eligible: before.body.eligible, reasons: before.body.reasons }).toEqual(
        {
          status: 200,
          eligible: true,
          reasons: [],
        },
      );

      const subName = `Backup Store ${nextId()}`;
      const created = await createProcessor(t, legal.accessToken, { name: subName, parentId: processor.id });
      await waitForProcessor(t, legal.accessToken, created.id, (p) => p.authorizationBasis !== null);
      sub = { id: created.id, name: subName };

      // The roles that may not end an agreement change nothing.
      for (const user of [procurement, auditor, dpo, org.admin]) {
        expectProblem(
          await t
            .as(user.accessToken)
            .post(`/agreements/${agreement.id}/terminate`, terminateBody({ reason })),
          403,
          'FORBIDDEN',
        );
      }
      expect(await processorStatus(processor.id)).toBe('active');

      const dueOn = addDays(today(), 30);
      const res = await t
        .as(legal.accessToken)
        .post(`/agreements/${agreement.id}/terminate`, terminateBody({ reason }));
      expect({ status: res.status, body: res.body }).toEqual({
        status: 200,
        body: expect.objectContaining({
          id: agreement.id,
          processorId: processor.id,
          status: 'terminated',
          terminatedOn: today(),
          terminationReason: reason,
        }),
      });
      expect(res.body.offboarding).toEqual({
        id: expect.stringMatching(UUID),
        processorId: processor.id,
        agreementId: agreement.id,
        attestations: [],
        status: 'requested',
        dataHandling: 'return_then_delete',
        dueOn,
        effectiveOn: today(),
        reason,
        dataCategories: SCOPE.dataCategories,
        dataSubjectCategories: SCOPE.dataSubjectCategories,
        certificateNumber: null,
        certificateSha256: null,
        certificateIssuedOn: null,
        confirmation: null,
        createdAt: expect.any(String),
      });
      offboarding = res.body.offboarding;

      expect(await processorStatus(processor.id)).toBe('offboarding');
      expect((await t.as(auditor.accessToken).get(`/agreements/${agreement.id}`)).body).toMatchObject({
        status: 'terminated',
        terminatedOn: today(),
      });
      // Legal, the DPO and the auditor read it; the list is filtered by processor.
      for (const user of [legal, dpo, auditor])
        expect(await getOffboarding(offboarding.id, user.accessToken)).toEqual(offboarding);
      const list = await t.as(auditor.accessToken).get('/offboardings').query({ processorId: processor.id });
      expect({ status: list.status, body: list.body }).toEqual({
        status: 200,
        body: { items: [offboarding], total: 1, page: 1, pageSize: 20 },
      });
      for (const user of [procurement, org.admin]) {
        expectProblem(await t.as(user.accessToken).get(`/offboardings/${offboarding.id}`), 403, 'FORBIDDEN');
        expectProblem(await t.as(user.accessToken).get('/offboardings'), 403, 'FORBIDDEN');
      }

      const refused = await gate(processor.id);
      expect({ status: refused.status, eligible: refused.body.eligible }).toEqual({
        status: 200,
        eligible: false,
      });
      const own = (refused.body.reasons as { code: string }[]).find(
        (r) => r.code === 'PROCESSOR_OFFBOARDING',
      );
      expect(own).toEqual({
        code: 'PROCESSOR_OFFBOARDING',
        message: expect.stringContaining(processor.name),
        details: { processorId: processor.id, status: 'offboarding' },
      });

      const subRefused = await gate(sub.id);
      expect({ status: subRefused.status, eligible: subRefused.body.eligible }).toEqual({
        status: 200,
        eligible: false,
      });
      const inherited = (subRefused.body.reasons as { code: string; message: string }[]).find(
        (r) => r.code === 'PROCESSOR_OFFBOARDING',
      );
      expect(inherited).toEqual({
        code: 'PROCESSOR_OFFBOARDING',
        message: expect.stringContaining(sub.name),
        details: { processorId: processor.id, status: 'offboarding' },
      });
      expect(inherited!.message).toContain(processor.name);

      // Ended once, it cannot be ended again.
      expectProblem(
        await t.as(legal.accessToken).post(`/agreements/${agreement.id}/terminate`, terminateBody()),
        409,
        'AGREEMENT_NOT_TERMINABLE',
      );
    });

    it("2. the processor's contacts are told what to return or destroy, how to confirm and by when", async () => {
      const received = await mails((m) => m.to.includes(processor.contactEmail));
      expect(received).toHaveLength(1);
      const [mail] = received;
      expect([...mail.to].sort()).toEqual([processor.contactEmail, privacyEmail].sort());
      expect(mail.subject).toBe(
        `End of our data processing agreement: please return all personal data to us and then delete every copy, including back-ups by ${offboarding.dueOn}`,
      );
      expect(
        missingFrom(mail.text, [
          `Dear ${processor.name}`,
          agreement.title,
          `ends with effect from ${today()}`,
          'Acme GmbH asks you to return all personal data to us and then delete every copy, including back-ups',
          'Data categories: user.contact, user.financial',
          'Data subjects: customer, employee',
          `Please confirm by ${offboarding.dueOn}`,
          'returned, deleted or destroyed',
          'NIST SP 800-88 (clear, purge or destroy)',
          'who performed it and who verified it',
          'whether your sub-processors did the same',
          'on which legal basis and until when',
          `Please reply to this e-mail; it reaches ${legal.name} (${legal.email}).`,
          `Kind regards,\n${legal.name}\nAcme GmbH`,
        ]),
      ).toEqual([]);
      // The processor's answer reaches the legal user who ended the agreement; it links no API.
      expect(replyTo(mail)).toEqual([legal.email]);
      expect(mailWordsProblems(mail)).toEqual([]);
      expect(mail.text).toContain('/portal#');
      // Nobody inside the organisation is sent the processor's request.
      expect(
        t.smtp.messages.filter((m) => m.subject.startsWith('End of our data processing agreement')),
      ).toEqual([mail]);
    });

    it('3. the confirmation issues the certificate; the processor is offboarded; a second confirmation is refused', async () => {
      for (const user of [procurement, auditor, dpo]) {
        expectProblem(
          await t
            .as(user.accessToken)
            .post(`/offboardings/${offboarding.id}/confirmation`, confirmationBody()),
          403,
          'FORBIDDEN',
        );
      }
      expect((await getOffboarding(offboarding.id)).status).toBe('requested');

      certificate = await confirm(offboarding.id, confirmationBody());
      expect(certificate.certificateNumber).toBe('CUS-2026-000001');

      const read = await getOffboarding(offboarding.id, auditor.accessToken);
      expect(read).toEqual({
        ...offboarding,
        status: 'confirmed',
        certificateNumber: certificate.certificateNumber,
        certificateSha256: certificate.sha256,
        certificateIssuedOn: today(),
        confirmation: {
          ...confirmationBody(),
          items: [confirmationBody().items[0], { ...confirmationBody().items[1], tool: null }],
          legallyRetained: null,
          legallyRetainedSets: [],
          subProcessors: [],
          returnLeg: null,
          verificationStep: null,
          validationStep: null,
          recordedBy: legal.id,
          recordedAt: t.clock.now().toISOString(),
        },
      });
      expect(await processorStatus(processor.id)).toBe('offboarded');
      const stillRefused = await gate(processor.id);
      expect(
        (stillRefused.body.reasons as { code: string; details: unknown }[]).find(
          (r) => r.code === 'PROCESSOR_OFFBOARDING',
        ),
      ).toMatchObject({ details: { processorId: processor.id, status: 'offboarded' } });

      const again = await t
        .as(legal.accessToken)
        .post(`/offboardings/${offboarding.id}/confirmation`, confirmationBody());
      expectProblem(again, 409, 'OFFBOARDING_CONFIRMED');
      expect(again.body.certificateNumber).toBe(certificate.certificateNumber);
      expect((await getOffboarding(offboarding.id)).certificateSha256).toBe(certificate.sha256);
    });

    it('4. the certificate PDF: qpdf finds no error, the text names number, parties, sanitisation and people, PDF/A-2b, fonts embedded', async () => {
      const res = await download(`/certificates/${certificate.certificateNumber}`, auditor.accessToken);
      expect({
        status: res.status,
        type: res.headers['content-type'],
        disposition: res.headers['content-disposition'],
      }).toEqual({
        status: 200,
        type: 'application/pdf',
        disposition: `attachment; filename="${certificate.certificateNumber}.pdf"`,
      });
      pdf = res.body as Buffer;
      expect(sha256(pdf)).toBe(certificate.sha256);
      for (const user of [legal, dpo]) {
        const again = await download(`/certificates/${certificate.certificateNumber}`, user.accessToken);
        expect({ status: again.status, equal: Buffer.compare(again.body as Buffer, pdf) }).toEqual({
          status: 200,
          equal: 0,
        });
      }
      for (const user of [procurement, org.admin]) {
        expectProblem(
          await t.as(user.accessToken).get(`/certificates/${certificate.certificateNumber}`),
          403,
          'FORBIDDEN',
        );
      }

      const { check, text, fonts } = inspectPdf(pdf, certificate.certificateNumber);
      expect(check).toContain('No syntax or stream encoding errors found');
      expect(
        missingFrom(text, [
          certificate.certificateNumber,
          `issued on ${today()}`,
          'Controller: Acme GmbH',
          processor.name,
          processor.contactEmail,
          agreement.title,
          agreement.id,
          reason,
          'Data categories: Contact Data (user.contact), Financial Data (user.financial)',
          'customer, employee',
          'Production database (PostgreSQL) and its backups',
          'Purge',
          'Cryptographic erase of the volume keys',
          'AWS KMS key deletion',
          'Invoice exports on the support laptops',
          'Clear',
          'Returned by SFTP, then overwritten once',
          'Sub-processors covered: yes',
          'Jean Dupont, Head of IT Operations, Mailer Europe SAS',
          'Claire Martin, Information Security Officer',
          `${t.config.publicUrl}/api/v1/certificates/${certificate.certificateNumber}/verify?sha256=`,
        ]),
      ).toEqual([]);

      // PDF/A-2b, declared in the XMP metadata as pdfkit writes it.
      const raw = pdf.toString('latin1');
      expect(raw).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
      expect(raw).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);

      // Every font is embedded (pdffonts: name, type, encoding, emb, sub, uni, object, generation).
      const rows = fonts
        .split('\n')
        .slice(2)
        .filter((line) => line.trim());
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows)
        expect({ row, embedded: / (yes|no) +(yes|no) +(yes|no) +\d+ +\d+\s*$/.exec(row)?.[1] }).toEqual({
          row,
          embedded: 'yes',
        });
      expect(fonts).not.toMatch(/Helvetica|Times|Courier/);
    });

    it("5. the DPO's and legal's e-mail carries the same PDF, with its SHA-256 and where to verify it", async () => {
      const received = await mails((m) =>
        m.subject.startsWith(`Certificate ${certificate.certificateNumber}:`),
      );
      expect(received).toHaveLength(1);
      const [mail] = received;
      expect([...mail.to].sort()).toEqual([dpo.email, legal.email].sort());
      expect(mail.subject).toBe(
        `Certificate ${certificate.certificateNumber}: ${processor.name} returned or destroyed the personal data`,
      );
      expect(mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType }))).toEqual([
        { filename: `${certificate.certificateNumber}.pdf`, contentType: 'application/pdf' },
      ]);
      const attached = mail.attachments[0].content;
      expect(attached.equals(pdf)).toBe(true);
      expect(sha256(attached)).toBe(certificate.sha256);
      expect(
        missingFrom(mail.text, [
          certificate.sha256,
          `${t.config.publicUrl}/api/v1/certificates/${certificate.certificateNumber}/verify?sha256=${certificate.sha256}`,
          `${processor.name} is now offboarded`,
        ]),
      ).toEqual([]);
      // The public verification link is the one printed on the certificate; every other link is the console's.
      expect(
        mailWordsProblems(mail, `${t.config.publicUrl}/offboarding/${certificate.offboardingId}`),
      ).toEqual([]);
    });

    it('6. anyone can verify: valid for the file, not for a changed byte, a wrong number or a bad hash', async () => {
      const valid = await verify(certificate.certificateNumber, { sha256: certificate.sha256 });
      expect({ status: valid.status, body: valid.body }).toEqual({
        status: 200,
        body: { valid: true, number: certificate.certificateNumber, issuedOn: today() },
      });
      const upper = await verify(certificate.certificateNumber, { sha256: certificate.sha256.toUpperCase() });
      expect({ status: upper.status, body: upper.body }).toEqual({
        status: 200,
        body: { valid: true, number: certificate.certificateNumber, issuedOn: today() },
      });

      const changed = Buffer.from(pdf);
      changed[Math.floor(changed.length / 2)] ^= 0x01;
      const tampered = await verify(certificate.certificateNumber, { sha256: sha256(changed) });
      expect({ status: tampered.status, body: tampered.body }).toEqual({
        status: 200,
        body: { valid: false, number: certificate.certificateNumber, issuedOn: null },
      });
      const unknown = await verify('CUS-2026-999999', { sha256: certificate.sha256 });
      expect({ status: unknown.status, body: unknown.body }).toEqual({
        status: 200,
        body: { valid: false, number: 'CUS-2026-999999', issuedOn: null },
      });

      for (const query of [{ sha256: 'abc123' }, { sha256: `${certificate.sha256.slice(0, 63)}g` }, {}]) {
        const bad = await verify(certificate.certificateNumber, query);
        expectProblem(bad, 400, 'VALIDATION_FAILED');
        expect({ query, fields: distinctFieldsOf(bad) }).toEqual({ query, fields: ['sha256'] });
      }
      const badNumber = await verify('42', { sha256: certificate.sha256 });
      expectProblem(badNumber, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(badNumber)).toEqual(['number']);
    });

    it('7. another organisation gets 404 for the certificate and the offboarding, exactly like unknown ones', async () => {
      for (const user of [otherDpo, otherLegal, otherAuditor]) {
        expectProblem(
          await t.as(user.accessToken).get(`/certificates/${certificate.certificateNumber}`),
          404,
          'NOT_FOUND',
        );
        expectProblem(await t.as(user.accessToken).get(`/offboardings/${offboarding.id}`), 404, 'NOT_FOUND');
      }
      expectProblem(await t.as(dpo.accessToken).get('/certificates/CUS-2026-999999'), 404, 'NOT_FOUND');
      expectProblem(await t.as(dpo.accessToken).get(`/offboardings/${randomUUID()}`), 404, 'NOT_FOUND');
      const theirs = await t
        .as(otherDpo.accessToken)
        .get('/offboardings')
        .query({ processorId: processor.id });
      expect({ status: theirs.status, body: theirs.body }).toEqual({
        status: 200,
        body: { items: [], total: 0, page: 1, pageSize: 20 },
      });
      expectProblem(
        await t
          .as(otherLegal.accessToken)
          .post(`/offboardings/${offboarding.id}/confirmation`, confirmationBody()),
        404,
        'NOT_FOUND',
      );
    });

    it("8. numbers run per organisation: Beta's first certificate is CUS-2026-000001 too, and each reads only its own", async () => {
      const theirs = await engagedProcessor(
        t,
        otherLegal.accessToken,
        otherDpo.accessToken,
        { name: `Beta Hosting ${nextId()}` },
        { scope: SCOPE },
      );
      const ended = await t
        .as(otherLegal.accessToken)
        .post(`/agreements/${theirs.agreement.id}/terminate`, terminateBody({ dataHandling: 'delete' }));
      expect({ status: ended.status, offboarding: ended.body.offboarding?.status }).toEqual({
        status: 200,
        offboarding: 'requested',
      });
      const issuedToBeta = await t
        .as(otherLegal.accessToken)
        .post(`/offboardings/${ended.body.offboarding.id}/confirmation`, confirmationBody());
      expect({ status: issuedToBeta.status, body: issuedToBeta.body }).toEqual({
        status: 201,
        body: {
          certificateNumber: certificate.certificateNumber,
          sha256: expect.stringMatching(SHA256),
          offboardingId: ended.body.offboarding.id,
          issuedOn: today(),
        },
      });
      const betaSha: string = issuedToBeta.body.sha256;
      expect(betaSha).not.toBe(certificate.sha256);

      const ours = await download(`/certificates/${certificate.certificateNumber}`, dpo.accessToken);
      const beta = await download(`/certificates/${certificate.certificateNumber}`, otherDpo.accessToken);
      expect([ours.status, sha256(ours.body as Buffer), beta.status, sha256(beta.body as Buffer)]).toEqual([
        200,
        certificate.sha256,
        200,
        betaSha,
      ]);
      expect(
        missingFrom(inspectPdf(beta.body as Buffer, 'beta').text, [
          'Controller: Beta AG',
          theirs.processor.name,
        ]),
      ).toEqual([]);
      for (const hash of [certificate.sha256, betaSha]) {
        const res = await verify(certificate.certificateNumber, { sha256: hash });
        expect({ status: res.status, body: res.body }).toEqual({
          status: 200,
          body: { valid: true, number: certificate.certificateNumber, issuedOn: today() },
        });
      }
    });
  });

  describe('the confirmation accounts for every data category of the scope', () => {
    let processor: { id: string; name: string };
    let offboarding: Offboarding;

    it('a confirmation that leaves a category unaccounted for is refused, naming it, and stores nothing', async () => {
      const engaged = await engage('Payroll Bureau');
      processor = engaged.processor;
      offboarding = await offboard(engaged.agreement, { dataHandling: 'delete' });
      const item = confirmationBody().items[0];

      const cases: [string, object, string[]][] = [
        ['user.financial left out', { items: [item] }, ['user.financial']],
        [
          'a narrower category does not account for a broader one',
          { items: [{ ...item, dataCategories: ['user.contact.email', 'user.financial'] }] },
          ['user.contact'],
        ],
        [
          'legally retained data without its categories',
          {
            items: [item],
            legallyRetained: { description: 'Invoices', legalBasis: '§ 147 AO', retainUntil: '2036-12-31' },
          },
          ['user.financial'],
        ],
      ];
      for (const [label, overrides, missing] of cases) {
        const res = await t
          .as(legal.accessToken)
          .post(`/offboardings/${offboarding.id}/confirmation`, confirmationBody(overrides));
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect({ label, errors: res.body.errors }).toEqual({
          label,
          errors: missing.map((c) => ({
            field: 'items',
            message: expect.stringContaining(c),
            rule: expect.any(String),
          })),
        });
        expect(res.body.detail).toContain(missing[0]);
      }

      expect(await getOffboarding(offboarding.id)).toEqual(offboarding);
      expect(await processorStatus(processor.id)).toBe('offboarding');
      expectProblem(await t.as(dpo.accessToken).get(`/certificates/${nextNumber()}`), 404, 'NOT_FOUND');
    });

    it('validation names the fields: unknown categories, a future completion date, bad enums, missing people', async () => {
      const item = confirmationBody().items[0];
      const cases: [object, string[]][] = [
        [{ items: [] }, ['items']],
        [{ items: [{ ...item, sanitization: 'shred' }] }, ['items[0].sanitization']],
        [
          { items: [{ ...item, action: 'archived', verification: 'quick' }] },
          ['items[0].action', 'items[0].verification'],
        ],
        [
          { items: [{ ...item, dataCategories: ['user.contact', 'user.no_such_thing'] }] },
          ['items[0].dataCategories[1]'],
        ],
        [{ completedOn: addDays(today(), 1) }, ['completedOn']],
        [{ completedOn: '2026-02-30' }, ['completedOn']],
        [{ performedBy: { name: 'Jean Dupont', title: 'Head of IT' } }, ['performedBy.organisation']],
        [{ verifiedBy: { title: 'ISO' } }, ['verifiedBy.name']],
        [{ subProcessorsCovered: 'yes' }, ['subProcessorsCovered']],
        [
          { legallyRetained: { description: 'Invoices', legalBasis: '§ 147 AO', retainUntil: 'soon' } },
          ['legallyRetained.retainUntil'],
        ],
        [{ certificateNumber: 'CUS-2026-000777' }, ['certificateNumber']],
      ];
      for (const [overrides, fields] of cases) {
        const res = await t
          .as(legal.accessToken)
          .post(`/offboardings/${offboarding.id}/confirmation`, confirmationBody(overrides));
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect({ overrides, fields: distinctFieldsOf(res) }).toEqual({ overrides, fields });
      }
      expect((await getOffboarding(offboarding.id)).status).toBe('requested');
    });

    it('legally retained data accounts for its categories and appears on the certificate; numbers have no gaps', async () => {
      const legallyRetained = {
        description: 'Invoices naming customers',
        legalBasis: '§ 147 AO and § 257 HGB (10 years)',
        retainUntil: '2036-12-31',
        dataCategories: ['user.financial'],
      };
      const body = confirmationBody({
        items: [
          {
            ...confirmationBody().items[0],
            action: 'destroyed',
            sanitization: 'destroy',
            technique: 'Disks shredded',
          },
        ],
        subProcessorsCovered: false,
        legallyRetained,
      });
      const certificate = await confirm(offboarding.id, body);
      // The refused attempts used no number.
      expect(certificate.certificateNumber).toBe('CUS-2026-000002');

      const read = await getOffboarding(offboarding.id, dpo.accessToken);
      expect(read).toMatchObject({
        status: 'confirmed',
        certificateNumber: certificate.certificateNumber,
        certificateSha256: certificate.sha256,
        confirmation: { legallyRetained, subProcessorsCovered: false },
      });
      expect(await processorStatus(processor.id)).toBe('offboarded');

      const res = await download(`/certificates/${certificate.certificateNumber}`, dpo.accessToken);
      expect({ status: res.status, sha256: sha256(res.body as Buffer) }).toEqual({
        status: 200,
        sha256: certificate.sha256,
      });
      const { text } = inspectPdf(res.body as Buffer, certificate.certificateNumber);
      expect(
        missingFrom(text, [
          certificate.certificateNumber,
          processor.name,
          'Destruct',
          'Disks shredded',
          'Sub-processors covered: no',
          'Invoices naming customers (Financial Data, user.financial)',
          '§ 147 AO and § 257 HGB (10 years)',
          'until 2036-12-31',
        ]),
      ).toEqual([]);
    });

    it('records sub-processors one by one, several retained data sets, the return leg and the NIST SP 800-88 Rev. 2 fields', async () => {
      const engaged = await engage('Archive Vault');
      const offboardingOf = await offboard(engaged.agreement);
      const base = confirmationBody();
      const media = {
        make: 'Samsung',
        model: 'PM9A3',
        serialNumber: 'S64HNE0R123456',
        mediaType: 'flash (NVMe SSD)',
        source: 'storage node db-07',
        postSanitizationClassification: 'unclassified (no recoverable data)',
        destination: 'reused in the provider pool',
      };
      const body = {
        ...base,
        performedBy: {
          ...base.performedBy,
          location: 'Data centre FRA-2, Frankfurt',
          phone: '+49 69 1234567',
        },
        items: [
          { ...base.items[0], media },
          { ...base.items[1], action: 'returned_then_deleted' },
        ],
        subProcessors: [
          {
            name: 'Bucketly SAS',
            confirmedOn: today(),
            confirmedBy: 'Luc Martin, DPO of Bucketly SAS',
            statement: 'All back-up copies deleted by crypto-erase',
          },
          {
            name: 'Mailroom Oy',
            confirmedOn: today(),
            confirmedBy: 'Aino Virtanen, CISO',
            statement: 'Relay queues purged',
          },
        ],
        legallyRetainedSets: [
          {
            description: 'Invoices',
            legalBasis: '§ 147 AO (10 years)',
            retainUntil: '2036-12-31',
            dataCategories: ['user.financial'],
          },
          { description: 'Dunning letters', legalBasis: '§ 257 HGB (6 years)', retainUntil: '2032-12-31' },
        ],
        returnLeg: {
          returnedOn: today(),
          format: 'CSV (UTF-8) and PDF originals',
          channel: 'SFTP, encrypted archive',
          receivedBy: 'Max Mustermann, IT operations',
        },
        verificationStep: {
          organisation: 'Mailer Europe SAS, Security',
          name: 'Claire Martin',
          signedOn: today(),
        },
        validationStep: {
          organisation: 'Acme GmbH, Data Protection',
          name: 'Dana Protect',
          signedOn: today(),
        },
      };
      const refusals: [object, string[]][] = [
        [{ ...body, returnLeg: undefined }, ['returnLeg']],
        [
          { ...body, validationStep: { ...body.validationStep, signedOn: addDays(today(), -1) } },
          ['validationStep.signedOn'],
        ],
        [
          { ...body, items: [{ ...body.items[0], media: { ...media, serialNumber: '' } }, body.items[1]] },
          ['items[0].media.serialNumber'],
        ],
        [
          { ...body, subProcessors: [{ name: 'Bucketly SAS' }] },
          ['subProcessors[0].confirmedBy', 'subProcessors[0].confirmedOn', 'subProcessors[0].statement'],
        ],
      ];
      for (const [refused, fields] of refusals) {
        const res = await t
          .as(legal.accessToken)
          .post(`/offboardings/${offboardingOf.id}/confirmation`, refused);
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect({ fields: distinctFieldsOf(res) }).toEqual({ fields: [...fields].sort() });
      }
      const attestation = Buffer.from(
        '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
      );
      const attest = (token: string) =>
        t
          .as(token)
          .request('post', `/offboardings/${offboardingOf.id}/attestations`)
          .attach('file', attestation, {
            filename: 'Signed attestation Archive Vault.pdf',
            contentType: 'application/pdf',
          });
      expectProblem(await attest(auditor.accessToken), 403, 'FORBIDDEN');
      const uploaded = await attest(legal.accessToken);
      expect({ status: uploaded.status, attestations: uploaded.body.attestations }).toEqual({
        status: 201,
        attestations: [
          {
            id: expect.any(String),
            filename: 'Signed attestation Archive Vault.pdf',
            contentType: 'application/pdf',
            size: attestation.length,
            sha256: sha256(attestation),
          },
        ],
      });
      const certificate = await confirm(offboardingOf.id, body);
      expectProblem(await attest(legal.accessToken), 409, 'OFFBOARDING_CONFIRMED');
      const read = await getOffboarding(offboardingOf.id, dpo.accessToken);
      expect(read.confirmation).toMatchObject({
        subProcessors: body.subProcessors.map((sp) => ({ ...sp, processorId: null })),
        legallyRetainedSets: [
          body.legallyRetainedSets[0],
          { ...body.legallyRetainedSets[1], dataCategories: [] },
        ],
        returnLeg: body.returnLeg,
        verificationStep: body.verificationStep,
        validationStep: body.validationStep,
      });
      const res = await download(`/certificates/${certificate.certificateNumber}`, dpo.accessToken);
      expect(res.status).toBe(200);
      const { check, text } = inspectPdf(res.body as Buffer, certificate.certificateNumber);
      expect(check).toContain('No syntax or stream encoding errors found');
      expect(
        missingFrom(text, [
          'Certificate of return and destruction of personal data',
          'Media: Samsung PM9A3, serial or property number S64HNE0R123456',
          'Media type and source: flash (NVMe SSD); from storage node db-07',
          'Classification after sanitisation: unclassified (no recoverable data)',
          'Destination of the media: reused in the provider pool',
          'Action: returned to the controller, then deleted',
          'Sub-processor Bucketly SAS: confirmed on',
          'by Luc Martin, DPO of Bucketly SAS: All back-up copies deleted by crypto-erase',
          'Sub-processor Mailroom Oy: confirmed on',
          'Return to the controller: on',
          'as CSV (UTF-8) and PDF originals, by SFTP, encrypted archive; received by Max Mustermann, IT operations',
          'Retained because the law requires it (1 of 2): Invoices (Financial Data, user.financial)',
          'Retained because the law requires it (2 of 2): Dunning letters (as described)',
          'Data centre FRA-2, Frankfurt; +49 69 1234567',
          `Verification (signed): Claire Martin, Mailer Europe SAS, Security, on ${today()}`,
          `Validation (signed): Dana Protect, Acme GmbH, Data Protection, on ${today()}`,
          `Signed attestation Archive Vault.pdf (${attestation.length} bytes), SHA-256 ${sha256(attestation)}`,
        ]),
      ).toEqual([]);
    });
  });

  describe('the data to return or destroy', () => {
    it("adds what the processing activities send the processor to the agreement's scope", async () => {
      const { processor, agreement } = await engage('Analytics');
      const activity = await t.as(dpo.accessToken).post('/processing-activities', {
        name: `Web analytics ${nextId()}`,
        purposes: ['analytics.reporting'],
        legalBases: ['art6_1_f'],
        legitimateInterest: 'Understanding how the web shop is used',
        dataSubjectCategories: ['visitor'],
        dataCategories: ['user.device.cookie_id'],
        processorIds: [processor.id],
        retention: '13 months',
        securityMeasures: 'Pseudonymised identifiers; TLS; access limited to the analytics team',
      });
      expect(activity.status).toBe(201);
      const offboarding = await offboard(agreement);
      expect(offboarding.dataCategories.sort()).toEqual([
        'user.contact',
        'user.device.cookie_id',
        'user.financial',
      ]);
      expect(offboarding.dataSubjectCategories.sort()).toEqual(['customer', 'employee', 'visitor']);
      const [mail] = await mails(
        (m) =>
          m.subject.startsWith('End of our data processing agreement') && m.text.includes(processor.name),
      );
      expect(mail.text).toContain('user.device.cookie_id');
      expect(mail.text).toContain(activity.body.name);
    });
  });

  describe('termination', () => {
    let processor: { id: string; name: string };
    let first: AgreementView;
    let second: AgreementView;
    let lastOffboardingId: string;

    beforeAll(async () => {
      const engaged = await engage('Cloud Storage');
      processor = engaged.processor;
      first = engaged.agreement;
      second = await signedAgreement(
        t,
        legal.accessToken,
        processor.id,
        agreementBody(today(), { title: `DPA storage, second ${nextId()}`, scope: SCOPE }),
      );
    });

    it('validation names the fields (dueOn before effectiveOn, a past dueOn, bad dataHandling) and changes nothing', async () => {
      const cases: [object, string[]][] = [
        [{ effectiveOn: addDays(today(), 10), dueOn: addDays(today(), 5) }, ['dueOn']],
        [{ effectiveOn: addDays(today(), -10), dueOn: addDays(today(), -1) }, ['dueOn']],
        [{ dataHandling: 'shred' }, ['dataHandling']],
        [{ dataHandling: undefined }, ['dataHandling']],
        [{ effectiveOn: '2026-02-30' }, ['effectiveOn']],
        [{ dueOn: '15.03.2026' }, ['dueOn']],
        [{ reason: '' }, ['reason']],
        [{ organizationId: other.id }, ['organizationId']],
      ];
      for (const [overrides, fields] of cases) {
        const res = await t
          .as(legal.accessToken)
          .post(`/agreements/${first.id}/terminate`, terminateBody(overrides));
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect({ overrides, fields: distinctFieldsOf(res) }).toEqual({ overrides, fields });
      }
      const empty = await t.as(legal.accessToken).post(`/agreements/${first.id}/terminate`, {});
      expectProblem(empty, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(empty)).toEqual(['dataHandling', 'dueOn', 'effectiveOn', 'reason']);

      expectProblem(
        await t.as(legal.accessToken).post(`/agreements/${randomUUID()}/terminate`, terminateBody()),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await t.as(otherLegal.accessToken).post(`/agreements/${first.id}/terminate`, terminateBody()),
        404,
        'NOT_FOUND',
      );

      expect((await t.as(legal.accessToken).get(`/agreements/${first.id}`)).body.status).toBe('active');
      expect(await processorStatus(processor.id)).toBe('active');
    });

    it('ending an agreement while another still governs starts no offboarding; ending the last one does', async () => {
      const res = await t
        .as(legal.accessToken)
        .post(`/agreements/${first.id}/terminate`, terminateBody({ dataHandling: 'return' }));
      expect({ status: res.status, body: res.body }).toEqual({
        status: 200,
        body: expect.objectContaining({
          id: first.id,
          status: 'terminated',
          terminatedOn: today(),
          offboarding: null,
        }),
      });
      expect(await processorStatus(processor.id)).toBe('active');
      const open = await gate(processor.id);
      expect({ status: open.status, eligible: open.body.eligible, reasons: open.body.reasons }).toEqual({
        status: 200,
        eligible: true,
        reasons: [],
      });
      const none = await t.as(dpo.accessToken).get('/offboardings').query({ processorId: processor.id });
      expect({ status: none.status, body: none.body }).toEqual({
        status: 200,
        body: { items: [], total: 0, page: 1, pageSize: 20 },
      });

      const last = await t
        .as(legal.accessToken)
        .post(`/agreements/${second.id}/terminate`, terminateBody({ dataHandling: 'return' }));
      expect({ status: last.status, offboarding: last.body.offboarding }).toEqual({
        status: 200,
        offboarding: expect.objectContaining({
          agreementId: second.id,
          processorId: processor.id,
          status: 'requested',
          dataHandling: 'return',
        }),
      });
      expect(await processorStatus(processor.id)).toBe('offboarding');
      const one = await t.as(dpo.accessToken).get('/offboardings').query({ processorId: processor.id });
      expect({
        status: one.status,
        ids: one.body.items.map((o: Offboarding) => o.id),
        total: one.body.total,
      }).toEqual({
        status: 200,
        ids: [last.body.offboarding.id],
        total: 1,
      });
      lastOffboardingId = last.body.offboarding.id;
    });

    it('two confirmations at the same moment: one certificate, one 409', async () => {
      const number = nextNumber();
      const [a, b] = await Promise.all([
        t.as(legal.accessToken).post(`/offboardings/${lastOffboardingId}/confirmation`, confirmationBody()),
        t.as(legal.accessToken).post(`/offboardings/${lastOffboardingId}/confirmation`, confirmationBody()),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const [won, lost] = a.status === 201 ? [a, b] : [b, a];
      expect(won.body).toMatchObject({ certificateNumber: number, offboardingId: lastOffboardingId });
      expectProblem(lost, 409, 'OFFBOARDING_CONFIRMED');
      expect(lost.body.certificateNumber).toBe(number);
      issued += 1;
      expect(await getOffboarding(lastOffboardingId)).toMatchObject({
        status: 'confirmed',
        certificateNumber: number,
        certificateSha256: won.body.sha256,
      });
    });
  });

  describe('the daily sweep', () => {
    it('reminds the processor and legal 7 days before the due date, once however often it runs', async () => {
      const { processor, agreement } = await engage('Survey Tool');
      const dueOn = addDays(today(), 10);
      const offboarding = await offboard(agreement, { dueOn });
      const contactEmail = processor.contactEmail as string;
      const subject = `Return or destruction of personal data by ${dueOn}: ${processor.name}`;

      await moveTo(addDays(dueOn, -8));
      await runSweep(t, dpo.accessToken);
      expect(await sweepMailsAbout(processor.name)).toEqual([]);

      await moveTo(addDays(dueOn, -7));
      await runSweep(t, dpo.accessToken);
      await runSweep(t, org.admin.accessToken);
      await moveTo(addDays(dueOn, -6));
      await runSweep(t, dpo.accessToken);
      await t.smtp.waitFor((all) => all.some((m) => isSweepMail(m) && m.to.includes(contactEmail)));
      const sent = await sweepMailsAbout(processor.name);
      const link = `${t.config.publicUrl}/offboarding/${offboarding.id}`;
      // The processor's contact gets an e-mail of its own; legal the item in their digest of the day.
      expect(
        sent
          .map((m) => ({
            to: m.to,
            subject: isDigest(m) ? 'digest' : m.subject,
            lines: digestLines(m).filter((line) => line.includes(processor.name)),
          }))
          .sort((a, b) => a.to[0].localeCompare(b.to[0])),
      ).toEqual(
        [
          { to: [contactEmail], subject, lines: [] },
          { to: [legal.email], subject: 'digest', lines: [`- ${subject} (in 7 days): ${link}`] },
        ].sort((a, b) => a.to[0].localeCompare(b.to[0])),
      );
      const toProcessor = sent.find((m) => m.to.includes(contactEmail))!;
      const toLegal = sent.find((m) => m.to.includes(legal.email))!;
      expect(
        missingFrom(toProcessor.text, [
          `by ${dueOn}, through the link in our request. Questions? Reply to this e-mail.`,
          'NIST SP 800-88',
        ]),
      ).toEqual([]);
      // The processor has no console: no link to it, and its reply goes to the legal user who asked.
      expect(toProcessor.text).not.toContain(t.config.publicUrl);
      expect(replyTo(toProcessor)).toEqual([legal.email]);
      expect(mailWordsProblems(toProcessor)).toEqual([]);
      expect(missingFrom(toLegal.text, [processor.name, `by ${dueOn}`, 'Record the confirmation'])).toEqual(
        [],
      );
      expect(replyTo(toLegal)).toEqual([]);
      expect(mailWordsProblems(toLegal, `${t.config.publicUrl}/offboarding/${offboarding.id}`)).toEqual([]);
      expect((await getOffboarding(offboarding.id)).status).toBe('requested');

      // The 1-day reminder is the next one.
      await moveTo(addDays(dueOn, -1));
      await runSweep(t, dpo.accessToken);
      await t.smtp.waitFor(
        (all) => all.filter((m) => isSweepMail(m) && m.to.includes(contactEmail)).length >= 2,
      );
      expect((await sweepMailsAbout(processor.name)).filter((m) => m.to.includes(contactEmail))).toHaveLength(
        2,
      );

      // Confirmed in time: no escalation follows.
      await confirm(offboarding.id, confirmationBody());

      // What to do reads as a sentence: "return then delete", not the stored enum with every "_" replaced.
      for (const mail of [toProcessor, toLegal]) expect(mail.text).not.toMatch(/then then/);
    });

    it('escalates an overdue offboarding to the DPO exactly once, however often the sweep runs; a late confirmation still certifies', async () => {
      const { processor, agreement } = await engage('Ticket Desk');
      const dueOn = addDays(today(), 3);
      const offboarding = await offboard(agreement, { dueOn, dataHandling: 'delete' });

      await moveTo(addDays(dueOn, 1));
      // Past its due date it reads as overdue before any sweep.
      expect((await getOffboarding(offboarding.id)).status).toBe('overdue');
      const runs = [await runSweep(t, dpo.accessToken)];
      t.clock.advance(2 * 3_600_000);
      await reloginAll(t, everyone);
      runs.push(await runSweep(t, org.admin.accessToken));
      await moveTo(addDays(dueOn, 2));
      runs.push(await runSweep(t, dpo.accessToken));

      await t.smtp.waitFor((all) => all.some((m) => isSweepMail(m) && m.text.includes(processor.name)));
      const escalations = (await sweepMailsAbout(processor.name)).filter((m) => m.to.includes(dpo.email));
      expect(
        escalations.map((m) => ({
          to: m.to,
          digest: isDigest(m),
          lines: digestLines(m).filter((line) => line.includes(processor.name)),
        })),
      ).toEqual([
        {
          to: [dpo.email],
          digest: true,
          lines: [
            `- ${processor.name} has not confirmed the return or destruction of personal data (due ${dueOn}, 1 day overdue): ${t.config.publicUrl}/offboarding/${offboarding.id}`,
          ],
        },
      ]);
      expect(escalations[0].text).toContain('Overdue return or destruction of personal data (');
      expect(escalations[0].text).toContain('(Art. 28(3)(g) GDPR)');
      expect(
        mailWordsProblems(escalations[0], `${t.config.publicUrl}/offboarding/${offboarding.id}`),
      ).toEqual([]);

      expect(await getOffboarding(offboarding.id, auditor.accessToken)).toMatchObject({
        status: 'overdue',
        certificateNumber: null,
      });
      const [stored] = await t.dataSource.query<{ status: string }[]>(
        `SELECT status FROM offboarding WHERE id = $1`,
        [offboarding.id],
      );
      expect(stored.status).toBe('overdue');

      const certificate = await confirm(offboarding.id, confirmationBody());
      expect(await getOffboarding(offboarding.id)).toMatchObject({
        status: 'confirmed',
        certificateNumber: certificate.certificateNumber,
      });
      expect(await processorStatus(processor.id)).toBe('offboarded');

      // The sweep marked it overdue once: one audit event by the system, counted in the first run only.
      const marked = await allAuditEvents(t, dpo.accessToken, {
        entityId: offboarding.id,
        action: 'offboarding.overdue',
      });
      const [stray] = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_event
          WHERE action = 'offboarding.overdue' AND (entity_id IS NULL OR organization_id IS NULL)`,
      );
      expect({
        audit: marked.map((e) => [e.actorType, e.actorId]),
        eventsWithoutOrganizationOrEntity: stray.n,
        offboardingsOverdue: runs.map((r) => r.stats?.offboardingsOverdue),
      }).toEqual({
        audit: [['system', null]],
        eventsWithoutOrganizationOrEntity: 0,
        offboardingsOverdue: [1, 0, 0],
      });
    });
  });

  describe('the public verification route', () => {
    it('is limited to 30 requests a minute per address', async () => {
      const number = 'CUS-2026-000001';
      const hash = '0'.repeat(64);
      const earlier = verifyCalls;
      const statuses: number[] = [];
      let limited: Response | undefined;
      for (let i = 0; i < 31; i++) {
        const res = await verify(number, { sha256: hash });
        statuses.push(res.status);
        if (res.status === 429) {
          limited = res;
          break;
        }
        expect({ status: res.status, body: res.body }).toEqual({
          status: 200,
          body: { valid: false, number, issuedOn: null },
        });
      }
      expect(limited).toBeDefined();
      expectProblem(limited!, 429, 'RATE_LIMITED');
      expect(limited!.headers['retry-after']).toBeDefined();
      // Earlier requests of this file may fall in the same minute.
      const allowed = statuses.filter((s) => s === 200).length;
      expect(allowed).toBeLessThanOrEqual(30);
      expect(allowed).toBeGreaterThanOrEqual(30 - earlier);
      // Other routes are not affected.
      expect((await t.as(auditor.accessToken).get(`/offboardings`)).status).toBe(200);
    });
  });
});
