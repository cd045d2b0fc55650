import { createHash, randomUUID } from 'node:crypto';
import {
  activeSql,
  agreementStatus,
  inForce,
  inForceSql,
  STORED_AGREEMENT_STATUSES,
  type StatusFacts,
} from '../src/agreements/agreement-status';
import { MANDATORY_CLAUSES, type Clauses } from '../src/clauses/clauses';
import { addDays } from '../src/platform/clock/clock';
import {
  agreementBody,
  allAuditEvents,
  AgreementInput,
  AgreementView,
  allClauses,
  binaryParser,
  CLAUSE_IDS,
  createAgreement,
  createProcessor,
  createUser,
  loginReady,
  nextId,
  secondOrganization,
  setupOrganization,
  signAgreement,
  signatureBody,
  signedAgreement,
  TestOrganization,
  TestUser,
  staff,
  approvedProcessor,
  engagedProcessor,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';
import { distinctFieldsOf, expectProblem, fieldsOf } from './support/problems';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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

describe('data processing agreements', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let legal: TestUser;
  let dpo: TestUser;
  let auditor: TestUser;
  let procurement: TestUser;
  let otherLegal: TestUser;
  const upload = (
    id: string,
    bytes: Buffer,
    filename: string,
    contentType: string,
    token = legal.accessToken,
  ) =>
    t
      .as(token)
      .request('post', `/agreements/${id}/document`)
      .attach('file', bytes, { filename, contentType });
  const read = async (id: string, token = legal.accessToken): Promise<AgreementView> => {
    const res = await t.as(token).get(`/agreements/${id}`);
    expect({ status: res.status, id: res.body.id }).toEqual({ status: 200, id });
    return res.body;
  };
  const today = () => t.clock.today();
  /** After the clock moved, access tokens have expired: the users of the test log in again. */
  const relogin = async () => {
    for (const user of [legal, auditor]) await loginReady(t, user);
  };

  beforeAll(async () => {
    t = await createTestApp();
    org = await setupOrganization(t, { organizationName: 'Acme GmbH' });
    ({ legal, dpo, auditor, procurement } = await staff(t, org, {
      legal: ['legal'],
      dpo: ['dpo'],
      auditor: ['auditor'],
      procurement: ['procurement'],
    }));
    other = await secondOrganization(t, { organizationName: 'Beta AG' });
    otherLegal = await createUser(t, other.admin.accessToken, { roles: ['legal'] });
  });
  afterAll(() => t?.close());

  it('walks draft → sent → signed → active, and makes the approved processor active', async () => {
    const { processor } = await approvedProcessor(t, legal.accessToken, dpo.accessToken, {
      name: `Newsletter Mail ${nextId()}`,
    });
    expect((await t.as(legal.accessToken).get(`/processors/${processor.id}`)).body.status).toBe('approved');

    const body: AgreementInput = agreementBody(today(), {
      title: 'DPA newsletter 2026',
      reference: 'DPA-2026-014',
      expiresOn: '2027-01-14',
      clauses: { ...allClauses(), A28_3_A: { covered: true, reference: '§ 3.1' } },
      transferMechanisms: [{ country: 'us', mechanism: 'scc_2021_914_module_2', tiaCompleted: false }],
    });
    const created = await t.as(legal.accessToken).post(`/processors/${processor.id}/agreements`, body);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(UUID),
      processorId: processor.id,
      title: 'DPA newsletter 2026',
      reference: 'DPA-2026-014',
      status: 'draft',
      effectiveFrom: today(),
      expiresOn: '2027-01-14',
      scope: body.scope,
      clauses: Object.fromEntries(
        CLAUSE_IDS.map((id, n) => [
          id,
          { covered: true, reference: id === 'A28_3_A' ? '§ 3.1' : `§ ${n + 1}` },
        ]),
      ),
      missingClauses: [],
      clauseGaps: [],
      subProcessorAuthorization: { type: 'general', objectionPeriodDays: 30 },
      transferMechanisms: [
        {
          country: 'US',
          mechanism: 'scc_2021_914_module_2',
          tiaCompleted: false,
          reference: null,
          derogationGround: null,
          derogationDocumentation: null,
          bindingCommitments: null,
          authorization: null,
        },
      ],
      signatures: [],
      signedDocument: null,
      supersedesId: null,
      supersededById: null,
      terminatedOn: null,
      terminationReason: null,
      version: expect.any(Number),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const id: string = created.body.id;

    // Every role reads it; it is listed under its processor.
    for (const user of [legal, dpo, auditor, procurement, org.admin])
      expect(await read(id, user.accessToken)).toEqual(created.body);
    const list = await t.as(auditor.accessToken).get(`/processors/${processor.id}/agreements`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(list.body.items.map((a: AgreementView) => [a.id, a.status])).toEqual([[id, 'draft']]);

    const sent = await t.as(legal.accessToken).post(`/agreements/${id}/send`);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ id, status: 'sent', signatures: [] });
    expectProblem(await t.as(legal.accessToken).post(`/agreements/${id}/send`), 409, 'ILLEGAL_TRANSITION');

    const controller = signatureBody(t, 'controller');
    const one = await t.as(legal.accessToken).post(`/agreements/${id}/signatures`, controller);
    expect(one.status).toBe(201);
    expect(one.body).toMatchObject({
      id,
      status: 'sent',
      signatures: [{ ...controller, documentSha256: null, recordedBy: legal.id }],
    });
    expectProblem(
      await t.as(legal.accessToken).post(`/agreements/${id}/signatures`, controller),
      409,
      'ALREADY_SIGNED',
    );
    expect((await t.as(legal.accessToken).get(`/processors/${processor.id}`)).body.status).toBe('approved');

    const processorSide = signatureBody(t, 'processor', { signerName: 'Jon Vendorsen', signerTitle: 'CEO' });
    const both = await t.as(legal.accessToken).post(`/agreements/${id}/signatures`, processorSide);
    expect(both.status).toBe(201);
    expect(both.body).toMatchObject({ id, status: 'active', missingClauses: [] });
    expect(both.body.signatures).toEqual([
      { ...controller, documentSha256: null, recordedBy: legal.id },
      { ...processorSide, documentSha256: null, recordedBy: legal.id },
    ]);
    expect((await read(id, auditor.accessToken)).status).toBe('active');
    expect((await t.as(legal.accessToken).get(`/processors/${processor.id}`)).body.status).toBe('active');

    expectProblem(
      await t.as(legal.accessToken).post(`/agreements/${id}/signatures`, signatureBody(t, 'processor')),
      409,
      'AGREEMENT_NOT_SIGNABLE',
    );
    expectProblem(await t.as(legal.accessToken).post(`/agreements/${id}/send`), 409, 'ILLEGAL_TRANSITION');
  });

  it('a signed agreement lacking a clause stays signed and names the missing clause; the processor stays approved', async () => {
    const { processor, agreement: signed } = await engagedProcessor(
      t,
      legal.accessToken,
      dpo.accessToken,
      {},
      {
        clauses: { ...allClauses(['A28_3_G']), A28_3_H2: { covered: false, reference: '§ 9' } },
      },
    );
    expect(signed).toMatchObject({ status: 'signed', missingClauses: ['A28_3_G', 'A28_3_H2'] });
    expect((signed.clauses as Record<string, unknown>).A28_3_H2).toEqual({
      covered: false,
      reference: '§ 9',
    });
    expect(signed.signatures).toHaveLength(2);
    expect((await t.as(legal.accessToken).get(`/processors/${processor.id}`)).body.status).toBe('approved');
  });

  describe('validation', () => {
    const valid = () => agreementBody(today());
    const cases: [string, (b: AgreementInput) => object, string[]][] = [
      [
        'a clause that is neither true, false nor {covered, reference}',
        (b) => ({ ...b, clauses: { ...b.clauses, A28_3_C: 'yes' } }),
        ['clauses.A28_3_C'],
      ],
      [
        'a clause object without a boolean covered',
        (b) => ({ ...b, clauses: { ...b.clauses, A28_3_E: { covered: 'yes' } } }),
        ['clauses.A28_3_E'],
      ],
      ['an unknown clause', (b) => ({ ...b, clauses: { ...b.clauses, A28_3_Z: true } }), ['clauses.A28_3_Z']],
      [
        'an unknown purpose key',
        (b) => ({ ...b, scope: { ...b.scope, purposes: ['marketing.spam'] } }),
        ['scope.purposes[0]'],
      ],
      [
        'an unknown data category',
        (b) => ({ ...b, scope: { ...b.scope, dataCategories: ['user.contact', 'user.contacts'] } }),
        ['scope.dataCategories[1]'],
      ],
      [
        'an unknown data subject category',
        (b) => ({ ...b, scope: { ...b.scope, dataSubjectCategories: ['martian'] } }),
        ['scope.dataSubjectCategories[0]'],
      ],
      [
        'an unknown processing country',
        (b) => ({ ...b, scope: { ...b.scope, processingCountries: ['XX'] } }),
        ['scope.processingCountries[0]'],
      ],
      ['no purpose at all', (b) => ({ ...b, scope: { ...b.scope, purposes: [] } }), ['scope.purposes']],
      [
        'expiresOn before effectiveFrom',
        (b) => ({ ...b, expiresOn: addDays(b.effectiveFrom, -1) }),
        ['expiresOn'],
      ],
      [
        'an effectiveFrom that is not an ISO date',
        (b) => ({ ...b, effectiveFrom: '15.01.2026' }),
        ['effectiveFrom'],
      ],
      [
        'a general authorisation without objectionPeriodDays',
        (b) => ({ ...b, subProcessorAuthorization: { type: 'general' } }),
        ['subProcessorAuthorization.objectionPeriodDays'],
      ],
      [
        'an unknown authorisation type',
        (b) => ({ ...b, subProcessorAuthorization: { type: 'blanket', objectionPeriodDays: 30 } }),
        ['subProcessorAuthorization.type'],
      ],
      [
        'a transfer mechanism for an EEA country',
        (b) => ({
          ...b,
          transferMechanisms: [{ country: 'FR', mechanism: 'scc_2021_914_module_2', tiaCompleted: true }],
        }),
        ['transferMechanisms[0].country'],
      ],
      [
        'an unknown transfer mechanism',
        (b) => ({
          ...b,
          transferMechanisms: [{ country: 'IN', mechanism: 'pinky_promise', tiaCompleted: true }],
        }),
        ['transferMechanisms[0].mechanism'],
      ],
      [
        'the same mechanism twice for one country',
        (b) => ({
          ...b,
          transferMechanisms: [
            { country: 'IN', mechanism: 'bcr', tiaCompleted: true },
            { country: 'IN', mechanism: 'bcr' },
          ],
        }),
        ['transferMechanisms[1].mechanism'],
      ],
      [
        'an Art. 49 derogation without its ground',
        (b) => ({ ...b, transferMechanisms: [{ country: 'US', mechanism: 'art49_derogation' }] }),
        ['transferMechanisms[0].derogationGround'],
      ],
      ['a status in the body', (b) => ({ ...b, status: 'active' }), ['status']],
      [
        'a supersedesId that is not an agreement of the processor',
        (b) => ({ ...b, supersedesId: randomUUID() }),
        ['supersedesId'],
      ],
    ];

    it.each(cases)('400 naming the field for %s, and nothing is stored', async (_label, change, fields) => {
      const processor = await createProcessor(t, legal.accessToken);
      const res = await t
        .as(legal.accessToken)
        .post(`/processors/${processor.id}/agreements`, change(valid()));
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toEqual(fields);
      const list = await t.as(legal.accessToken).get(`/processors/${processor.id}/agreements`).expect(200);
      expect(list.body.total).toBe(0);
    });

    it('a specific authorisation needs no objection period, and keeps none', async () => {
      const processor = await createProcessor(t, legal.accessToken);
      const res = await t.as(legal.accessToken).post(
        `/processors/${processor.id}/agreements`,
        agreementBody(today(), {
          subProcessorAuthorization: { type: 'specific', objectionPeriodDays: 14 },
        }),
      );
      expect(res.status).toBe(201);
      expect(res.body.subProcessorAuthorization).toEqual({ type: 'specific', objectionPeriodDays: null });
    });
  });

  it('only a draft can be edited: 409 AGREEMENT_NOT_EDITABLE once sent or signed', async () => {
    const processor = await createProcessor(t, legal.accessToken);
    const draft = await createAgreement(
      t,
      legal.accessToken,
      processor.id,
      agreementBody(today(), { title: 'First draft' }),
    );

    const edited = await t
      .as(legal.accessToken)
      .put(
        `/agreements/${draft.id}`,
        agreementBody(today(), { title: 'Second draft', scope: { purposes: ['essential.service'] } }),
      );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: draft.id, status: 'draft', title: 'Second draft' });
    expect(edited.body.scope.purposes).toEqual(['essential.service']);
    expect(edited.body.version).toBeGreaterThan(draft.version);

    const invalid = await t
      .as(legal.accessToken)
      .put(
        `/agreements/${draft.id}`,
        agreementBody(today(), { title: 'Broken', scope: { purposes: ['marketing.spam'] } }),
      );
    expectProblem(invalid, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(invalid)).toEqual(['scope.purposes[0]']);
    expectProblem(
      await t.as(dpo.accessToken).put(`/agreements/${draft.id}`, agreementBody(today())),
      403,
      'FORBIDDEN',
    );
    expect((await read(draft.id)).title).toBe('Second draft');

    await t.as(legal.accessToken).post(`/agreements/${draft.id}/send`).expect(200);
    const whileSent = await t
      .as(legal.accessToken)
      .put(`/agreements/${draft.id}`, agreementBody(today(), { title: 'Late change' }));
    expectProblem(whileSent, 409, 'AGREEMENT_NOT_EDITABLE');
    await signAgreement(t, legal.accessToken, draft.id);
    const whileSigned = await t
      .as(legal.accessToken)
      .put(`/agreements/${draft.id}`, agreementBody(today(), { title: 'Later change' }));
    expectProblem(whileSigned, 409, 'AGREEMENT_NOT_EDITABLE');
    expect(await read(draft.id)).toMatchObject({ title: 'Second draft', status: 'active' });
  });

  it('keeps the signed document with its SHA-256; a signature naming another document is a 409 DOCUMENT_MISMATCH', async () => {
    const processor = await createProcessor(t, legal.accessToken);
    const signedPdf = pdfBytes('signed DPA');
    const otherPdf = pdfBytes('some other contract');

    const a = await createAgreement(t, legal.accessToken, processor.id, agreementBody(today()));
    const uploaded = await upload(a.id, signedPdf, 'dpa-signed.pdf', 'application/pdf');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.signedDocument).toEqual({
      filename: 'dpa-signed.pdf',
      contentType: 'application/pdf',
      size: signedPdf.length,
      sha256: sha256(signedPdf),
      uploadedAt: t.clock.now().toISOString(),
    });
    expect((await read(a.id, auditor.accessToken)).signedDocument).toEqual(uploaded.body.signedDocument);

    const download = await t
      .as(auditor.accessToken)
      .get(`/agreements/${a.id}/document`)
      .buffer(true)
      .parse(binaryParser);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toMatch(/^application\/pdf/);
    expect(Buffer.compare(download.body as Buffer, signedPdf)).toBe(0);

    const mismatch = await t
      .as(legal.accessToken)
      .post(
        `/agreements/${a.id}/signatures`,
        signatureBody(t, 'controller', { documentSha256: sha256(otherPdf) }),
      );
    expectProblem(mismatch, 409, 'DOCUMENT_MISMATCH');
    expect((await read(a.id)).signatures).toEqual([]);
    const matching = await t
      .as(legal.accessToken)
      .post(
        `/agreements/${a.id}/signatures`,
        signatureBody(t, 'controller', { documentSha256: sha256(signedPdf).toUpperCase() }),
      );
    expect(matching.status).toBe(201);
    expect(matching.body.signatures).toEqual([
      expect.objectContaining({ documentSha256: sha256(signedPdf) }),
    ]);

    // The other way round: the signature comes first, then an upload of a different file.
    const b = await createAgreement(t, legal.accessToken, processor.id, agreementBody(today()));
    await t
      .as(legal.accessToken)
      .post(
        `/agreements/${b.id}/signatures`,
        signatureBody(t, 'processor', { documentSha256: sha256(signedPdf) }),
      )
      .expect(201);
    expectProblem(await upload(b.id, otherPdf, 'other.pdf', 'application/pdf'), 409, 'DOCUMENT_MISMATCH');
    expect((await read(b.id)).signedDocument).toBeNull();
    const right = await upload(b.id, signedPdf, 'dpa-signed.pdf', 'application/pdf');
    expect(right.status).toBe(201);
    expect(right.body.signedDocument).toMatchObject({ sha256: sha256(signedPdf) });

    // Only PDFs, and a file is required.
    expectProblem(await upload(b.id, PNG_BYTES, 'scan.png', 'image/png'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const none = await t.as(legal.accessToken).post(`/agreements/${b.id}/document`);
    expectProblem(none, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(none)).toEqual(['file']);
    expect((await read(b.id)).signedDocument).toMatchObject({ sha256: sha256(signedPdf) });
  });

  it('a new agreement supersedes the active one once signed; only a signed agreement of the processor is superseded', async () => {
    const processor = await createProcessor(t, legal.accessToken);
    const old = await signedAgreement(
      t,
      legal.accessToken,
      processor.id,
      agreementBody(today(), { title: 'DPA 2025' }),
    );
    expect(old.status).toBe('active');

    const draft = await createAgreement(t, legal.accessToken, processor.id, agreementBody(today()));
    const ofDraft = await t
      .as(legal.accessToken)
      .post(`/processors/${processor.id}/agreements`, agreementBody(today(), { supersedesId: draft.id }));
    expectProblem(ofDraft, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(ofDraft)).toEqual(['supersedesId']);
    const elsewhere = await createProcessor(t, legal.accessToken);
    const ofOther = await t
      .as(legal.accessToken)
      .post(`/processors/${elsewhere.id}/agreements`, agreementBody(today(), { supersedesId: old.id }));
    expectProblem(ofOther, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(ofOther)).toEqual(['supersedesId']);

    const next = await createAgreement(
      t,
      legal.accessToken,
      processor.id,
      agreementBody(today(), { title: 'DPA 2026', supersedesId: old.id }),
    );
    expect(next).toMatchObject({ status: 'draft', supersedesId: old.id });
    expect((await read(old.id)).status).toBe('active');

    const signed = await signAgreement(t, legal.accessToken, next.id);
    expect(signed).toMatchObject({ status: 'active', supersedesId: old.id });
    expect(await read(old.id)).toMatchObject({ status: 'superseded', supersededById: next.id });
  });

  it('roles: procurement, dpo, auditor and admin read but do not write', async () => {
    const processor = await createProcessor(t, legal.accessToken);
    const a = await createAgreement(t, legal.accessToken, processor.id, agreementBody(today()));
    const attempts = (token: string) => [
      t.as(token).post(`/processors/${processor.id}/agreements`, agreementBody(today())),
      t.as(token).put(`/agreements/${a.id}`, agreementBody(today())),
      t.as(token).post(`/agreements/${a.id}/send`),
      t.as(token).post(`/agreements/${a.id}/signatures`, signatureBody(t, 'controller')),
      upload(a.id, pdfBytes('x'), 'x.pdf', 'application/pdf', token),
    ];
    for (const user of [procurement, dpo, auditor, org.admin]) {
      for (const res of await Promise.all(attempts(user.accessToken))) expectProblem(res, 403, 'FORBIDDEN');
    }
    const listed = await t.as(procurement.accessToken).get(`/processors/${processor.id}/agreements`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((x: AgreementView) => x.id)).toEqual([a.id]);
    for (const user of [procurement, dpo, auditor, org.admin])
      expect((await read(a.id, user.accessToken)).status).toBe('draft');
    expect(await read(a.id)).toMatchObject({
      status: 'draft',
      signatures: [],
      signedDocument: null,
      version: a.version,
    });
  });

  it("another organisation's agreement answers 404 for GET, PUT, send, signatures and document", async () => {
    const processor = await createProcessor(t, legal.accessToken);
    const a = await createAgreement(t, legal.accessToken, processor.id, agreementBody(today()));
    const token = otherLegal.accessToken;
    const attempts = [
      t.as(token).get(`/agreements/${a.id}`),
      t.as(token).put(`/agreements/${a.id}`, agreementBody(today())),
      t.as(token).post(`/agreements/${a.id}/send`),
      t.as(token).post(`/agreements/${a.id}/signatures`, signatureBody(t, 'controller')),
      upload(a.id, pdfBytes('foreign'), 'foreign.pdf', 'application/pdf', token),
      t.as(token).get(`/agreements/${a.id}/document`),
      t.as(token).get(`/processors/${processor.id}/agreements`),
      t.as(token).post(`/processors/${processor.id}/agreements`, agreementBody(today())),
    ];
    for (const res of await Promise.all(attempts)) expectProblem(res, 404, 'NOT_FOUND');
    const missing = await t.as(legal.accessToken).get(`/agreements/${randomUUID()}`);
    expectProblem(missing, 404, 'NOT_FOUND');
    expectProblem(await t.as(legal.accessToken).get('/agreements/not-a-uuid'), 400, 'VALIDATION_FAILED');
    expect(await read(a.id)).toMatchObject({
      status: 'draft',
      signatures: [],
      signedDocument: null,
      title: a.title,
      version: a.version,
    });
  });

  it('derives its status from the clock: signed until effective, active, expired after expiresOn', async () => {
    const processor = await createProcessor(t, legal.accessToken);
    const start = today();
    const later = await signedAgreement(
      t,
      legal.accessToken,
      processor.id,
      agreementBody(addDays(start, 5), { title: 'Starts later' }),
    );
    const ending = await signedAgreement(
      t,
      legal.accessToken,
      processor.id,
      agreementBody(start, { title: 'Ends soon', expiresOn: addDays(start, 10) }),
    );
    const incomplete = await signedAgreement(
      t,
      legal.accessToken,
      processor.id,
      agreementBody(start, { title: 'Incomplete', clauses: allClauses(['A28_3_B']) }),
    );
    expect([later.status, ending.status, incomplete.status]).toEqual(['signed', 'active', 'signed']);

    const statuses = async () => [
      (await read(later.id)).status,
      (await read(ending.id)).status,
      (await read(incomplete.id)).status,
    ];
    t.clock.set(`${addDays(start, 4)}T23:59:00.000Z`);
    await relogin();
    expect(await statuses()).toEqual(['signed', 'active', 'signed']);

    t.clock.set(`${addDays(start, 5)}T00:01:00.000Z`);
    await relogin();
    expect(await statuses()).toEqual(['active', 'active', 'signed']);

    t.clock.set(`${addDays(start, 10)}T23:59:00.000Z`);
    await relogin();
    expect(await statuses()).toEqual(['active', 'active', 'signed']);

    t.clock.set(`${addDays(start, 11)}T00:01:00.000Z`);
    await relogin();
    expect(await statuses()).toEqual(['active', 'expired', 'signed']);
    const list = await t.as(auditor.accessToken).get(`/processors/${processor.id}/agreements`).expect(200);
    expect(Object.fromEntries((list.body.items as AgreementView[]).map((a) => [a.title, a.status]))).toEqual({
      'Starts later': 'active',
      'Ends soon': 'expired',
      Incomplete: 'signed',
    });
  });

  describe('Art. 28(3) as a lawyer reads it', () => {
    beforeAll(async () => {
      for (const user of [legal, dpo, auditor, procurement, otherLegal]) await loginReady(t, user);
    });

    it('a bare true is a draft tick: listed as lacking its reference, and the signed agreement is not active', async () => {
      const { processor } = await approvedProcessor(t, legal.accessToken, dpo.accessToken);
      // Today's body, clauses ticked true: still accepted.
      const ticks = Object.fromEntries(CLAUSE_IDS.map((id) => [id, true]));
      const signed = await signedAgreement(
        t,
        legal.accessToken,
        processor.id,
        agreementBody(today(), {
          clauses: { ...ticks, A28_3_A: { covered: true, reference: '§ 3.1' } },
        }),
      );
      const lacking = CLAUSE_IDS.filter((id) => id !== 'A28_3_A');
      expect({ status: signed.status, missing: signed.missingClauses, gaps: signed.clauseGaps }).toEqual({
        status: 'signed',
        missing: lacking,
        gaps: lacking.map((clause) => ({
          clause,
          gap: 'reference_missing',
          message: 'ticked as covered, but the section of the signed document is not named (a draft tick)',
        })),
      });
      expect((await t.as(legal.accessToken).get(`/processors/${processor.id}`)).body.status).toBe('approved');
      const check = await t.as(procurement.accessToken).post('/transfer-checks', {
        processorId: processor.id,
        dataCategories: ['user.contact.email'],
        purpose: 'marketing',
      });
      expect(check.status).toBe(200);
      const reason = (check.body.reasons as { code: string; details: Record<string, unknown> }[]).find(
        (r) => r.code === 'DPA_CLAUSES_INCOMPLETE',
      );
      expect(reason?.details).toMatchObject({ agreementId: signed.id, missingClauses: lacking });
    });

    it('an audit-reports-only clause does not satisfy (h): inspections must be allowed', async () => {
      const processor = await createProcessor(t, legal.accessToken);
      const draft = await createAgreement(
        t,
        legal.accessToken,
        processor.id,
        agreementBody(today(), {
          clauses: { ...allClauses(), A28_3_H: { covered: true, reference: '§ 9', auditReportsOnly: true } },
        }),
      );
      expect({ missing: draft.missingClauses, gaps: draft.clauseGaps, h: draft.clauses }).toEqual({
        missing: ['A28_3_H'],
        gaps: [
          {
            clause: 'A28_3_H',
            gap: 'inspections_not_allowed',
            message: 'offers audit reports only; Art. 28(3)(h) requires that inspections be allowed',
          },
        ],
        h: expect.objectContaining({ A28_3_H: { covered: true, reference: '§ 9', auditReportsOnly: true } }),
      });
      const elsewhere = await t.as(legal.accessToken).post(`/processors/${processor.id}/agreements`, {
        ...agreementBody(today()),
        clauses: { ...allClauses(), A28_3_C: { covered: true, reference: '§ 3', auditReportsOnly: true } },
      });
      expectProblem(elsewhere, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(elsewhere)).toEqual(['clauses.A28_3_C']);
    });

    it("the duration is required; the controller's obligations and rights are recorded", async () => {
      const processor = await createProcessor(t, legal.accessToken);
      const body = agreementBody(today());
      const { duration: _duration, ...withoutDuration } = body.scope;
      const refused = await t.as(legal.accessToken).post(`/processors/${processor.id}/agreements`, {
        ...body,
        scope: withoutDuration,
      });
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(refused)).toEqual(['scope.duration']);
      const listed = await t.as(legal.accessToken).get(`/processors/${processor.id}/agreements`);
      expect(listed.body.total).toBe(0);

      const obligations =
        'The controller instructs in writing (§ 3), may audit and inspect (§ 9), and remains owner of the data (§ 2.4).';
      const created = await t.as(legal.accessToken).post(`/processors/${processor.id}/agreements`, {
        ...body,
        scope: { ...body.scope, controllerObligations: obligations },
      });
      expect({ status: created.status, scope: created.body.scope }).toEqual({
        status: 201,
        scope: { ...body.scope, controllerObligations: obligations },
      });
    });

    it('keeps the instruction log of Art. 28(3)(a): documented instructions with dates, oldest first', async () => {
      const processor = await createProcessor(t, legal.accessToken);
      const agreement = await createAgreement(t, legal.accessToken, processor.id, agreementBody(today()));
      const path = `/agreements/${agreement.id}/instructions`;
      const later = {
        givenOn: today(),
        givenBy: 'Dr. Maria Schmidt, General Counsel',
        instruction: 'Delete the recipients who unsubscribed within 30 days.',
        channel: 'e-mail to the account manager',
        documentReference: 'Annex 2, instruction no. 4',
      };
      const earlier = {
        givenOn: addDays(today(), -30),
        givenBy: 'Dr. Maria Schmidt',
        instruction: 'Send the newsletter only from servers in the EEA.',
      };
      const first = await t.as(legal.accessToken).post(path, later);
      expect({ status: first.status, body: first.body }).toEqual({
        status: 201,
        body: {
          ...later,
          id: expect.stringMatching(UUID),
          agreementId: agreement.id,
          createdAt: expect.any(String),
        },
      });
      expect((await t.as(legal.accessToken).post(path, earlier)).status).toBe(201);

      const future = await t.as(legal.accessToken).post(path, { ...earlier, givenOn: addDays(today(), 1) });
      expectProblem(future, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(future)).toEqual(['givenOn']);
      const empty = await t.as(legal.accessToken).post(path, { givenOn: today(), givenBy: 'M' });
      expectProblem(empty, 400, 'VALIDATION_FAILED');
      expect(distinctFieldsOf(empty)).toEqual(['instruction']);
      expectProblem(await t.as(auditor.accessToken).post(path, earlier), 403, 'FORBIDDEN');
      expectProblem(await t.as(otherLegal.accessToken).post(path, earlier), 404, 'NOT_FOUND');
      expectProblem(await t.as(otherLegal.accessToken).get(path), 404, 'NOT_FOUND');

      const log = await t.as(auditor.accessToken).get(path);
      expect({
        status: log.status,
        total: log.body.total,
        items: log.body.items.map((i: { instruction: string; givenOn: string }) => [
          i.givenOn,
          i.instruction,
        ]),
      }).toEqual({
        status: 200,
        total: 2,
        items: [
          [earlier.givenOn, earlier.instruction],
          [later.givenOn, later.instruction],
        ],
      });
      const events = await allAuditEvents(t, auditor.accessToken, {
        entityType: 'agreement_instruction',
        entityId: first.body.id,
      });
      expect(events.map((e) => [e.action, e.actorId])).toEqual([['agreement_instruction.created', legal.id]]);
    });
  });

  describe('in force', () => {
    it('the SQL conditions and the TypeScript rule agree on every agreement, for a given day', async () => {
      const day = '2026-03-10';
      const [yesterday, tomorrow] = [addDays(day, -1), addDays(day, 1)];
      const complete = Object.fromEntries(
        MANDATORY_CLAUSES.map((id, n) => [id, { covered: true, reference: `§ ${n + 1}` }]),
      ) as Clauses;
      const clauseSets: Record<string, Clauses> = {
        complete,
        lacking: { ...complete, A28_3_C: { covered: false, reference: null } },
        reportsOnly: { ...complete, A28_3_H: { covered: true, reference: '§ 8', auditReportsOnly: true } },
      };
      const sometimes = [null, yesterday, day, tomorrow];
      const fixtures: (StatusFacts & { title: string })[] = [];
      for (const status of STORED_AGREEMENT_STATUSES)
        for (const effectiveFrom of [yesterday, day, tomorrow])
          for (const expiresOn of sometimes)
            for (const terminatedOn of sometimes)
              for (const supersededFrom of sometimes)
                for (const [set, clauses] of Object.entries(clauseSets))
                  fixtures.push({
                    title: [status, effectiveFrom, expiresOn, terminatedOn, supersededFrom, set]
                      .map((part) => part ?? 'none')
                      .join(' '),
                    status,
                    effectiveFrom,
                    expiresOn,
                    terminatedOn,
                    supersededFrom,
                    clauses,
                  });
      const processor = await createProcessor(t, legal.accessToken);
      await t.ownerQuery(
        `INSERT INTO agreement (organization_id, processor_id, title, status, effective_from, expires_on,
                                terminated_on, superseded_from, clauses, scope, sub_processor_authorization, version)
         SELECT $1, $2, f.title, f.status, f."effectiveFrom", f."expiresOn", f."terminatedOn", f."supersededFrom",
                f.clauses, '{}', '{}', 1
           FROM jsonb_to_recordset($3::jsonb) AS f(title text, status text, "effectiveFrom" date, "expiresOn" date,
                                                  "terminatedOn" date, "supersededFrom" date, clauses jsonb)`,
        [org.id, processor.id, JSON.stringify(fixtures)],
      );
      const rows = await t.ownerQuery<{ title: string; in_force: boolean; active: boolean }>(
        `SELECT a.title, ${inForceSql('a', '$2::date')} AS in_force, ${activeSql('a', '$2::date')} AS active
           FROM agreement a WHERE a.processor_id = $1`,
        [processor.id, day],
      );
      const sql = new Map(rows.map((r) => [r.title, { inForce: r.in_force, active: r.active }]));
      expect(sql.size).toBe(fixtures.length);
      const disagreements = fixtures
        .map((f) => ({
          title: f.title,
          typescript: { inForce: inForce(f, day), active: agreementStatus(f, day) === 'active' },
          sql: sql.get(f.title),
        }))
        .filter((d) => JSON.stringify(d.typescript) !== JSON.stringify(d.sql));
      expect(disagreements).toEqual([]);

      const named = (title: string) => sql.get(title)?.inForce;
      expect({
        effectiveToday: named(`signed ${day} none none none lacking`),
        effectiveTomorrow: named(`signed ${tomorrow} none none none complete`),
        expiresToday: named(`signed ${yesterday} ${day} none none complete`),
        expiredYesterday: named(`signed ${yesterday} ${yesterday} none none complete`),
        terminatedToday: named(`signed ${yesterday} none ${day} none complete`),
        terminatedTomorrow: named(`signed ${yesterday} none ${tomorrow} none complete`),
        supersededToday: named(`signed ${yesterday} none none ${day} complete`),
        supersededTomorrow: named(`signed ${yesterday} none none ${tomorrow} complete`),
        draft: named(`draft ${yesterday} none none none complete`),
        storedTerminated: named(`terminated ${yesterday} none none none complete`),
      }).toEqual({
        effectiveToday: true,
        effectiveTomorrow: false,
        expiresToday: true,
        expiredYesterday: false,
        terminatedToday: false,
        terminatedTomorrow: true,
        supersededToday: false,
        supersededTomorrow: true,
        draft: false,
        storedTerminated: false,
      });
    });
  });
});
