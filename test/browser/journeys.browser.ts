/// <reference lib="dom" />
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  answerEveryQuestion,
  apiCall,
  apiLogin,
  checkPage,
  currentTotp,
  dropEvidence,
  expectAccessible,
  heading,
  nav,
  nextTotp,
  pick,
  preparedUser,
  signIn,
  signOut,
  type AssessmentView,
} from './support/console';
import { ADMIN } from './support/people';

// One organisation's story, in order: each journey builds on what the one before left behind.
test.describe.configure({ mode: 'serial' });

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const CATEGORY = 'user.contact.email';
const PURPOSE = 'marketing.communications.email';

let legal: { email: string; name: string; password: string };
let dpo: { email: string; name: string; password: string };
let procurement: { email: string; name: string; password: string };
let processorId = '';
let subProcessorId = '';

/** A status badge with exactly these words (a toast may say the same words at the same time). */
const badge = (page: Page, words: string) =>
  page.locator('.mantine-Badge-label').getByText(words, { exact: true });

test.beforeAll(async () => {
  legal = await preparedUser(['legal'], 'Leo Legal');
  dpo = await preparedUser(['dpo'], 'Dora Dpo');
  procurement = await preparedUser(['procurement'], 'Paul Procurement');
});

test('1. an admin creates a legal user, who changes the first password, enrols MFA and signs in with a code', async ({
  page,
}) => {
  const lena = {
    email: `lena.${Date.now()}@acme.example`,
    first: 'Welcome-Acme-2031x',
    own: 'Harbour-Violet-7733',
  };
  await page.goto('/');
  await checkPage(page, 'sign-in');
  await signIn(page, ADMIN.email, 'not-the-password');
  await expect(page.getByRole('alert')).toContainText('Not signed in');

  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(heading(page, 'Welcome, Ada Admin')).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Administration' })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Transfer checks' })).toHaveCount(0);
  await expect(page.getByText('Acme Legal GmbH')).toBeVisible();
  await checkPage(page, 'dashboard');

  await nav(page).getByRole('link', { name: 'Administration' }).click();
  await expect(heading(page, 'Administration')).toBeVisible();
  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog', { name: 'New user' });
  await dialog.getByLabel('Name').fill('Lena Legal');
  await dialog.getByLabel('Email').fill(lena.email);
  await dialog.getByRole('checkbox', { name: 'Legal' }).check();
  await dialog.getByLabel('First password').fill('short');
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog.getByText(/password/i).last()).toBeVisible();
  await dialog.getByLabel('First password').fill(lena.first);
  await checkPage(page, 'admin-new-user');
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByRole('cell', { name: lena.email })).toBeVisible();
  await checkPage(page, 'admin');
  await signOut(page, 'Ada Admin');

  await signIn(page, lena.email, lena.first);
  await expect(heading(page, 'Choose a new password')).toBeVisible();
  await checkPage(page, 'change-password');
  await page.getByLabel('Current password').fill(lena.first);
  await page.getByLabel('New password').fill(lena.own);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(heading(page, 'Welcome, Lena Legal')).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Processors' })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Administration' })).toHaveCount(0);

  await page.getByRole('button', { name: 'User menu for Lena Legal' }).click();
  await page.getByRole('menuitem', { name: 'Set up two-step verification' }).click();
  const mfa = page.getByRole('dialog', { name: 'Set up two-step verification' });
  await mfa.getByRole('button', { name: 'Set up authenticator' }).click();
  await expect(mfa.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  await checkPage(page, 'mfa-enrolment');
  const secret = (await mfa.getByTestId('mfa-secret').textContent())!.trim();
  await mfa.getByLabel('Code').fill(await currentTotp(secret));
  await mfa.getByRole('button', { name: 'Confirm code' }).click();
  await expect(mfa.getByText('Two-step verification is on')).toBeVisible();
  await expect(mfa.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10);
  await checkPage(page, 'mfa-recovery-codes');
  await mfa.getByRole('button', { name: 'I have saved the codes' }).click();
  await signOut(page, 'Lena Legal');

  await signIn(page, lena.email, lena.own);
  await expect(page.getByLabel('Code')).toBeVisible();
  await checkPage(page, 'sign-in-code');
  await page.getByLabel('Code').fill(await nextTotp(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(heading(page, 'Welcome, Lena Legal')).toBeVisible();
});

test('no token is readable by page script, and a reload keeps the session', async ({ page }) => {
  await signIn(page, legal.email, legal.password);
  await expect(heading(page, 'Welcome, Leo Legal')).toBeVisible();
  const readable = await page.evaluate(() => ({
    cookie: document.cookie,
    local: Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k)}`),
    session: Object.keys(sessionStorage).map((k) => `${k}=${sessionStorage.getItem(k)}`),
  }));
  expect(readable.cookie).toBe('');
  expect(readable.session).toEqual([]);
  for (const entry of readable.local) expect(entry).not.toMatch(/eyJ|token|refresh|custos_refresh/i);
  const cookies = await page.context().cookies();
  expect(
    cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite, path: c.path })),
  ).toEqual([{ name: 'custos_refresh', httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' }]);

  await page.goto('/processors');
  await expect(heading(page, 'Processors')).toBeVisible();
  await page.reload();
  await expect(heading(page, 'Processors')).toBeVisible();
  await expect(page.getByRole('button', { name: 'User menu for Leo Legal' })).toBeVisible();
});

test('2. legal creates a processor and a sub-processor, runs an assessment to submission with evidence, and a second user approves it', async ({
  page,
}) => {
  await signIn(page, legal.email, legal.password);
  await nav(page).getByRole('link', { name: 'Processors' }).click();
  await expect(heading(page, 'Processors')).toBeVisible();
  // Other journeys may have registered processors already; none is called Mailwave yet.
  await page.getByLabel('Search processors').fill('Mailwave');
  await expect(page.getByText('No processors match.')).toBeVisible();
  await checkPage(page, 'processors-empty');

  await page.getByRole('button', { name: 'New processor' }).click();
  const dialog = page.getByRole('dialog', { name: 'New processor' });
  await dialog.getByRole('button', { name: 'Create processor' }).click();
  await expect(dialog.getByText(/name/i).first()).toBeVisible();
  // The three fields the register needs to start; what it does can follow.
  await dialog.getByLabel('Name').fill('Mailwave GmbH');
  await pick(page, 'Country', 'Germany', 'Germany (DE)', dialog);
  await dialog.getByLabel('Contact e-mail').fill('privacy@mailwave.example');
  await checkPage(page, 'processor-new');
  await dialog.getByRole('button', { name: 'Create processor' }).click();
  await expect(heading(page, 'Mailwave GmbH')).toBeVisible();
  await expect(page.getByText('Proposed')).toBeVisible();
  await expect(page.getByText('Not described yet')).toBeVisible();
  processorId = page.url().split('/').pop()!;

  // Legal describes its services from its page; the other details come back as they were.
  await page.getByRole('button', { name: 'Edit details' }).click();
  const details = page.getByRole('dialog', { name: 'Details of Mailwave GmbH' });
  await expect(details.getByLabel('Contact e-mail')).toHaveValue('privacy@mailwave.example');
  await details.getByLabel('Services').fill('Newsletter dispatch and mailing-list hosting');
  // Typing a contact person once blanked the page (the event was read after React let it go).
  await details.getByLabel('Contact person', { exact: true }).fill('Mara Weiss');
  await details.getByLabel("Contact person's e-mail").fill('mara.weiss@mailwave.example');
  await expectAccessible(page);
  await details.getByRole('button', { name: 'Save details' }).click();
  await expect(details).toHaveCount(0);
  await expect(page.getByText('Newsletter dispatch and mailing-list hosting')).toBeVisible();
  await expect(page.getByText('Not described yet')).toHaveCount(0);
  await page.getByRole('button', { name: 'Edit details' }).click();
  await expect(details.getByLabel('Contact person', { exact: true })).toHaveValue('Mara Weiss');
  await expect(details.getByLabel("Contact person's e-mail")).toHaveValue('mara.weiss@mailwave.example');
  await page.keyboard.press('Escape');
  await expect(details).toHaveCount(0);

  await page.getByRole('button', { name: 'New sub-processor' }).click();
  const sub = page.getByRole('dialog', { name: 'New sub-processor of Mailwave GmbH' });
  await sub.getByLabel('Name').fill('CloudNest AB');
  await pick(page, 'Country', 'Sweden', 'Sweden (SE)', sub);
  await sub.getByLabel('Services').fill('Hosting of the mailing lists');
  await sub.getByLabel('Contact e-mail').fill('dpo@cloudnest.example');
  await sub.getByRole('button', { name: 'Create sub-processor' }).click();
  await expect(heading(page, 'CloudNest AB')).toBeVisible();
  subProcessorId = page.url().split('/').pop()!;
  await page.getByRole('link', { name: 'Mailwave GmbH' }).click();
  await expect(heading(page, 'Mailwave GmbH')).toBeVisible();
  const chain = page.getByRole('list', { name: 'Sub-processor chain' });
  await expect(chain.getByRole('link', { name: 'CloudNest AB' })).toBeVisible();
  await expect(chain).toContainText('Authorisation pending');
  await checkPage(page, 'processor');

  await page.getByRole('button', { name: 'Start assessment' }).click();
  // With questionnaires of the organisation's own published, the shipped one is chosen first.
  const choice = page.getByRole('dialog', { name: 'Assess Mailwave GmbH' });
  if (await choice.isVisible()) await choice.getByRole('button', { name: 'Start assessment' }).click();
  await expect(heading(page, 'Assessment of Mailwave GmbH')).toBeVisible();
  const assessmentId = page.url().split('/').pop()!;
  await checkPage(page, 'assessment-draft');

  const token = await apiLogin(legal.email, legal.password);
  const assessment = await apiCall<AssessmentView>('GET', `/assessments/${assessmentId}`, token);
  const total = await answerEveryQuestion(
    page,
    assessment,
    'Documented in the information security policy, section 4.',
  );
  await expect(page.getByText(`${total} of ${total} answered`)).toBeVisible();
  await expect(page.getByText('All answers saved')).toBeVisible();

  await dropEvidence(page, 'installer.exe', 'application/x-msdownload', Buffer.from('MZ not a document'));
  await expect(page.getByRole('alert').filter({ hasText: 'The file was refused' })).toBeVisible();
  await dropEvidence(page, 'iso27001-certificate.pdf', 'application/pdf', PDF);
  await expect(page.getByRole('list', { name: 'Evidence' })).toContainText('iso27001-certificate.pdf');
  await checkPage(page, 'assessment-questionnaire');

  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByText(/Overall score \d+ of 100/).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/You submitted this assessment/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await checkPage(page, 'assessment-result');
  await signOut(page, 'Leo Legal');

  await signIn(page, dpo.email, dpo.password);
  await expect(heading(page, 'Welcome, Dora Dpo')).toBeVisible();
  await page.goto(`/assessments/${assessmentId}`);
  await expect(heading(page, 'Assessment of Mailwave GmbH')).toBeVisible();
  await page.getByLabel('Comment').fill('Measures meet our bar; evidence checked.');
  await checkPage(page, 'assessment-decision');
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Approved' })).toContainText(
    'Measures meet our bar',
  );
  await page.getByRole('link', { name: 'Back to the processor' }).click();
  await expect(heading(page, 'Mailwave GmbH')).toBeVisible();
  // The status badge; the decision's notification may still show its own "Approved" title.
  await expect(page.getByText('Approved', { exact: true }).first()).toBeVisible();
  // The page may still be settling on the approval's data: a user whose first click did not take clicks again.
  await expect(async () => {
    await page.getByRole('tab', { name: 'History' }).click();
    await expect(page.getByRole('cell', { name: 'processor.created' })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await checkPage(page, 'processor-approved');
});

async function checkTransfer(page: Page) {
  await page.goto('/transfer-checks');
  await expect(heading(page, 'Transfer checks')).toBeVisible();
  await pick(page, 'Processor', 'Mailwave', 'Mailwave GmbH (DE)');
  await pick(page, 'Data categories', CATEGORY, new RegExp(`— ${CATEGORY.replace(/\./g, '\\.')}$`));
  await page.keyboard.press('Escape');
  await pick(page, 'Purpose', PURPOSE, new RegExp(`— ${PURPOSE.replace(/\./g, '\\.')}$`));
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  const answer = page.getByRole('status').filter({ hasText: /Eligible|Not eligible/ });
  await expect(answer).toBeVisible();
  return answer;
}

test('4a. procurement checks a transfer before the DPA and sees every reason', async ({ page }) => {
  await signIn(page, procurement.email, procurement.password);
  await expect(heading(page, 'Welcome, Paul Procurement')).toBeVisible();
  // Procurement reads the agreements and assessments behind a decision, and nothing of the records.
  await expect(nav(page).getByRole('link', { name: 'Agreements' })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Assessments' })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Records' })).toHaveCount(0);
  const answer = await checkTransfer(page);
  await expect(answer).toContainText('Not eligible');
  await expect(answer).toContainText('NO_ACTIVE_DPA');
  const href = await page.getByRole('link', { name: 'Open the stored decision' }).getAttribute('href');
  const token = await apiLogin(procurement.email, procurement.password);
  const decision = await apiCall<{ eligible: boolean; reasons: { code: string; message: string }[] }>(
    'GET',
    `/transfer-checks/${href!.split('/').pop()}`,
    token,
  );
  expect(decision.eligible).toBe(false);
  await expect(answer.getByRole('listitem')).toHaveCount(decision.reasons.length);
  for (const reason of decision.reasons) {
    await expect(answer).toContainText(reason.code);
    await expect(answer).toContainText(reason.message);
  }
  await expect(answer).toContainText('Legal can fix these');
  // A detail with nothing in it is not shown ("agreements:" and no agreement).
  await expect(answer.getByText('agreements:', { exact: true })).toHaveCount(0);
  // Nor a record's JSON: the message already names the sub-processor.
  await expect(answer).not.toContainText('"authorizationStatus"');
  await checkPage(page, 'transfer-check-not-eligible');
  await page.getByRole('link', { name: 'Open the stored decision' }).click();
  await expect(heading(page, 'Transfer decision')).toBeVisible();
  await expect(page.getByRole('status')).toContainText('NO_ACTIVE_DPA');
  // The facts it rested on, in words: no agreement yet, the sub-processor and its authorisation.
  await expect(page.getByRole('group', { name: 'Agreements' })).toContainText('None');
  const subProcessors = page.getByRole('group', { name: 'Sub-processors' });
  await expect(subProcessors.getByRole('link', { name: 'CloudNest AB' })).toBeVisible();
  await expect(page.getByText('The facts as stored (JSON)')).toBeVisible();
  await subProcessors.scrollIntoViewIfNeeded();
  await checkPage(page, 'transfer-decision');
});

test('3. legal drafts, sends and signs a DPA', async ({ page }) => {
  await signIn(page, legal.email, legal.password);
  await expect(heading(page, 'Welcome, Leo Legal')).toBeVisible();
  await page.goto(`/processors/${processorId}`);
  await page.getByRole('link', { name: 'Draft agreement' }).click();
  await expect(heading(page, 'Draft agreement with Mailwave GmbH')).toBeVisible();
  await page.getByLabel('Nature of the processing').fill('Storage and dispatch of e-mails');
  await page.getByLabel('Duration').fill('For the term of the main contract');
  await pick(page, 'Data categories', CATEGORY, new RegExp(`— ${CATEGORY.replace(/\./g, '\\.')}$`));
  await page.keyboard.press('Escape');
  await pick(page, 'Purposes', PURPOSE, new RegExp(`— ${PURPOSE.replace(/\./g, '\\.')}$`));
  await page.keyboard.press('Escape');
  await pick(page, 'Data subjects', 'customer', /— customer$/);
  await page.keyboard.press('Escape');
  const clauses = ['(a)', '(b)', '(c)', '(d)', '(e)', '(f)', '(g)', '(h)', 'Notice of infringing'];
  for (const [i, clause] of clauses.entries()) {
    await page
      .getByRole('checkbox', { name: new RegExp(`^Covered: ${clause.replace(/[()]/g, '\\$&')}`) })
      .check();
    await page
      .getByRole('textbox', {
        name: new RegExp(`^Where in the agreement: ${clause.replace(/[()]/g, '\\$&')}`),
      })
      .fill(`Clause ${i + 1}`);
  }
  await checkPage(page, 'agreement-draft-form');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(heading(page, 'Data processing agreement with Mailwave GmbH')).toBeVisible();
  const status = page.getByRole('status').filter({ hasText: 'Not active yet' });
  await expect(status).toContainText('It is a draft: send it for signature.');
  await expect(status).toContainText('The controller has not signed.');
  // The scope in words, each key after its name.
  const scope = page.getByRole('region', { name: 'Scope' });
  await expect(scope).toContainText(`User Contact Email (${CATEGORY})`);
  await expect(scope).toContainText(`Marketing Email Communications (${PURPOSE})`);
  await expect(scope).toContainText('Customer (customer)');
  await checkPage(page, 'agreement-draft');

  // The saved draft can still be changed before it is sent.
  await page.getByRole('button', { name: 'Edit draft' }).click();
  await expect(page.getByLabel('Nature of the processing')).toHaveValue('Storage and dispatch of e-mails');
  await page.getByLabel('Nature of the processing').fill('Storage, dispatch and bounce handling of e-mails');
  await checkPage(page, 'agreement-draft-edit');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('button', { name: 'Edit draft' })).toBeVisible();
  await expect(page.getByText('Storage, dispatch and bounce handling of e-mails')).toBeVisible();

  await page.getByRole('button', { name: 'Send for signature' }).click();
  await expect(badge(page, 'Sent')).toBeVisible();
  await page.getByLabel("Signer's name").fill('Clara Controller');
  await page.getByLabel("Signer's title").fill('General Counsel');
  await page.getByRole('button', { name: 'Record signature' }).click();
  await expect(page.getByText(/Signed for the controller by Clara Controller/)).toBeVisible();
  await expect(status).toContainText('The processor has not signed.');
  await page.getByLabel("Signer's name").fill('Paolo Processor');
  await page.getByLabel("Signer's title").fill('Managing Director');
  await page.getByRole('button', { name: 'Record signature' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Active' })).toContainText('In force since');

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Upload signed PDF' }).click();
  await (
    await chooser
  ).setFiles({ name: 'dpa-mailwave-signed.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(page.getByRole('button', { name: 'Download dpa-mailwave-signed.pdf' })).toBeVisible();
  await checkPage(page, 'agreement-active');

  await page.goto(`/processors/${subProcessorId}`);
  await expect(heading(page, 'CloudNest AB')).toBeVisible();
  await page.getByRole('button', { name: 'Authorise sub-processor' }).click();
  await expect(badge(page, 'Authorised')).toBeVisible();
  await page.goto(`/processors/${processorId}`);
  await expect(badge(page, 'Active')).toBeVisible();
  await page.getByRole('tab', { name: 'History' }).click();
  const history = page.getByRole('tabpanel', { name: 'History' });
  await expect(history).toContainText('processor.created');
  await expect(history).toContainText(legal.email);
  await checkPage(page, 'processor-history');
});

test('4b. procurement checks again after the DPA (Eligible) and runs a CSV batch', async ({ page }) => {
  await signIn(page, procurement.email, procurement.password);
  await expect(heading(page, 'Welcome, Paul Procurement')).toBeVisible();
  const answer = await checkTransfer(page);
  await expect(answer).toContainText('Eligible');
  await expect(answer).not.toContainText('Not eligible');
  await checkPage(page, 'transfer-check-eligible');

  // An international organisation is a destination too (Art. 4(26)): the EPO, under its adequacy decision.
  await pick(page, 'Destination', 'Patent', 'European Patent Organisation (EPO)');
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(answer).toContainText('Eligible');
  const bases = page.getByRole('region', { name: 'Where the data goes, and on what basis (Chapter V)' });
  const epo = bases.getByRole('row', { name: /European Patent Organisation \(EPO\)/ });
  await expect(epo).toContainText('Adequate');
  await expect(epo).toContainText('2025/1382');
  await expect(bases.getByRole('row', { name: /Germany \(DE\)/ })).toContainText('EEA');
  await bases.scrollIntoViewIfNeeded();
  await checkPage(page, 'transfer-check-international-organisation');

  const csv = [
    'processorId,dataCategories,purpose,destinationCountry',
    `${processorId},${CATEGORY},${PURPOSE},`,
    `${processorId},user.financial,${PURPOSE},`,
    `${subProcessorId},${CATEGORY},${PURPOSE},SE`,
  ].join('\n');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'CSV file' }).click();
  await (await chooser).setFiles({ name: 'checks.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Answer 3 rows' }).click();
  await expect(page.getByRole('status').filter({ hasText: '3 checked' })).toContainText(
    '3 checked: 1 eligible, 2 not eligible.',
  );
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download results as CSV' }).click();
  const file = await download;
  const text = readFileSync(await file.path(), 'utf8');
  const rows = text.trim().split(/\r?\n/);
  expect(rows[0]).toBe(
    'row,processorId,dataCategories,purpose,destinationCountry,outcome,codes,messages,decisionId,checkedAt',
  );
  expect(rows).toHaveLength(4);
  expect(rows[1]).toContain(',eligible,');
  expect(rows[2]).toContain('DATA_CATEGORY_NOT_COVERED');
  expect(rows[3]).toContain(',not_eligible,');
  await checkPage(page, 'transfer-checks-batch');

  await page.getByRole('combobox', { name: 'Outcome' }).click();
  await page.getByRole('option', { name: 'Eligible', exact: true }).click();
  // header + 3 eligible decisions: the two single checks (the EPO one too) and the batch's first row
  await expect(page.getByRole('table').last().getByRole('row')).toHaveCount(4);

  // The refused decisions name their reasons in words, and the data as the vocabulary names it.
  await page.getByRole('combobox', { name: 'Outcome' }).click();
  await page.getByRole('option', { name: 'Not eligible', exact: true }).click();
  const refused = page.getByRole('table').last();
  await expect(refused).toContainText('Data category not covered');
  await expect(refused).not.toContainText('DATA_CATEGORY_NOT_COVERED');
  await expect(refused).toContainText('Financial Data (user.financial)');
  await checkPage(page, 'transfer-history-refused');
});
