import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { addDays } from '../src/platform/clock/clock';
import {
  allAuditEvents,
  allClauses,
  CLAUSE_IDS,
  createProcessor,
  createUser,
  engagedProcessor,
  secondOrganization,
  setupOrganization,
  TestOrganization,
  TestUser,
  waitForProcessor,
  staff,
  exportedRecord,
} from './support/factories';
import { mailWordsProblems } from './support/mail-words';
import { distinctFieldsOf, expectProblem } from './support/problems';
import { createTestApp, TestApp } from './support/test-app';
import { settled } from './support/wait';

describe('sub-processors as Art. 28(2) and (4) ask', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let legal: TestUser;
  let dpo: TestUser;
  let auditor: TestUser;
  let otherLegal: TestUser;
  let parent: { id: string; name: string; contactEmail: string };
  const today = () => t.clock.today();
  const mailsAbout = async (text: string) => {
    await settled(t);
    return t.smtp.messages.filter((m) => m.subject.includes(text));
  };

  beforeAll(async () => {
    t = await createTestApp();
    org = await setupOrganization(t, { organizationName: 'Acme GmbH' });
    legal = await createUser(t, org.admin.accessToken, { roles: ['legal'], name: 'Lena Legal' });
    ({ dpo, auditor } = await staff(t, org, { dpo: ['dpo'], auditor: ['auditor'] }));
    other = await secondOrganization(t, { organizationName: 'Beta AG' });
    otherLegal = await createUser(t, other.admin.accessToken, { roles: ['legal'] });
    const engaged = await engagedProcessor(t, legal.accessToken, dpo.accessToken, {
      name: 'Cloudly GmbH',
      contactPerson: { name: 'Jana Novak', email: 'jana.novak@cloudly.example' },
      postalAddress: 'Hauptstraße 5, 10827 Berlin, Germany',
    });
    parent = engaged.processor as unknown as typeof parent;
  });
  afterAll(() => t?.close());

  it("counts the objection window from the processor's notice, and tells legal the deciding facts in plain words", async () => {
    const noticeOn = addDays(today(), -10);
    const sub = await createProcessor(t, legal.accessToken, {
      name: 'Bucket Co. Inc.',
      parentId: parent.id,
      country: 'IN',
      processingCountries: ['IN', 'DE'],
      services: 'Object storage',
      subprocessorNoticeOn: noticeOn,
    });
    expect(sub.subprocessorNoticeOn).toBe(noticeOn);
    const windowed = await waitForProcessor(
      t,
      legal.accessToken,
      sub.id,
      (p) => p.authorizationBasis !== null,
    );
    expect({ status: windowed.authorizationStatus, endsOn: windowed.objectionWindowEndsOn }).toEqual({
      status: 'objection_window',
      endsOn: addDays(noticeOn, 30),
    });

    const [mail, ...more] = await mailsAbout('New sub-processor Bucket Co. Inc.');
    expect(more).toEqual([]);
    expect(mail.to).toEqual([legal.email]);
    expect(mail.subject).toBe(
      `New sub-processor Bucket Co. Inc. under Cloudly GmbH: objections until ${addDays(noticeOn, 30)}`,
    );
    expect(mail.text).toContain('Cloudly GmbH engages a new sub-processor: Bucket Co. Inc.\n');
    expect(mail.text).not.toContain('Inc..');
    expect(mail.text).toContain(`Notice given on:       ${noticeOn}`);
    expect(mail.text).toContain(`(30 days from the processor's notice)`);
    expect(mail.text).toContain(
      'Outside the EEA without an adequacy decision and without a transfer mechanism in the agreement:\nIN.',
    );
    expect(mail.text).toContain(`${t.config.publicUrl}/processors/${sub.id}`);
    expect(mail.text).not.toMatch(/\/api\/v1|POST |\{"decision"/);
    expect(mailWordsProblems(mail, `${t.config.publicUrl}/processors/${sub.id}`)).toEqual([]);

    for (const [body, field] of [
      [{ parentId: parent.id, subprocessorNoticeOn: addDays(today(), 1) }, 'subprocessorNoticeOn'],
      [{ subprocessorNoticeOn: noticeOn }, 'subprocessorNoticeOn'],
    ] as const) {
      const res = await t.as(legal.accessToken).post('/processors', {
        name: 'Refused Ltd',
        country: 'DE',
        processingCountries: ['DE'],
        services: 'x',
        contactEmail: 'x@refused.example',
        ...body,
      });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(res)).toEqual([field]);
    }
  });

  it('an objection needs its reasons, is e-mailed to the processor with legal to reply to, and its note is returned', async () => {
    const sub = await createProcessor(t, legal.accessToken, {
      name: 'Trackly Ltd',
      parentId: parent.id,
      country: 'GB',
      processingCountries: ['GB'],
      services: 'Usage analytics',
    });
    await waitForProcessor(t, legal.accessToken, sub.id, (p) => p.authorizationBasis !== null);
    const bare = await t
      .as(legal.accessToken)
      .post(`/processors/${sub.id}/authorization`, { decision: 'object' });
    expectProblem(bare, 400, 'VALIDATION_FAILED');
    expect(distinctFieldsOf(bare)).toEqual(['note']);
    expect((await t.as(legal.accessToken).get(`/processors/${sub.id}`)).body.authorizationStatus).toBe(
      'objection_window',
    );

    const reasons =
      'Analytics of our customers is not part of the service we ordered; no such processing is allowed.';
    const objected = await t.as(legal.accessToken).post(`/processors/${sub.id}/authorization`, {
      decision: 'object',
      note: reasons,
    });
    expect({ status: objected.status, body: objected.body }).toEqual({
      status: 200,
      body: expect.objectContaining({
        authorizationStatus: 'objected',
        authorizationNote: reasons,
        authorizationDecidedAt: t.clock.now().toISOString(),
      }),
    });
    const [letter, ...more] = await mailsAbout('objects to the new sub-processor Trackly Ltd');
    expect(more).toEqual([]);
    expect(letter.subject).toBe('Acme GmbH objects to the new sub-processor Trackly Ltd');
    expect(letter.to.sort()).toEqual([parent.contactEmail, 'jana.novak@cloudly.example'].sort());
    expect(letter.raw.replyTo?.value.map((a) => a.address)).toEqual([legal.email]);
    expect(letter.text).toContain('Dear Jana Novak,');
    expect(letter.text).toContain('Acme GmbH objects to Cloudly GmbH engaging Trackly Ltd.\n');
    expect(letter.text).toContain(reasons);
    expect(letter.text).toContain(`it reaches Lena Legal (${legal.email}) at Acme GmbH.`);
    expect(letter.text).not.toMatch(/\/api\/v1|POST /);
    expect(mailWordsProblems(letter)).toEqual([]);
    const events = await allAuditEvents(t, auditor.accessToken, {
      entityType: 'processor',
      entityId: sub.id,
    });
    const objections = events.filter((event) => event.action === 'processor.subprocessor_objected');
    expect(objections).toHaveLength(1);
    expect(objections[0]).toMatchObject({ action: 'processor.subprocessor_objected', actorId: legal.id });
  });

  it('records the flow-down contract (Art. 28(4)) with the same clause checklist', async () => {
    const sub = await createProcessor(t, legal.accessToken, {
      name: 'Backuply SAS',
      parentId: parent.id,
      country: 'FR',
      processingCountries: ['FR'],
    });
    const read = await t.as(auditor.accessToken).get(`/processors/${sub.id}`);
    expect(read.body.flowDownContract).toBeNull();
    const body = {
      signedOn: addDays(today(), -40),
      document: 'Sub-processing agreement Cloudly / Backuply of 2025, on file with Cloudly',
      clauses: { ...allClauses(), A28_3_H: true },
    };
    const recorded = await t.as(legal.accessToken).put(`/processors/${sub.id}/flow-down-contract`, body);
    expect({ status: recorded.status, flowDown: recorded.body.flowDownContract }).toEqual({
      status: 200,
      flowDown: {
        signedOn: body.signedOn,
        document: body.document,
        clauses: Object.fromEntries(
          CLAUSE_IDS.map((id, n) => [
            id,
            { covered: true, reference: id === 'A28_3_H' ? null : `§ ${n + 1}` },
          ]),
        ),
        missingClauses: ['A28_3_H'],
        clauseGaps: [
          {
            clause: 'A28_3_H',
            gap: 'reference_missing',
            message: 'ticked as covered, but the section of the signed document is not named (a draft tick)',
          },
        ],
        recordedAt: t.clock.now().toISOString(),
      },
    });
    const events = await allAuditEvents(t, auditor.accessToken, {
      entityType: 'processor',
      entityId: sub.id,
    });
    // Custos' own background work may write to the same processor in the same second, so the event is
    // looked for by its action rather than taken as the newest.
    const flowDownEvents = events.filter((event) => event.action === 'processor.flow_down_recorded');
    expect(flowDownEvents).toHaveLength(1);
    expect(flowDownEvents[0]).toMatchObject({ action: 'processor.flow_down_recorded', actorId: legal.id });

    const future = await t.as(legal.accessToken).put(`/processors/${sub.id}/flow-down-contract`, {
      ...body,
      signedOn: addDays(today(), 2),
    });
    expectProblem(future, 400, 'VALIDATION_FAILED');
    expect(distinctFieldsOf(future)).toEqual(['signedOn']);
    const noDocument = await t.as(legal.accessToken).put(`/processors/${sub.id}/flow-down-contract`, {
      ...body,
      document: '',
    });
    expect(distinctFieldsOf(noDocument)).toEqual(['document']);
    expectProblem(
      await t.as(legal.accessToken).put(`/processors/${parent.id}/flow-down-contract`, body),
      409,
      'NOT_A_SUBPROCESSOR',
    );
    expectProblem(
      await t.as(auditor.accessToken).put(`/processors/${sub.id}/flow-down-contract`, body),
      403,
      'FORBIDDEN',
    );
    expectProblem(
      await t.as(otherLegal.accessToken).put(`/processors/${sub.id}/flow-down-contract`, body),
      404,
      'NOT_FOUND',
    );
  });

  it('a postal address and a named contact person are optional at creation and shown as missing until filled', async () => {
    const bare = await createProcessor(t, legal.accessToken, { name: 'Plain Services BV', country: 'NL' });
    expect({ address: bare.postalAddress, person: bare.contactPerson, missing: bare.missingDetails }).toEqual(
      {
        address: null,
        person: null,
        missing: ['postalAddress', 'contactPerson'],
      },
    );
    const unnamed = await t.as(legal.accessToken).patch(`/processors/${bare.id}`, {
      contactPerson: { email: 'someone@plain.example' },
    });
    expectProblem(unnamed, 400, 'VALIDATION_FAILED');
    expect(distinctFieldsOf(unnamed)).toEqual(['contactPerson.name']);
    const filled = await t.as(legal.accessToken).patch(`/processors/${bare.id}`, {
      postalAddress: 'Keizersgracht 1, 1015 Amsterdam, Netherlands',
      contactPerson: { name: 'Pieter de Vries', email: 'pieter@plain.example' },
    });
    expect({
      status: filled.status,
      missing: filled.body.missingDetails,
      person: filled.body.contactPerson,
    }).toEqual({
      status: 200,
      missing: [],
      person: { name: 'Pieter de Vries', email: 'pieter@plain.example' },
    });
  });

  it("compares the processor's published sub-processor list (CSV) with what Custos knows, for legal", async () => {
    const compare = (bytes: string, token = legal.accessToken, contentType = 'text/csv', id = parent.id) =>
      t
        .as(token)
        .request('post', `/processors/${id}/sub-processor-list/comparison`)
        .attach('file', Buffer.from(bytes), { filename: 'subprocessors.csv', contentType });
    const csv = [
      'Name,Country,Processing countries,Services',
      'Bucket Co. Inc.,IN,IN DE,Object storage',
      '"Backuply SAS",DE,FR,Back-ups',
      'Mailroom Oy,FI,FI,"E-mail relay, bounces"',
    ].join('\r\n');
    const res = await compare(csv);
    expect(res.status).toBe(200);
    expect(res.body.listed).toBe(3);
    expect(res.body.known).toBe(3);
    expect(res.body.differences).toEqual([
      {
        kind: 'country_differs',
        name: 'Backuply SAS',
        processorId: expect.any(String),
        listed: 'DE',
        recorded: 'FR',
        message: 'Backuply SAS: the list says established in DE, Custos records FR.',
      },
      {
        kind: 'not_in_custos',
        name: 'Mailroom Oy',
        listed: {
          line: 4,
          name: 'Mailroom Oy',
          country: 'FI',
          processingCountries: ['FI'],
          services: 'E-mail relay, bounces',
        },
        message:
          "Mailroom Oy is on the processor's list but not recorded in Custos: treat it as a notice of a new sub-processor.",
      },
      {
        kind: 'not_in_list',
        name: 'Trackly Ltd',
        processorId: expect.any(String),
        message:
          "Trackly Ltd is recorded in Custos but no longer on the processor's list: ask whether it was replaced.",
      },
    ]);

    // A sub-processor listed twice is not a match: the list is ambiguous, and both lines are named.
    // Lines are counted as the file has them, blank ones and a quoted line break included.
    const twice = await compare(
      [
        'name,country,processing countries,services',
        'Bucket Co. Inc.,IN,IN DE,Object storage',
        '',
        '"Backuply SAS",FR,FR,"Back-ups,',
        'nightly"',
        'Trackly Ltd,GB,GB,Analytics',
        'bucket co inc,IN,IN DE,Object storage',
      ].join('\n'),
    );
    expect(twice.status).toBe(200);
    expect(twice.body.listed).toBe(4);
    expect(twice.body.differences).toEqual([
      {
        kind: 'listed_twice',
        name: 'Bucket Co. Inc.',
        processorId: expect.any(String),
        listed: {
          line: 7,
          name: 'bucket co inc',
          country: 'IN',
          processingCountries: ['IN', 'DE'],
          services: 'Object storage',
        },
        message:
          "Bucket Co. Inc. is on the processor's list twice (lines 2 and 7): ask which entry is right.",
      },
    ]);
    const afterBlank = await compare('name,country\n\nSomeone,DE\n\nElse,XX\n');
    expect(distinctFieldsOf(afterBlank)).toEqual(['file[5].country']);

    const noHeader = await compare('Bucket Co. Inc.,IN\n');
    expectProblem(noHeader, 400, 'VALIDATION_FAILED');
    expect(distinctFieldsOf(noHeader)).toEqual(['file']);
    const badCountry = await compare('name,country\nSomeone,XX\n');
    expect(distinctFieldsOf(badCountry)).toEqual(['file[2].country']);
    expectProblem(
      await compare('%PDF-1.4 not a list', legal.accessToken, 'application/pdf'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectProblem(await compare(csv, auditor.accessToken), 403, 'FORBIDDEN');
    expectProblem(await compare(csv, otherLegal.accessToken), 404, 'NOT_FOUND');
    expectProblem(await compare(csv, legal.accessToken, 'text/csv', randomUUID()), 404, 'NOT_FOUND');
  });

  it('the record (XLSX, Processors sheet) shows the flow-down contract and the missing address and contact person', async () => {
    const bytes = await exportedRecord(t, dpo.accessToken, 'xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Processors');
    if (!sheet) throw new Error('no Processors sheet');
    const headings = sheet.getRow(7).values as string[];
    const rows = new Map<string, unknown[]>();
    sheet.eachRow((row, n) => {
      if (n > 7)
        rows.set(String((row.values as unknown[])[headings.indexOf('Processor')]), row.values as unknown[]);
    });
    const at = (name: string, header: string) => rows.get(name)?.[headings.indexOf(header)];
    expect(at('Backuply SAS', 'Agreement (DPA)')).toMatch(
      /^flow-down contract with Cloudly GmbH \(Art\. 28\(4\)\), signed \d{4}-\d{2}-\d{2}: Sub-processing agreement Cloudly/,
    );
    expect(at('Backuply SAS', 'Postal address and contact person')).toBe(
      'postal address missing\ncontact person missing',
    );
    expect(at('Cloudly GmbH', 'Postal address and contact person')).toBe(
      'Hauptstraße 5, 10827 Berlin, Germany\nJana Novak, jana.novak@cloudly.example',
    );
  });
});
