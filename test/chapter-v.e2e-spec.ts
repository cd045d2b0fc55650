import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Response } from 'supertest';
import { addDays } from '../src/platform/clock/clock';
import {
  agreementBody,
  approveAssessment,
  createProcessor,
  createUser,
  digestLines,
  nextId,
  reloginAll,
  runSweep,
  postTransferCheck,
  ProcessorInput,
  setupOrganization,
  signedAgreement,
  TestOrganization,
  TestUser,
  waitForProcessor,
  engagedProcessor,
  CONTACT,
  exportedRecord,
} from './support/factories';
import { distinctFieldsOf, expectProblem } from './support/problems';
import { createTestApp, TestApp } from './support/test-app';
import { settled } from './support/wait';

/** Contact data for e-mail marketing: inside the default agreement scope (user.contact, marketing). */

interface Reason {
  code: string;
  message: string;
  details: Record<string, unknown>;
}
interface Basis {
  destination: string;
  destinationName: string;
  recipientId: string | null;
  recipientName: string;
  leg: string;
  classification: string;
  adequacy: { instrument: string } | null;
  mechanism: { type: string; reference: string | null } | null;
  tia: { id: string; outcome: string } | null;
  problem: string | null;
  explanation: string;
}

const codesOf = (res: Response): string[] => (res.body.reasons as Reason[]).map((r) => r.code).sort();

/**
 * Chapter V as a DPO walks it: processors in India (SCCs and TIAs), the United States (a derogation
 * refused as a standing tool; a DPF-certified recipient), Japan (partial adequacy), Switzerland, the
 * European Patent Organisation, a sub-processor chain with an objection, and an ended engagement;
 * then the record of processing exported in every format tells the same story.
 */
describe('Chapter V transfers, and the record of processing that states them', () => {
  let t: TestApp;
  let org: TestOrganization;
  let legal: TestUser;
  let dpo: TestUser;
  let procurement: TestUser;
  let files: string;

  let india: { id: string; name: string };
  let indiaAgreement: { id: string };
  let usDerogation: { id: string; name: string };
  let japan: { id: string; name: string };
  let dpfUs: { id: string; name: string };
  let swiss: { id: string; name: string };
  let objected: { id: string; name: string };
  let ended: { id: string; name: string };
  let checkedIndia: string;
  const check = (processorId: string, extra: object = {}) =>
    postTransferCheck(t, procurement.accessToken, { processorId, ...CONTACT, ...extra });

  /** Created, assessed and approved, under a signed agreement with `agreement`'s overrides. */
  const engage = async (
    input: Partial<ProcessorInput>,
    agreement: Parameters<typeof agreementBody>[1] = {},
  ) => {
    const { processor, agreement: signed } = await engagedProcessor(
      t,
      legal.accessToken,
      dpo.accessToken,
      { name: `Vendor ${nextId()}`, ...input },
      {
        ...agreement,
        scope: { processingCountries: input.processingCountries ?? ['DE'], ...agreement.scope },
      },
    );
    await waitForProcessor(t, legal.accessToken, processor.id, (p) => p.status === 'active');
    return { processor, agreement: signed };
  };

  const tia = (outcome: string, assessedOn: string, extra: object = {}) => ({
    destination: 'IN',
    assessedOn,
    assessor: 'Dr. Lena Vogt (DPO) with counsel',
    lawsAndPractices:
      'Digital Personal Data Protection Act 2023; interception powers under s. 69 IT Act 2000; no effective redress for EU data subjects',
    outcome,
    reviewOn: addDays(t.clock.today(), 365),
    ...extra,
  });

  const exportAs = (format: 'xlsx' | 'csv' | 'json' | 'pdf'): Promise<Buffer> =>
    exportedRecord(t, dpo.accessToken, format, 60_000);

  beforeAll(async () => {
    t = await createTestApp();
    files = await mkdtemp(join(tmpdir(), 'custos-chapter-v-'));
    org = await setupOrganization(t, { organizationName: 'Acme GmbH' });
    legal = await createUser(t, org.admin.accessToken, { roles: ['legal'] });
    dpo = await createUser(t, org.admin.accessToken, { roles: ['dpo'], name: 'Dana Protect' });
    procurement = await createUser(t, org.admin.accessToken, { roles: ['procurement'] });
    const profile = await t.as(dpo.accessToken).put('/records/profile', {
      controllerName: 'Acme GmbH',
      address: 'Hauptstraße 1, 10115 Berlin',
      contactEmail: 'privacy@acme.example',
      dpo: { name: 'Dana Protect', email: 'dpo@acme.example', phone: '+49 30 1234' },
    });
    expect(profile.status).toBe(200);
  });

  afterAll(async () => {
    await settled(t);
    await t.close();
    await rm(files, { recursive: true, force: true });
  });

  describe('the gate', () => {
    it('India under SCC Module 2: TIA_MISSING without an assessment, whatever the old tiaCompleted flag says', async () => {
      const engaged = await engage(
        { name: 'Ind Support Pvt Ltd', country: 'IN', processingCountries: ['IN'] },
        {
          title: 'DPA Ind Support',
          transferMechanisms: [
            { country: 'IN', mechanism: 'scc_2021_914_module_2', tiaCompleted: true, reference: 'Annex III' },
          ],
        },
      );
      india = engaged.processor;
      indiaAgreement = engaged.agreement;
      const res = await check(india.id);
      expect({ status: res.status, codes: codesOf(res) }).toEqual({ status: 200, codes: ['TIA_MISSING'] });
      expect(res.body.eligible).toBe(false);
      expect((res.body.reasons as Reason[])[0].message).toContain('India');
    });

    it('refuses a TIA without its required parts, naming each field, and stores nothing', async () => {
      const res = await t
        .as(legal.accessToken)
        .post(`/agreements/${indiaAgreement.id}/transfer-impact-assessments`, {
          destination: 'DE',
          assessedOn: addDays(t.clock.today(), 1),
          outcome: 'proceed_with_measures',
        });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(res)).toEqual(expect.arrayContaining(['assessor', 'lawsAndPractices']));
      const deep = await t
        .as(legal.accessToken)
        .post(`/agreements/${indiaAgreement.id}/transfer-impact-assessments`, {
          ...tia('proceed_with_measures', t.clock.today()),
          destination: 'DE',
        });
      expectProblem(deep, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(deep)).toEqual(['destination', 'supplementaryMeasures']);
      const list = await t
        .as(legal.accessToken)
        .get(`/agreements/${indiaAgreement.id}/transfer-impact-assessments`);
      expect({ status: list.status, items: list.body.items }).toEqual({ status: 200, items: [] });
      expectProblem(
        await t
          .as(procurement.accessToken)
          .post(
            `/agreements/${indiaAgreement.id}/transfer-impact-assessments`,
            tia('proceed', t.clock.today()),
          ),
        403,
        'FORBIDDEN',
      );
    });

    it('TIA_NEGATIVE when the assessment says the transfer must not proceed', async () => {
      const res = await t
        .as(legal.accessToken)
        .post(
          `/agreements/${indiaAgreement.id}/transfer-impact-assessments`,
          tia('do_not_proceed', addDays(t.clock.today(), -1)),
        );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        agreementId: indiaAgreement.id,
        processorId: india.id,
        destination: 'IN',
        outcome: 'do_not_proceed',
        allowsTransfer: false,
      });
      const refused = await check(india.id);
      expect(codesOf(refused)).toEqual(['TIA_NEGATIVE']);
    });

    it('eligible with a positive TIA, and the stored decision names its basis per destination', async () => {
      const positive = await t.as(legal.accessToken).post(
        `/agreements/${indiaAgreement.id}/transfer-impact-assessments`,
        tia('proceed_with_measures', t.clock.today(), {
          supplementaryMeasures: 'Encryption with keys held in the EU; transparency reports',
          measuresInPlace: false,
        }),
      );
      expect(positive.status).toBe(201);
      expect(codesOf(await check(india.id))).toEqual(['TIA_NEGATIVE']);
      const inPlace = await t
        .as(legal.accessToken)
        .patch(`/transfer-impact-assessments/${positive.body.id}`, {
          measuresInPlace: true,
        });
      expect({ status: inPlace.status, allows: inPlace.body.allowsTransfer }).toEqual({
        status: 200,
        allows: true,
      });
      const pdf = Buffer.from('%PDF-1.4\n% TIA\n');
      const uploaded = await t
        .as(legal.accessToken)
        .request('post', `/transfer-impact-assessments/${positive.body.id}/document`)
        .attach('file', pdf, { filename: 'TIA India.pdf', contentType: 'application/pdf' });
      expect(uploaded.status).toBe(201);
      expect(uploaded.body.document).toMatchObject({ contentType: 'application/pdf', size: pdf.length });

      const res = await check(india.id);
      expect({ status: res.status, eligible: res.body.eligible, reasons: res.body.reasons }).toEqual({
        status: 200,
        eligible: true,
        reasons: [],
      });
      checkedIndia = res.body.decisionId;
      const stored = await t.as(procurement.accessToken).get(`/transfer-checks/${checkedIndia}`);
      expect(stored.status).toBe(200);
      const [basis] = stored.body.destinations as Basis[];
      expect(basis).toMatchObject({
        destination: 'IN',
        destinationName: 'India',
        recipientId: india.id,
        recipientName: 'Ind Support Pvt Ltd',
        leg: 'controller_to_processor',
        classification: 'third_country',
        adequacy: null,
        mechanism: { type: 'scc_2021_914_module_2', reference: 'Annex III' },
        tia: { id: positive.body.id, outcome: 'proceed_with_measures' },
        problem: null,
      });
      expect(basis.explanation).toContain('Module 2');
    });

    it('an Art. 49 derogation needs its ground, and is refused as a processor\u2019s standing transfer tool', async () => {
      const processor = await createProcessor(t, legal.accessToken, {
        name: 'AdReach Inc',
        country: 'US',
        processingCountries: ['US'],
      });
      const noGround = await t.as(legal.accessToken).post(
        `/processors/${processor.id}/agreements`,
        agreementBody(t.clock.today(), {
          scope: { processingCountries: ['US'] },
          transferMechanisms: [{ country: 'US', mechanism: 'art49_derogation' } as never],
        }),
      );
      expectProblem(noGround, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(noGround)).toEqual(['transferMechanisms[0].derogationGround']);
      await approveAssessment(t, legal.accessToken, dpo.accessToken, processor.id);
      await signedAgreement(
        t,
        legal.accessToken,
        processor.id,
        agreementBody(t.clock.today(), {
          scope: { processingCountries: ['US'] },
          transferMechanisms: [
            { country: 'US', mechanism: 'art49_derogation', derogationGround: 'b' } as never,
          ],
        }),
      );
      usDerogation = processor;
      const res = await check(processor.id);
      expect(codesOf(res)).toEqual(['DEROGATION_NOT_FOR_REGULAR_TRANSFERS']);
      const reason = (res.body.reasons as Reason[])[0];
      expect(reason.message).toContain('EDPB Guidelines 2/2018');
      expect(reason.message).toContain('Art. 49(1)(b)');
    });

    it('Japan: ADEQUACY_SCOPE_UNCONFIRMED until the processor is confirmed within the partial decision', async () => {
      japan = (await engage({ name: 'Nihon Data KK', country: 'JP', processingCountries: ['JP'] })).processor;
      const unconfirmed = await check(japan.id);
      expect(codesOf(unconfirmed)).toEqual(['ADEQUACY_SCOPE_UNCONFIRMED']);
      expect((unconfirmed.body.reasons as Reason[])[0].message).toContain('2019/419');

      const wrong = await t.as(legal.accessToken).patch(`/processors/${japan.id}`, {
        adequacyScopeConfirmations: [{ destination: 'CH', confirmedOn: t.clock.today(), basis: 'Swiss' }],
      });
      expectProblem(wrong, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(wrong)).toEqual(['adequacyScopeConfirmations[0].destination']);
      const confirmed = await t.as(legal.accessToken).patch(`/processors/${japan.id}`, {
        adequacyScopeConfirmations: [
          {
            destination: 'JP',
            confirmedOn: t.clock.today(),
            basis: 'Business operator under the APPI, bound by the Supplementary Rules (DPA § 12)',
          },
        ],
      });
      expect(confirmed.status).toBe(200);
      const res = await check(japan.id);
      expect({ eligible: res.body.eligible, reasons: res.body.reasons }).toEqual({
        eligible: true,
        reasons: [],
      });
      expect((res.body.destinations as Basis[])[0]).toMatchObject({
        destination: 'JP',
        classification: 'adequate',
        adequacy: { instrument: expect.stringContaining('2019/419') },
      });
    });

    it('the European Patent Organisation is a destination, adequate under Decision (EU) 2025/1382', async () => {
      const orgs = await t.as(procurement.accessToken).get('/vocabularies/international-organisations');
      expect(orgs.status).toBe(200);
      expect(orgs.body.items).toContainEqual({ code: 'EPO', name: 'European Patent Organisation' });
      const res = await check(japan.id, { destinationCountry: 'epo' });
      expect({ status: res.status, eligible: res.body.eligible }).toEqual({ status: 200, eligible: true });
      expect((res.body.destinations as Basis[]).find((d) => d.destination === 'EPO')).toMatchObject({
        destinationName: 'European Patent Organisation',
        classification: 'adequate',
        adequacy: { instrument: expect.stringContaining('2025/1382') },
      });
      const unknown = await check(japan.id, { destinationCountry: 'NATO' });
      expectProblem(unknown, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(unknown)).toEqual(['destinationCountry']);
    });

    it('a DPF certification with its date and scope makes a US recipient adequate; Switzerland is adequate', async () => {
      dpfUs = (
        await engage({
          name: 'Certified Cloud Inc',
          country: 'US',
          processingCountries: ['US'],
          dpfCertification: {
            certifiedOn: '2024-02-01',
            lastConfirmedOn: t.clock.today(),
            scope: ['non_hr'],
          },
        } as Partial<ProcessorInput>)
      ).processor;
      const res = await check(dpfUs.id);
      expect(res.body.reasons).toEqual([]);
      expect((res.body.destinations as Basis[])[0]).toMatchObject({
        destination: 'US',
        classification: 'adequate',
        adequacy: { instrument: expect.stringContaining('2023/1795') },
      });
      const hr = await check(dpfUs.id, { purpose: 'employment' });
      expect(codesOf(hr)).toEqual(['PURPOSE_NOT_COVERED', 'THIRD_COUNTRY_NO_SAFEGUARD']);

      swiss = (await engage({ name: 'Alp Hosting AG', country: 'CH', processingCountries: ['CH'] }))
        .processor;
      expect((await check(swiss.id)).body.reasons).toEqual([]);
    });

    it('an objected sub-processor blocks the chain while it is announced, and receives nothing once objected', async () => {
      const sub = await createProcessor(t, legal.accessToken, {
        name: 'Shady Analytics Ltd',
        country: 'CN',
        processingCountries: ['CN'],
        parentId: swiss.id,
      });
      await waitForProcessor(
        t,
        legal.accessToken,
        sub.id,
        (p) => p.authorizationStatus === 'objection_window',
      );
      expect(codesOf(await check(swiss.id))).toEqual([
        'SUBPROCESSOR_NOT_AUTHORIZED',
        'THIRD_COUNTRY_NO_SAFEGUARD',
      ]);
      const decided = await t.as(legal.accessToken).post(`/processors/${sub.id}/authorization`, {
        decision: 'object',
        note: 'No adequacy and no safeguard for China',
      });
      expect(decided.status).toBe(200);
      objected = sub;
      expect((await t.as(legal.accessToken).get(`/processors/${objected.id}`)).body.authorizationStatus).toBe(
        'objected',
      );
    });

    it('an ended engagement: the agreement under SCCs with a positive TIA is terminated', async () => {
      const engaged = await engage(
        { name: 'Old Outsourcing Pvt Ltd', country: 'IN', processingCountries: ['IN'] },
        {
          title: 'DPA Old Outsourcing',
          transferMechanisms: [
            {
              country: 'IN',
              mechanism: 'scc_2021_914_module_2',
              tiaCompleted: false,
              reference: 'Annex III',
            },
          ],
        },
      );
      expect(
        (
          await t
            .as(legal.accessToken)
            .post(
              `/agreements/${engaged.agreement.id}/transfer-impact-assessments`,
              tia('proceed', t.clock.today()),
            )
        ).status,
      ).toBe(201);
      const terminated = await t.as(legal.accessToken).post(`/agreements/${engaged.agreement.id}/terminate`, {
        effectiveOn: t.clock.today(),
        reason: 'Service brought in-house',
        dataHandling: 'delete',
        dueOn: addDays(t.clock.today(), 30),
      });
      expect(terminated.status).toBe(200);
      ended = engaged.processor;
      await waitForProcessor(t, legal.accessToken, ended.id, (p) => p.status === 'offboarding');
      expect(codesOf(await check(ended.id))).toContain('PROCESSOR_OFFBOARDING');
    });
  });

  describe('the record of processing after the walk', () => {
    let activityId: string;

    beforeAll(async () => {
      const res = await t.as(dpo.accessToken).post('/processing-activities', {
        name: 'Customer newsletter',
        purposes: ['marketing.communications.email'],
        purposeDescription: 'Sending the monthly newsletter to customers who asked for it',
        legalBases: ['art6_1_a'],
        consentRecord: 'CRM consent log',
        rightsAvailable: ['access', 'erasure', 'objection'],
        dataLocation: 'CRM, Frankfurt',
        dataSubjectCategories: ['customer'],
        dataCategories: ['user.contact.email'],
        retention: 'Until consent is withdrawn',
        securityMeasures: 'Encryption, access control',
        processorIds: [india.id, usDerogation.id, japan.id, dpfUs.id, swiss.id, ended.id],
      });
      expect(res.status).toBe(201);
      activityId = res.body.id;
    });

    it('derives the transfers with their basis, leaves out the objected sub-processor, shows the ended engagement', async () => {
      const res = await t.as(dpo.accessToken).get(`/processing-activities/${activityId}`);
      expect(res.status).toBe(200);
      const recipients = (res.body.recipients as { name: string; ended: boolean }[]).map((r) => [
        r.name,
        r.ended,
      ]);
      expect(recipients).toContainEqual(['Old Outsourcing Pvt Ltd', true]);
      expect(recipients.map(([name]) => name)).not.toContain('Shady Analytics Ltd');
      const transfers = res.body.transfers as {
        country: string;
        recipient: string;
        classification: string;
        safeguard: string;
        adequacyDecision: string | null;
        problem: string | null;
        endedOn: string | null;
      }[];
      const of = (recipient: string) => transfers.find((x) => x.recipient === recipient);
      expect(of('Alp Hosting AG')).toMatchObject({
        country: 'CH',
        classification: 'adequate',
        safeguard: 'adequacy_decision',
      });
      expect(of('Certified Cloud Inc')).toMatchObject({
        country: 'US',
        classification: 'adequate',
        adequacyDecision: expect.stringContaining('2023/1795'),
      });
      expect(of('Ind Support Pvt Ltd')).toMatchObject({ safeguard: 'scc_2021_914_module_2', problem: null });
      expect(of('AdReach Inc')).toMatchObject({
        safeguard: 'art49_derogation',
        problem: 'DEROGATION_NOT_FOR_REGULAR_TRANSFERS',
      });
      expect(of('Old Outsourcing Pvt Ltd')).toMatchObject({
        safeguard: 'scc_2021_914_module_2',
        problem: null,
        endedOn: t.clock.today(),
      });
      expect(transfers.map((x) => x.recipient)).not.toContain('Shady Analytics Ltd');
    });

    it('XLSX: the adequacy basis of CH and the DPF recipient, no objected sub-processor, the ended engagement, ICO columns, print set-up', async () => {
      const bytes = await exportAs('xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('Controller record')!;
      const headings = (sheet.getRow(7).values as unknown[]).slice(1) as string[];
      for (const column of [
        'Rights available to individuals',
        'Existence of automated decision-making, including profiling (if applicable)',
        'Link to record of legitimate interests assessment (if applicable)',
        'Link to record of consent',
        'Location of personal data',
        'Data Protection Impact Assessment progress',
        'Personal data breach?',
        'Link to record of personal data breach',
      ])
        expect(headings).toContain(column);
      const row = sheet.getRow(8);
      const cell = (heading: string) => row.getCell(headings.indexOf(heading) + 1).text;
      const safeguards = cell(
        'Safeguards for exceptional transfers of personal data to third countries or international organisations (if applicable)',
      );
      expect(safeguards).toContain(
        'Switzerland (CH), Alp Hosting AG: Adequacy decision (Art. 45), Commission Decision 2000/518/EC',
      );
      expect(safeguards).toContain(
        'United States of America (US), Certified Cloud Inc: Adequacy decision (Art. 45), Commission Implementing Decision (EU) 2023/1795',
      );
      expect(safeguards).toMatch(
        /India \(IN\), Old Outsourcing Pvt Ltd: Standard contractual clauses .* \(engagement ended /,
      );
      expect(safeguards).not.toContain('None recorded');
      expect(cell('Categories of recipients')).not.toContain('Shady Analytics');
      expect(cell('Categories of recipients')).toContain(
        'Processor: Old Outsourcing Pvt Ltd (India (IN)) — engagement ended',
      );
      expect(cell('Purpose of processing')).toContain(
        'Sending the monthly newsletter to customers who asked for it',
      );
      expect(cell('Location of personal data')).toBe('CRM, Frankfurt');
      expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1 });
      expect(sheet.pageSetup.printTitlesRow).toBe('7:7');
    });

    it('CSV: a BOM, the controller header block, the table, then the processor record', async () => {
      const bytes = await exportAs('csv');
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8').slice(1);
      const lines = text.split('\r\n');
      expect(lines[0]).toMatch(/^Record of processing activities — controller \(Art\. 30\(1\) GDPR\)(,|$)/);
      expect(lines[1]).toMatch(/^Controller,"?Acme GmbH, Hauptstraße 1, 10115 Berlin, privacy@acme.example/);
      expect(lines[2]).toMatch(/^Data protection officer,"?Dana Protect, dpo@acme.example/);
      expect(lines[3]).toMatch(/^Representative,none recorded/);
      expect(lines[7]).toMatch(/^Processing activity,Business function,Purpose of processing,/);
      expect(text).toContain('Record of processing activities — processor (Art. 30(2) GDPR)');
      expect(text).toContain('Adequacy decision (Art. 45), Commission Decision 2000/518/EC');
    });

    it('PDF: valid, an index of activities, each activity on its own page, no internal codes or ids', async () => {
      const bytes = await exportAs('pdf');
      const file = join(files, 'record.pdf');
      await writeFile(file, bytes);
      execFileSync('qpdf', ['--check', file]);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      const flat = text.replace(/\s+/g, ' ');
      expect(text).toContain('Index of processing activities');
      expect(text).toMatch(/1\. Customer newsletter\s+page 2/);
      expect(flat).toContain('Adequacy decision (Art. 45), Commission Decision 2000/518/EC');
      expect(flat).toContain('(engagement ended');
      // The document id in the footer is the only identifier: no record ids where words belong.
      const ids = [...new Set(text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g))];
      expect(ids).toHaveLength(1);
      expect(text).toContain(`Record of processing activities · ${ids[0]}`);
      expect(text).not.toMatch(/subprocessor_not_authorized|transfer_basis_incomplete|NONE RECORDED/);
      const pages = text.split('\f');
      expect(pages[1]).toContain('1. Customer newsletter');
    });

    it('the sweep reminds legal, once, before a TIA review date and before a DPF certification lapses', async () => {
      // The India assessments are to be reviewed a year after today; Certified Cloud was confirmed today.
      const start = t.clock.today();
      t.clock.set(`${addDays(start, 365 - 20)}T06:00:00.000Z`);
      await reloginAll(t, [org.admin, legal, dpo, procurement]);
      await runSweep(t, dpo.accessToken);
      await t.flushOutbox();
      const reminded = (text: string) =>
        t.smtp.to(legal.email).filter((m) => m.text.includes(text) || m.subject.includes(text));
      await t.smtp.waitFor(() => reminded('Transfer impact assessment for IN').length > 0, 15_000);
      await t.smtp.waitFor(
        () => reminded('Data Privacy Framework certification of Certified Cloud Inc').length > 0,
        15_000,
      );
      const tiaMail = reminded('Transfer impact assessment for IN')[0];
      expect(tiaMail.to).toContain(legal.email);
      expect(`${tiaMail.subject} ${tiaMail.text}`).toContain('Ind Support Pvt Ltd');
      expect(tiaMail.text).toContain(`${t.config.publicUrl}/agreements/${indiaAgreement.id}`);
      // Both are lines of legal's digest of the day, each with the page where legal acts.
      const dpfMail = reminded('Data Privacy Framework certification of Certified Cloud Inc')[0];
      expect(dpfMail).toEqual(tiaMail);
      expect(digestLines(dpfMail).filter((line) => line.includes('Certified Cloud Inc'))).toEqual([
        expect.stringMatching(
          new RegExp(
            `^- Confirm the Data Privacy Framework certification of Certified Cloud Inc by \\d{4}-\\d{2}-\\d{2} \\(in 2[01] days\\): ${t.config.publicUrl}/processors/${dpfUs.id}$`,
          ),
        ),
      ]);
      expect(dpfMail.text).toContain('Check each entry on the DPF list and record the date');
      await settled(t);
      const counts = () => [
        reminded('Transfer impact assessment for IN').length,
        reminded('Data Privacy Framework certification of Certified Cloud Inc').length,
      ];
      const before = counts();
      expect(before).toEqual([1, 1]);
      await runSweep(t, dpo.accessToken);
      await settled(t);
      expect(counts()).toEqual(before);
    });

    it('JSON: every transfer with its classification and explanation', async () => {
      const json = JSON.parse((await exportAs('json')).toString('utf8'));
      const activity = json.record.processingActivities.find(
        (a: { name: string }) => a.name === 'Customer newsletter',
      );
      const swissTransfer = activity.transfers.find(
        (x: { recipient: string }) => x.recipient === 'Alp Hosting AG',
      );
      expect(swissTransfer).toMatchObject({ classification: 'adequate', safeguard: 'adequacy_decision' });
      expect(swissTransfer.explanation).toContain('Art. 45');
    });
  });
});
