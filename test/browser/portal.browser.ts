/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import {
  answerEveryQuestion,
  apiCall,
  apiLogin,
  checkPage,
  dropEvidence,
  heading,
  mailsTo,
  pick,
  preparedUser,
  scoredAssessment,
  signedAgreement,
  type AssessmentView,
} from './support/console';
import { ORGANIZATION } from './support/people';

// A processor's contact answers an assessment through the link legal e-mailed them, with no account.
test.describe.configure({ mode: 'serial' });

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const TEXT_ANSWER = 'Documented in the information security policy, section 4.';
const LINK = /(http:\/\/[^\s/]+\/portal)#([A-Za-z0-9_-]{43})/;

const addDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

let legalToken = '';
let processor: { id: string; name: string };
let assessment: AssessmentView & { id: string };
let link = '';
const contact = { name: 'Jana Novak', email: `jana.${Date.now()}@cloudly.example` };

test.beforeAll(async () => {
  const legal = await preparedUser(['legal'], 'Lara Legal');
  legalToken = await apiLogin(legal.email, legal.password);
  processor = await apiCall('POST', '/processors', legalToken, {
    name: `Cloudly ${Date.now()} GmbH`,
    country: 'DE',
    processingCountries: ['DE'],
    services: 'Hosting of the customer database',
    contactEmail: 'privacy@cloudly.example',
  });
  assessment = await apiCall('POST', `/processors/${processor.id}/assessments`, legalToken, {});
  await apiCall('POST', `/processors/${processor.id}/portal-links`, legalToken, {
    contactEmail: contact.email,
    contactName: contact.name,
    purposes: ['assessment'],
    assessmentId: assessment.id,
    expiresOn: addDays(30),
  });
  const [mail] = await mailsTo(contact.email);
  const found = LINK.exec(mail.text);
  expect(found, mail.text).not.toBeNull();
  link = found![0];
});

test('the contact opens the e-mailed link, answers every question, adds evidence and sends the answers', async ({
  page,
}) => {
  const portalCalls: { url: string; authorization: string | undefined }[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/v1/portal/'))
      portalCalls.push({ url: request.url(), authorization: request.headers()['authorization'] });
  });

  await page.goto(link);
  await expect(heading(page, `${ORGANIZATION} asks ${processor.name} for information`)).toBeVisible();
  await expect(page.getByText(`Hello ${contact.name},`)).toBeVisible();
  await expect(page.getByText(/It uses a tool called Custos/)).toBeVisible();
  await expect(
    page.getByRole('listitem').filter({ hasText: /Answer the questionnaire “.+” \(\d+ questions\)/ }),
  ).toBeVisible();
  await expect(page.getByText(/This link works until/)).toBeVisible();
  // No sign-in, and the token leaves the address bar and is kept nowhere but in memory.
  await expect(page.getByRole('button', { name: 'Sign in' })).toHaveCount(0);
  expect(page.url()).not.toContain('#');
  const token = LINK.exec(link)![2];
  const stored = await page.evaluate(
    () => JSON.stringify({ ...localStorage, ...sessionStorage }) + document.cookie,
  );
  expect(stored).not.toContain(token);
  expect((await page.context().cookies()).map((c) => c.value).join()).not.toContain(token);
  await checkPage(page, 'portal-assessment');

  const total = await answerEveryQuestion(page, assessment, TEXT_ANSWER);
  await expect(page.getByText(`${total} of ${total} answered`)).toBeVisible();
  await expect(page.getByText('All answers saved')).toBeVisible();
  await expect(page.getByText('Every question is answered.', { exact: false })).toBeVisible();

  await dropEvidence(page, 'installer.exe', 'application/x-msdownload', Buffer.from('MZ not a document'));
  await expect(page.getByRole('alert').filter({ hasText: 'The file was refused' })).toBeVisible();
  await dropEvidence(page, 'iso27001-certificate.pdf', 'application/pdf', PDF);
  await expect(page.getByRole('list', { name: 'Evidence' })).toContainText('iso27001-certificate.pdf');
  await page.getByRole('button', { name: 'Send answers' }).scrollIntoViewIfNeeded();
  await checkPage(page, 'portal-questionnaire');

  await page.getByRole('button', { name: 'Send answers' }).click();
  const sent = page.getByRole('status').filter({ hasText: 'Sent' });
  await expect(sent).toContainText(`Your answers were sent to ${ORGANIZATION}`);
  await expect(sent).toBeFocused();
  await expect(page.getByRole('button', { name: 'Send answers' })).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Evidence' })).toContainText('iso27001-certificate.pdf');
  await checkPage(page, 'portal-sent');

  // Every call carried the link as `Authorization: Portal <token>`.
  expect(portalCalls.length).toBeGreaterThan(3);
  for (const c of portalCalls) expect(c.authorization, c.url).toBe(`Portal ${token}`);

  // Legal sees the contact's answers, submitted for review.
  const submitted = await apiCall<{
    status: string;
    answers: { questionId: string; value: unknown }[];
    evidence: { filename: string }[];
  }>('GET', `/assessments/${assessment.id}`, legalToken);
  expect(['submitted', 'in_review']).toContain(submitted.status);
  expect(submitted.answers).toHaveLength(total);
  const text = assessment.questions.find((q) => q.answerType === 'text');
  if (text) expect(submitted.answers.find((a) => a.questionId === text.id)?.value).toBe(TEXT_ANSWER);
  expect(submitted.evidence.map((e) => e.filename)).toEqual(['iso27001-certificate.pdf']);
});

test('a wrong link shows one plain sentence and nothing about the processor', async ({ page }) => {
  await page.goto(`/portal#${'x'.repeat(43)}`);
  await expect(
    heading(page, 'This link is not valid any more; ask the person who sent it for a new one.'),
  ).toBeVisible();
  await expect(page.getByText(processor.name)).toHaveCount(0);
  await expect(page.getByText(ORGANIZATION)).toHaveCount(0);
  await expect(page.getByRole('button')).toHaveCount(0);
  await checkPage(page, 'portal-invalid');
});

test('a contact with a standing link notifies a breach and announces a sub-processor', async ({ page }) => {
  const ops = { name: 'Omar Ops', email: `omar.${Date.now()}@cloudly.example` };
  await apiCall('POST', `/processors/${processor.id}/portal-links`, legalToken, {
    contactEmail: ops.email,
    contactName: ops.name,
    purposes: ['breach_notice', 'subprocessor_notice'],
    expiresOn: addDays(300),
  });
  const [mail] = await mailsTo(ops.email);
  await page.goto(LINK.exec(mail.text)![0]);
  await expect(heading(page, `${ORGANIZATION} asks ${processor.name} for information`)).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Report a personal data breach' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Announce a new sub-processor' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Questionnaire' })).toHaveCount(0);

  const breach = page.getByRole('region', { name: 'Report a personal data breach' });
  await breach.getByRole('button', { name: 'Send breach notice' }).click();
  // The API's refusal sits by the fields it names.
  await expect(breach.getByLabel('Short title')).toHaveAttribute('aria-invalid', 'true');
  await expect(breach.getByLabel('What happened')).toHaveAttribute('aria-invalid', 'true');
  await breach.getByLabel('Short title').fill('Misdirected invoice e-mail');
  await breach
    .getByLabel('What happened')
    .fill('An invoice run sent 40 customer invoices to the wrong addresses.');
  await breach.getByLabel('Approximate number of people').fill('40');
  await breach.getByRole('radio', { name: 'No', exact: true }).check();
  await checkPage(page, 'portal-notices');
  await breach.getByRole('button', { name: 'Send breach notice' }).click();
  await expect(breach.getByRole('status')).toContainText('Breach notice received');
  await expect(breach.getByRole('status')).toContainText('Misdirected invoice e-mail');
  await checkPage(page, 'portal-breach-sent');

  const sub = page.getByRole('region', { name: 'Announce a new sub-processor' });
  await sub.getByLabel('Company name').fill('Bucketly SAS');
  await pick(page, 'Country where it is established', 'France', 'France (FR)', sub);
  await pick(page, 'Countries where it will process the data', 'France', 'France (FR)', sub);
  await sub.getByLabel('What it will do').fill('Object storage for the backups');
  await sub.getByRole('button', { name: 'Announce sub-processor' }).click();
  await expect(sub.getByRole('status')).toContainText('Bucketly SAS was announced to');
  await checkPage(page, 'portal-sub-processor-sent');

  const incidents = await apiCall<{ items: { title: string }[] }>('GET', '/incidents', legalToken);
  expect(incidents.items.map((i) => i.title)).toContain('Misdirected invoice e-mail');
});

test('at the end of the contract the contact confirms the deletion and downloads the certificate', async ({
  page,
}) => {
  // The contact's assessment is approved and an agreement signed; ending it e-mails the offboarding link.
  await scoredAssessment(assessment.id, legalToken);
  await apiCall('POST', `/assessments/${assessment.id}/decision`, legalToken, {
    decision: 'approve',
    comment: 'Answered by the processor; evidence checked.',
  });
  const today = addDays(0);
  const agreement = await signedAgreement(legalToken, processor.id, 'DPA Cloudly', {
    subjectMatter: 'Hosting of the customer database',
    nature: 'Storage',
    dataCategories: ['user.contact'],
    dataSubjectCategories: ['customer'],
  });
  const dueOn = addDays(20);
  await apiCall('POST', `/agreements/${agreement.id}/terminate`, legalToken, {
    effectiveOn: today,
    reason: 'Contract not renewed',
    dataHandling: 'delete',
    dueOn,
  });
  const [mail] = (await mailsTo('privacy@cloudly.example')).filter((m) => m.subject.startsWith('End of'));
  await page.goto(LINK.exec(mail.text)![0]);
  await expect(heading(page, `${ORGANIZATION} asks ${processor.name} for information`)).toBeVisible();
  await expect(
    page.getByRole('listitem').filter({ hasText: 'Confirm that the data was deleted by' }),
  ).toBeVisible();

  const form = page.getByRole('region', { name: 'Confirm the return or destruction of the data' });
  await form.getByLabel('Date the work was completed').fill(today);
  const performer = form.getByRole('group', { name: 'Who did the work' });
  await performer.getByLabel('Name').fill('Jean Dupont');
  await performer.getByLabel('Job title').fill('Head of IT Operations');
  await performer.getByLabel('Organisation').fill(processor.name);
  const checker = form.getByRole('group', { name: 'Who checked it' });
  await checker.getByLabel('Name').fill('Claire Martin');
  await checker.getByLabel('Job title').fill('Information Security Officer');
  const item = form.getByRole('group', { name: 'Data set 1' });
  await item.getByLabel('Where the data was stored').fill('Production database and its backups');
  await item.getByLabel('Technique').fill('Cryptographic erase of the volume keys');
  await form.getByRole('checkbox', { name: /sub-processors have also/ }).check();
  await checkPage(page, 'portal-offboarding');
  await form.getByRole('button', { name: 'Confirm and issue certificate' }).click();

  const done = form.getByRole('status');
  await expect(done).toContainText('Confirmed');
  await expect(done).toContainText(/Certificate CUS-\d{4}-\d{6} was issued/);
  const download = page.waitForEvent('download');
  await form.getByRole('button', { name: 'Download certificate' }).click();
  expect((await download).suggestedFilename()).toMatch(/^CUS-\d{4}-\d{6}\.pdf$/);
  await checkPage(page, 'portal-offboarding-done');
});
