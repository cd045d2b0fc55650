/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  apiCall,
  apiLogin,
  checkPage,
  expectAccessible,
  heading,
  nav,
  pick,
  preparedUser,
  signIn,
  signOut,
} from './support/console';
import {
  advanceServerClock,
  createProcessor,
  isoDay,
  processorWithSignedAgreement,
  resetServerClock,
} from './support/breaches';

// Breaches from the processor's notice to closure, and the end of a contract through to the public
// certificate check.
test.describe.configure({ mode: 'serial' });

test.afterAll(async () => {
  await resetServerClock();
});

test('legal records a processor’s breach notice; past 72 hours the late notification needs its reasons; the breach is closed', async ({
  page,
}) => {
  const legal = await preparedUser(['legal'], 'Lena Legal');
  const auditor = await preparedUser(['auditor'], 'Aurel Auditor');
  const processor = await createProcessor(
    await apiLogin(legal.email, legal.password),
    `Payrolly ${Date.now()} GmbH`,
  );

  await signIn(page, legal.email, legal.password);
  await nav(page).getByRole('link', { name: 'Breaches' }).click();
  await expect(heading(page, 'Breaches')).toBeVisible();
  await checkPage(page, 'breaches-register');

  await page.getByRole('link', { name: 'Record a breach notice' }).click();
  await expect(heading(page, "Record a processor's breach notice")).toBeVisible();
  await pick(page, 'Processor', processor.name.slice(0, 10), processor.name);
  await page.getByLabel('Short title').fill('Payslips e-mailed to the wrong employees');
  await page
    .getByLabel('What happened')
    .fill('A mail-merge error sent 40 payslips with bank details to colleagues of the employees.');
  await page.getByLabel("The processor's reference").fill('PAY-SEC-2026-7');
  await pick(page, 'Data categories concerned', 'bank_account', /user\.financial\.bank_account$/);
  await page.getByLabel('Approximate number of people').fill('40');
  await page.getByLabel('Likely consequences for the people').fill('Colleagues learnt salaries and IBANs.');
  await page
    .getByLabel('Measures taken or proposed')
    .fill('Recipients asked to delete the e-mails; mail-merge fixed.');
  await checkPage(page, 'breach-record');
  await page.getByRole('button', { name: 'Record breach' }).click();

  // The breach's page: 72 hours from now, ticking.
  await expect(heading(page, 'Payslips e-mailed to the wrong employees')).toBeVisible();
  const timer = page.getByRole('timer', { name: 'Time left until the 72-hour deadline' });
  await expect(timer).toHaveText(/^7[01] h \d\d min \d\d s left$/);
  const before = await timer.textContent();
  await expect(timer).not.toHaveText(before!);
  // The categories as a person reads them, with the key after the name.
  await expect(page.getByRole('region', { name: 'What happened' })).toContainText(
    'Bank Account Information (user.financial.bank_account)',
  );
  await checkPage(page, 'breach-open');

  // Later the processor says when it happened (Art. 33(4): information in phases).
  const facts = page.getByRole('region', { name: 'What happened' });
  await facts.getByRole('button', { name: 'Add what became known' }).click();
  await facts.getByLabel('Happened').fill(`${isoDay(-2)}T09:30:00`);
  await facts.getByRole('button', { name: 'Save facts' }).click();
  await expect(facts.getByRole('button', { name: 'Add what became known' })).toBeVisible();
  await expect(facts).not.toContainText('Happened—');

  const risk = page.getByRole('region', { name: 'Risk assessment' });
  await risk.getByRole('radio', { name: 'A risk to people', exact: true }).check();
  await risk
    .getByLabel('Reasons')
    .fill('Bank details of 40 employees reached colleagues; misuse is possible.');
  await risk.getByRole('button', { name: 'Save risk assessment' }).click();
  await expect(risk.getByRole('status')).toHaveText('Saved.');

  // 73 hours later on the server's clock: the deadline has passed.
  await advanceServerClock(73);
  await page.reload();
  await expect(timer).toHaveText(/^Overdue by 1 h \d\d min \d\d s$/);
  await expect(page.getByText('Authority: overdue').first()).toBeVisible();
  const authority = page.getByRole('region', { name: 'Notification to the supervisory authority' });
  await authority.getByLabel('Supervisory authority').fill('Berliner Beauftragte für Datenschutz');
  await authority.getByLabel("Authority's reference").fill('BlnBDI 611.2841');
  const reasons = authority.getByLabel('Reasons for the delay');
  await expect(reasons).toBeVisible();
  await authority.getByRole('button', { name: 'Record notification' }).click();
  // The server refuses a late notification without its reasons, and says so at the field.
  await expect(reasons).toHaveAttribute('aria-invalid', 'true');
  await expect(authority).toContainText(
    'Give the reasons for the delay: the authority is notified more than 72 hours',
  );
  await checkPage(page, 'breach-late-notification');
  await reasons.fill(
    'The processor’s notice reached a shared mailbox over the weekend; it was read on Monday.',
  );
  await authority.getByRole('button', { name: 'Record notification' }).click();
  await expect(page.getByText('The supervisory authority was notified late')).toBeVisible();
  await expect(authority).toContainText('BlnBDI 611.2841');

  // Art. 34: the people were told, though not required at this risk; later their number is corrected.
  const subjects = page.getByRole('region', { name: 'Communication to the data subjects' });
  await subjects.getByRole('button', { name: 'Record a communication to the people' }).click();
  await subjects.getByLabel('How they were told').fill('E-mail to each employee concerned');
  await subjects.getByLabel('How many were told').fill('40');
  await subjects
    .getByLabel('What they were told')
    .fill('Your bank details reached a colleague by mistake; they were deleted. Watch your account.');
  await subjects.getByRole('button', { name: 'Record communication' }).click();
  const correctCommunication = subjects.getByRole('button', { name: 'Correct the communication' });
  await correctCommunication.click();
  await expect(subjects.getByLabel('How they were told')).toHaveValue('E-mail to each employee concerned');
  await expect(subjects.getByLabel('How many were told')).toHaveValue('40');
  await subjects.getByLabel('How many were told').fill('41');
  await checkPage(page, 'breach-correct-communication');
  await subjects.getByRole('button', { name: 'Save correction' }).click();
  await expect(correctCommunication).toBeVisible();
  await expect(subjects.getByText('41', { exact: true })).toBeVisible();
  await expect(subjects.getByRole('button', { name: 'Save correction' })).toHaveCount(0);

  const documents = page.getByRole('region', { name: 'Documents' });
  await documents.getByLabel('Document to attach').setInputFiles({
    name: 'notification-to-blnbdi.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  });
  await expect(documents.getByRole('list', { name: 'Documents' })).toContainText(
    'notification-to-blnbdi.pdf',
  );

  const closure = page.getByRole('region', { name: 'Containment and closure' });
  await closure.getByRole('button', { name: 'Mark as contained' }).click();
  await expect(closure.getByText('Contained', { exact: true })).toBeVisible();
  await closure
    .getByLabel('Resolution')
    .fill('All 40 recipients confirmed deletion; the template was corrected.');
  await closure.getByRole('button', { name: 'Close breach' }).click();
  await expect(closure.getByRole('button', { name: 'Reopen breach' })).toBeVisible();
  await checkPage(page, 'breach-closed');

  // After closing, the authority answers with its own file number: the notification is corrected.
  await authority.getByRole('button', { name: 'Correct the notification' }).click();
  await expect(authority.getByLabel("Authority's reference")).toHaveValue('BlnBDI 611.2841');
  await expect(authority.getByLabel('Reasons for the delay')).toHaveValue(/shared mailbox/);
  await authority.getByLabel("Authority's reference").fill('BlnBDI 611.2841/26');
  await authority.getByRole('button', { name: 'Save correction' }).click();
  await expect(authority.getByRole('button', { name: 'Correct the notification' })).toBeVisible();
  await expect(authority).toContainText('BlnBDI 611.2841/26');
  await expect(page.getByText('The supervisory authority was notified late')).toBeVisible();
  await expect(closure.getByRole('button', { name: 'Reopen breach' })).toBeVisible();

  const report = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download report (PDF)' }).click();
  expect((await report).suggestedFilename()).toMatch(/^breach-report-[0-9a-f-]{36}\.pdf$/);

  await page.getByRole('link', { name: 'Back to the register' }).click();
  await page
    .getByRole('combobox', { name: 'Status' })
    .or(page.getByRole('textbox', { name: 'Status' }))
    .first()
    .click();
  await page.getByRole('option', { name: 'Closed' }).click();
  const row = page.getByRole('row').filter({ hasText: 'Payslips e-mailed to the wrong employees' });
  await expect(row).toContainText('Authority notified late');
  await expect(row).toContainText(processor.name);
  await checkPage(page, 'breaches-register-closed');
  await signOut(page, legal.name);

  // The auditor reads everything and finds no control that writes.
  await signIn(page, auditor.email, auditor.password);
  await nav(page).getByRole('link', { name: 'Breaches' }).click();
  await expect(page.getByRole('link', { name: 'Record a breach notice' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Payslips e-mailed to the wrong employees' }).click();
  await expect(heading(page, 'Payslips e-mailed to the wrong employees')).toBeVisible();
  await expect(page.getByText('Reasons for the delay')).toBeVisible();
  for (const name of [
    'Save risk assessment',
    'Record notification',
    'Correct the notification',
    'Record communication',
    'Correct the communication',
    'Mark as contained',
    'Close breach',
    'Reopen breach',
    'Attach a document',
  ])
    await expect(page.getByRole('button', { name })).toHaveCount(0);
  await expect(page.getByRole('textbox')).toHaveCount(0);
  await expect(page.getByRole('radio')).toHaveCount(0);
  await checkPage(page, 'breach-auditor');
  await signOut(page, auditor.name);
  await resetServerClock();
});

test('legal terminates an agreement, records the NIST SP 800-88 confirmation and downloads the certificate; anyone verifies it', async ({
  page,
  browser,
}) => {
  const legal = await preparedUser(['legal'], 'Leo Legal');
  const dpo = await preparedUser(['dpo'], 'Dora DPO');
  const { processor, agreement } = await processorWithSignedAgreement(
    await apiLogin(legal.email, legal.password),
    await apiLogin(dpo.email, dpo.password),
    `Storely ${Date.now()} SE`,
  );

  await signIn(page, legal.email, legal.password);
  await expect(nav(page).getByRole('link', { name: 'Offboarding' })).toBeVisible();
  await page.goto(`/agreements/${agreement.id}`);
  await expect(heading(page, agreement.title)).toBeVisible();
  await page.getByRole('button', { name: 'Terminate', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Terminate the agreement' });
  await dialog.getByLabel('Reason').fill('Contract not renewed');
  await dialog.getByRole('radio', { name: 'Delete it', exact: true }).check();
  await dialog.getByLabel('Confirmation due by').fill(isoDay(14));
  await checkPage(page, 'agreement-terminate');
  await dialog.getByRole('button', { name: 'Terminate agreement' }).click();

  await expect(heading(page, `Offboarding of ${processor.name}`)).toBeVisible();
  await expect(page.getByText('Awaiting confirmation').first()).toBeVisible();
  await checkPage(page, 'offboarding-requested');
  const offboardingUrl = page.url();

  await nav(page).getByRole('link', { name: 'Offboarding' }).click();
  await expect(heading(page, 'Offboarding')).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: processor.name });
  await expect(row).toContainText('Awaiting confirmation');
  await checkPage(page, 'offboardings');
  await row.getByRole('link', { name: processor.name }).click();
  await expect(page).toHaveURL(offboardingUrl);

  const form = page.getByRole('region', { name: "Record the processor's confirmation" });
  await form.getByLabel('Date the work was completed').fill(isoDay(0));
  const performer = form.getByRole('group', { name: 'Who did the work' });
  await performer.getByLabel('Name').fill('Jean Dupont');
  await performer.getByLabel('Job title').fill('Head of IT Operations');
  await performer.getByLabel('Organisation').fill(processor.name);
  const checker = form.getByRole('group', { name: 'Who checked it' });
  await checker.getByLabel('Name').fill('Claire Martin');
  await checker.getByLabel('Job title').fill('Information Security Officer');
  const item = form.getByRole('group', { name: 'Data set 1' });
  // The contact data is deleted; the financial data a law keeps is accounted for below instead.
  await item.getByRole('combobox', { name: 'Kinds of data' }).press('Backspace');
  await expect(item.getByText('user.financial', { exact: true })).toHaveCount(0);
  await item.getByLabel('Where the data was stored').fill('Payroll database and its backups');
  await item.getByLabel('Technique').fill('Cryptographic erase of the volume keys');
  // The medium, as NIST SP 800-88 Rev. 2's sample certificate records it.
  await item.getByRole('checkbox', { name: /Describe the physical medium/ }).check();
  const media = item.getByRole('group', { name: 'The medium of data set 1 (NIST SP 800-88)' });
  for (const [field, value] of [
    ['Make', 'Samsung'],
    ['Model', 'PM9A3'],
    ['Serial or property number', 'S64HNE0R123456'],
    ['Media type', 'flash (NVMe SSD)'],
    ['Where it came from', 'storage node db-07'],
    ['Classification after sanitisation', 'unclassified (no recoverable data)'],
    ['What became of the medium', 'reused in the provider pool'],
  ])
    await media.getByLabel(field).fill(value);
  await form.getByRole('checkbox', { name: /sub-processors have also/ }).check();
  await form.getByRole('button', { name: "Add a sub-processor's confirmation" }).click();
  const sub = form.getByRole('group', { name: 'Sub-processor 1' });
  await sub.getByLabel('Sub-processor', { exact: false }).first().fill('Bucketly SAS');
  await sub.getByLabel('Confirmed on').fill(isoDay(-1));
  await sub.getByLabel('Confirmed by').fill('Luc Martin, DPO of Bucketly SAS');
  await sub.getByLabel('What it confirmed').fill('All back-up copies deleted by cryptographic erase.');
  await form.getByRole('checkbox', { name: /must keep some of the data/ }).check();
  const kept = form.getByRole('group', { name: 'Data kept by law 1' });
  await kept.getByLabel('What is kept').fill('Payslips with bank details');
  // The pills' box takes the click a person makes on the field.
  await kept.getByRole('combobox', { name: 'Kinds of data kept' }).click({ force: true });
  await page.getByRole('option', { name: 'user.financial' }).click();
  await kept.getByLabel('The law that requires it').fill('§ 147 AO (10 years)');
  await kept.getByLabel('Kept until').fill(isoDay(3650));
  await form.getByRole('checkbox', { name: /signed off the verification/ }).check();
  const verified = form.getByRole('group', { name: 'Verification signed off' });
  await verified.getByLabel('Organisation').fill(`${processor.name}, Security Operations`);
  await verified.getByLabel('Name of the signatory').fill('Ada Kranz');
  await verified.getByLabel('Signed on').fill(isoDay(0));
  await checkPage(page, 'offboarding-confirmation');
  await form.getByRole('button', { name: 'Confirm and issue certificate' }).click();

  const certificate = page.getByRole('region', { name: 'Certificate of return and destruction' });
  await expect(certificate.getByRole('status')).toContainText(/Certificate CUS-\d{4}-\d{6} was issued/);
  await expect(certificate).toContainText(/[0-9a-f]{64}/);
  await checkPage(page, 'offboarding-certificate');
  const downloading = page.waitForEvent('download');
  await certificate.getByRole('button', { name: 'Download certificate' }).click();
  const download = await downloading;
  const filename = download.suggestedFilename();
  expect(filename).toMatch(/^CUS-\d{4}-\d{6}\.pdf$/);
  const bytes = readFileSync(await download.path());
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  // What the form took is on the certificate: the medium, the sub-processor, what a law keeps, the sign-off.
  const text = execFileSync('pdftotext', ['-layout', await download.path(), '-'], {
    encoding: 'utf8',
  }).replace(/\s+/g, ' ');
  for (const part of [
    'Samsung PM9A3, serial or property number S64HNE0R123456',
    'reused in the provider pool',
    'Sub-processor Bucketly SAS',
    'Luc Martin, DPO of Bucketly SAS',
    'Payslips with bank details',
    '§ 147 AO (10 years)',
    'Verification (signed): Ada Kranz',
  ])
    expect(text).toContain(part);

  // Anyone, not signed in, checks the file: the genuine one is valid, one changed byte is not.
  const visitor = await browser.newContext();
  const anonymous = await visitor.newPage();
  await anonymous.goto('/verify');
  await expect(heading(anonymous, 'Verify a certificate')).toBeVisible();
  await expect(anonymous.getByRole('button', { name: 'Sign in' })).toHaveCount(0);
  await checkPage(anonymous, 'verify');
  // Saved under any name: the page reads the number from the file and asks for nothing else.
  const dir = mkdtempSync(join(tmpdir(), 'custos-certificate-'));
  const genuine = join(dir, 'certificate.pdf');
  writeFileSync(genuine, bytes);
  await anonymous.getByLabel('Certificate').setInputFiles(genuine);
  await anonymous.getByRole('button', { name: 'Verify' }).click();
  const answer = anonymous.getByRole('status').filter({ hasText: /valid/i });
  await expect(answer.getByText('Valid', { exact: true })).toBeVisible();
  await expect(answer).toContainText(filename.replace('.pdf', ''));
  await expect(anonymous.getByRole('textbox')).toHaveCount(0);
  await checkPage(anonymous, 'verify-valid');

  const changed = Buffer.from(bytes);
  changed[Math.floor(changed.length / 2)] ^= 0x01;
  await anonymous.getByLabel('Certificate').setInputFiles({
    name: filename,
    mimeType: 'application/pdf',
    buffer: changed,
  });
  await anonymous.getByRole('button', { name: 'Verify' }).click();
  await expect(answer.getByText('Not valid', { exact: true })).toBeVisible();
  await checkPage(anonymous, 'verify-not-valid');

  // A scan names no number: the page asks for the one printed on it.
  await anonymous.getByLabel('Certificate').setInputFiles({
    name: 'scan.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
  });
  await anonymous.getByLabel('Number as printed').fill(filename.replace('.pdf', ''));
  await anonymous.getByRole('button', { name: 'Verify' }).click();
  await expect(answer.getByText('Not valid', { exact: true })).toBeVisible();
  await expect(answer).toContainText('scan.pdf');
  await visitor.close();
});

test('the DPO records a breach in the organisation itself, with no processor; its 72 hours start', async ({
  page,
}) => {
  const dpo = await preparedUser(['dpo'], 'Dita Dpo');
  await signIn(page, dpo.email, dpo.password);
  await nav(page).getByRole('link', { name: 'Breaches' }).click();
  await page.getByRole('link', { name: 'Record a breach notice' }).click();
  await page.getByRole('radio', { name: 'In our own organisation' }).check();
  await expect(heading(page, 'Record a breach in our organisation')).toBeVisible();
  await expect(page.getByLabel('Processor', { exact: true })).toHaveCount(0);
  await expect(page.getByLabel('When the processor told you')).toHaveCount(0);
  const title = `Laptop with HR files stolen ${Date.now()}`;
  await page.getByLabel('Short title').fill(title);
  await page
    .getByLabel('What happened')
    .fill('An unencrypted laptop with HR spreadsheets was stolen from a car.');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Record breach' }).click();

  await expect(heading(page, title)).toBeVisible();
  await expect(page.getByRole('timer', { name: 'Time left until the 72-hour deadline' })).toHaveText(
    /^7[01] h \d\d min \d\d s left$/,
  );
  const incident = await apiCall<{ processorId: string | null; title: string }>(
    'GET',
    `/incidents/${page.url().split('/').pop()}`,
    await apiLogin(dpo.email, dpo.password),
  );
  expect(incident).toMatchObject({ processorId: null, title });
});
