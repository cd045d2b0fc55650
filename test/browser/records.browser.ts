import { expect, test } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  apiCall,
  apiLogin,
  checkPage,
  heading,
  nav,
  pick,
  preparedUser,
  signIn,
  signOut,
} from './support/console';
import { choose, enabledWriteControls, isoDay, xlsxRows } from './support/records';

// The DPO's record of processing, then monitoring and findings; an auditor reads it all afterwards.
test.describe.configure({ mode: 'serial' });

type Person = { email: string; name: string; password: string };
let dpo: Person;
let auditor: Person;
let processor: { id: string; name: string };
const stamp = Date.now();
const ACTIVITY = `Occupational health checks ${stamp}`;
const FINDING = `Backups not tested ${stamp}`;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

test.beforeAll(async () => {
  dpo = await preparedUser(['dpo'], 'Dana Dpo');
  auditor = await preparedUser(['auditor'], 'Arno Auditor');
  const legal = await preparedUser(['legal'], 'Lars Legal');
  const token = await apiLogin(legal.email, legal.password);
  processor = await apiCall('POST', '/processors', token, {
    name: `Medicheck ${stamp} GmbH`,
    country: 'DE',
    processingCountries: ['DE'],
    services: 'Occupational health examinations',
    contactEmail: 'privacy@medicheck.example',
  });
  await apiCall('POST', `/processors/${processor.id}/monitoring-checks`, token, {
    type: 'audit',
    dueOn: isoDay(7),
  });
});

test('a DPO fills the profile, records an activity with health data, links a processor and exports the record as XLSX', async ({
  page,
}) => {
  await signIn(page, dpo.email, dpo.password);
  await nav(page).getByRole('link', { name: 'Records' }).click();
  await expect(heading(page, 'Records of processing')).toBeVisible();
  await expect(page.getByText('No processing activity is recorded yet.')).toBeVisible();
  await checkPage(page, 'records-empty');

  // The organisation profile: controller and DPO.
  await page.getByLabel('Controller name').fill('Acme Legal GmbH');
  await page.getByLabel(/^Contact e-mail/).fill('privacy@acme.example');
  await page.getByLabel(/^Address/).fill('Musterstraße 1, 10115 Berlin, Germany');
  await page.getByLabel('DPO name').fill('Dana Dpo');
  await page.getByLabel('DPO e-mail').fill('dpo@acme.example');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('The organisation profile is saved.')).toBeVisible();
  await expect(page.getByText(/^Version 1, saved/)).toBeVisible();

  // A processing activity with health data: the Art. 9(2) condition is demanded.
  await page.getByRole('link', { name: 'New processing activity' }).click();
  await expect(heading(page, 'New processing activity')).toBeVisible();
  await page.getByLabel(/^Name/).fill(ACTIVITY);
  await page.getByLabel('Business function').fill('Human resources');
  await pick(page, 'Purposes', 'employment', /— employment$/);
  await pick(page, 'Data subjects', 'employee', /— employee$/);
  await pick(page, 'Data categories', 'user.health', /— user\.health$/);
  await pick(page, 'Legal bases (Art. 6(1))', 'legal obligation', /Art\. 6\(1\)\(c\)/);
  await page.getByLabel('General erasure time limit').fill('3 years after the end of employment');
  await page
    .getByLabel('Technical and organisational security measures (Art. 32)')
    .fill('Medical files encrypted, access by the company physician only');
  // The form asks for the condition as soon as health data is chosen; saving without it is refused.
  await expect(page.getByText('Special categories of personal data')).toBeVisible();
  await page.getByRole('button', { name: 'Save activity' }).click();
  await expect(page.getByText(/must contain an Art\. 9\(2\) condition/)).toBeVisible();
  await expect(page.getByLabel('Art. 9(2) condition').first()).toHaveAttribute('aria-invalid', 'true');
  await checkPage(page, 'activity-art9-demanded');

  await choose(page, 'Art. 9(2) condition', /Art\. 9\(2\)\(b\) employment/);
  await pick(page, 'Processors', 'Medicheck', processor.name);
  await page.getByRole('button', { name: 'Save activity' }).click();
  await expect(heading(page, ACTIVITY)).toBeVisible();
  // Derived, read only: the linked processor as a recipient, and what needs attention.
  const derived = page.getByRole('region', { name: 'Recipients and transfers' });
  await expect(derived.getByRole('link', { name: processor.name })).toBeVisible();
  await expect(derived.getByText('Needs attention')).toBeVisible();
  await checkPage(page, 'activity');

  // A change makes a second version; what changed shows before → after.
  await page.getByRole('button', { name: 'Edit activity' }).click();
  await page.getByLabel('General erasure time limit').fill('5 years after the end of employment');
  await page.getByRole('button', { name: 'Save activity' }).click();
  await expect(page.getByRole('button', { name: 'Edit activity' })).toBeVisible();
  const versions = page.getByRole('region', { name: 'Versions' });
  const change = versions.getByRole('row', { name: /Erasure time limit/ });
  await expect(change).toContainText('3 years after the end of employment');
  await expect(change).toContainText('5 years after the end of employment');
  await checkPage(page, 'activity-versions');

  // A recipient outside the EEA: the form asks for its transfer tool. Without one, the record says so;
  // with one, the transfer names it.
  await page.getByRole('button', { name: 'Edit activity' }).click();
  await page.getByRole('button', { name: 'Add a recipient' }).click();
  await page.getByLabel('Recipient 1 name').fill('Group parent Inc');
  await pick(page, 'Recipient 1 country', 'United States', 'United States of America (US)');
  await expect(page.getByRole('combobox', { name: 'Recipient 1 transfer tool' })).toBeVisible();
  await page.getByRole('button', { name: 'Save activity' }).click();
  await expect(page.getByRole('button', { name: 'Edit activity' })).toBeVisible();
  const missing =
    'Group parent Inc in United States of America (US): no adequacy decision and no transfer tool recorded.';
  await expect(derived.getByText(missing).first()).toBeVisible();
  await page.getByRole('button', { name: 'Edit activity' }).click();
  await choose(page, 'Recipient 1 transfer tool', 'Binding corporate rules');
  await page.getByRole('button', { name: 'Save activity' }).click();
  await expect(derived.getByRole('row', { name: /^US Group parent Inc/ })).toContainText(
    'Binding corporate rules',
  );
  await expect(derived.getByText(missing)).toHaveCount(0);
  await checkPage(page, 'activity-recipient-transfer');

  // As of yesterday the activity did not exist yet.
  await page.getByRole('link', { name: 'Back to the records' }).click();
  await page.getByLabel('Show the record as of').fill(isoDay(-1));
  await expect(page.getByText('No processing activity was recorded on that day.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save profile' })).toHaveCount(0);
  await checkPage(page, 'records-as-of');
  await page.getByRole('button', { name: 'Back to today' }).click();
  await expect(page.getByRole('link', { name: ACTIVITY })).toBeVisible();

  // The processor record (Art. 30(2)): a controller the organisation processes for.
  await page.getByRole('button', { name: 'New entry' }).click();
  const entry = page.getByRole('dialog', { name: 'New entry' });
  await entry
    .getByLabel(/^Controller/)
    .first()
    .fill(`Globex Retail ${stamp} SA`);
  await entry.getByLabel('Controller contact e-mail').fill('privacy@globex.example');
  await entry.getByLabel(/^Categories of processing/).fill('Hosting of the web shop');
  await entry.getByLabel(/^Categories of processing/).press('Enter');
  await entry.getByLabel(/^Security measures/).fill('ISO 27001 certified hosting');
  // Art. 30(2)(c): a transfer to a third country and its safeguard.
  await entry.getByRole('button', { name: 'Add a transfer' }).click();
  await pick(page, 'Transfer 1 country', 'United States', 'United States of America (US)', entry);
  await choose(page, 'Transfer 1 safeguard', 'SCCs 2021/914, module 3', entry);
  await entry.getByLabel('Transfer 1 reference (optional)').fill('SCC module 3, annex I.B');
  await checkPage(page, 'processor-record-entry');
  await entry.getByRole('button', { name: 'Save entry' }).click();
  await expect(entry).toBeHidden();
  const entries = page.getByRole('region', { name: 'Processor record (Art. 30(2))' });
  await expect(entries.getByRole('cell', { name: `Globex Retail ${stamp} SA`, exact: true })).toBeVisible();
  await expect(entries.getByRole('row', { name: new RegExp(`Globex Retail ${stamp} SA`) })).toContainText(
    'United States of America (US): SCCs 2021/914, module 3 (SCC module 3, annex I.B)',
  );
  // The entry changes (a second transfer); its versions show what changed, before and after.
  await entries.getByRole('button', { name: `Edit the entry of Globex Retail ${stamp} SA` }).click();
  const editEntry = page.getByRole('dialog', { name: 'Edit' });
  await editEntry.getByRole('button', { name: 'Add a transfer' }).click();
  await pick(page, 'Transfer 2 country', 'India', 'India (IN)', editEntry);
  await choose(page, 'Transfer 2 safeguard', 'Binding corporate rules', editEntry);
  await editEntry.getByRole('button', { name: 'Save entry' }).click();
  await expect(editEntry).toBeHidden();
  await entries.getByRole('button', { name: `Versions of the entry of Globex Retail ${stamp} SA` }).click();
  const versionsOfEntry = page.getByRole('dialog', {
    name: `Versions of the entry of Globex Retail ${stamp} SA`,
  });
  await expect(versionsOfEntry.getByRole('cell', { name: 'v2' })).toBeVisible();
  const changedTransfers = versionsOfEntry.getByRole('row', { name: /Transfers to third countries/ });
  await expect(changedTransfers).toContainText('India (IN): Binding corporate rules');
  await checkPage(page, 'processor-record-versions');
  await page.keyboard.press('Escape');

  // The export: Format, Export, progress until Download.
  await choose(page, 'Format', 'XLSX');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const progress = page.getByRole('status', { name: 'Export progress' });
  await expect(progress.getByRole('link', { name: 'Download' })).toBeVisible({ timeout: 60_000 });
  await expect(progress).toContainText('Completed');
  const past = page.getByRole('region', { name: 'Exports' });
  await expect(past.getByText(/^[0-9a-f]{64}$/).first()).toBeVisible();
  await checkPage(page, 'records-export');
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    progress.getByRole('link', { name: 'Download' }).click(),
  ]);
  expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
  const saved = join(mkdtempSync(join(tmpdir(), 'custos-records-')), file.suggestedFilename());
  await file.saveAs(saved);
  const rows = await xlsxRows(saved);
  expect(rows.some((row) => row.includes(ACTIVITY))).toBe(true);
  expect(rows.some((row) => row.some((cell) => cell.includes('SCC module 3, annex I.B')))).toBe(true);
  await signOut(page, 'Dana Dpo');
});

test('the DPO records a check result with a finding, runs the sweep, and moves the finding on the board', async ({
  page,
}) => {
  await signIn(page, dpo.email, dpo.password);
  await nav(page).getByRole('link', { name: 'Monitoring' }).click();
  await expect(heading(page, 'Monitoring')).toBeVisible();
  await page.getByRole('button', { name: `Record the result of the Audit of ${processor.name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Audit of ${processor.name}` });
  await choose(page, 'Result', 'Failed', dialog);
  await dialog.getByLabel('Notes').fill('Restore of the backups was never tested.');
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    dialog.getByRole('button', { name: /^Evidence/ }).click(),
  ]);
  await chooser.setFiles({ name: 'backup-audit.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(dialog.getByText('backup-audit.pdf')).toBeVisible();
  await dialog.getByRole('button', { name: 'Add a finding' }).click();
  await dialog.getByLabel(/^Finding 1( \*)?$/).fill(FINDING);
  await choose(page, 'Finding 1 severity', 'High', dialog);
  await dialog.getByLabel('Finding 1 due on').fill(isoDay(30));
  await checkPage(page, 'monitoring-record-result');
  await dialog.getByRole('button', { name: 'Save result' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`The result for ${processor.name} is recorded with 1 finding.`)).toBeVisible();
  const plan = page.getByRole('region', { name: 'Check plan' });
  const row = plan.getByRole('row', { name: /Restore of the backups/ });
  await expect(row).toContainText('Failed');
  await expect(row.getByRole('link', { name: 'Download the evidence backup-audit.pdf' })).toBeVisible();

  // An ad-hoc check joins the plan.
  await page.getByRole('button', { name: 'Add a check' }).click();
  const adding = page.getByRole('dialog', { name: 'Add a check' });
  await pick(page, 'Processor', 'Medicheck', processor.name, adding);
  await choose(page, 'Check', 'Certification review', adding);
  await adding.getByLabel(/^Due on/).fill(isoDay(14));
  await adding.getByRole('button', { name: 'Add check' }).click();
  await expect(adding).toBeHidden();
  await expect(plan.getByRole('row', { name: /Certification review/ })).toContainText('Scheduled');

  await page.getByRole('button', { name: 'Run the sweep now' }).click();
  const runs = page.getByRole('region', { name: 'Daily sweep' });
  await expect(runs.getByRole('row', { name: /On request/ }).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Run the sweep now' })).toBeEnabled({ timeout: 30_000 });
  await checkPage(page, 'monitoring');

  await nav(page).getByRole('link', { name: 'Findings' }).click();
  await expect(heading(page, 'Findings')).toBeVisible();
  const open = page.getByRole('region', { name: /^Open/ });
  await expect(open.getByText(FINDING)).toBeVisible();
  await checkPage(page, 'findings');
  await open.getByRole('button', { name: `Change the status of “${FINDING}”` }).click();
  const move = page.getByRole('dialog', { name: `“${FINDING}”` });
  await choose(page, 'New status', 'In progress', move);
  await move.getByLabel('Owner').fill('IT operations');
  await checkPage(page, 'findings-change');
  await move.getByRole('button', { name: 'Save' }).click();
  await expect(move).toBeHidden();
  const working = page.getByRole('region', { name: /^In progress/ });
  await expect(working.getByText(FINDING)).toBeVisible();
  await expect(working.getByText('owner: IT operations')).toBeVisible();
  await expect(open.getByText(FINDING)).toHaveCount(0);
  await signOut(page, 'Dana Dpo');
});

test('an auditor reads the record, monitoring and findings with no control that changes them', async ({
  page,
}) => {
  const writes = [
    'Save profile',
    'New processing activity',
    'New entry',
    'Edit activity',
    'Archive activity',
    /^Record the result/,
    'Add a check',
    'Save cadence',
    'Run the sweep now',
    /^Change the status/,
  ];
  await signIn(page, auditor.email, auditor.password);
  await nav(page).getByRole('link', { name: 'Records' }).click();
  await expect(page.getByText('Acme Legal GmbH').first()).toBeVisible();
  await expect(page.getByRole('link', { name: ACTIVITY })).toBeVisible();
  expect(await enabledWriteControls(page, writes)).toEqual([]);
  await checkPage(page, 'records-auditor');

  await page.getByRole('link', { name: ACTIVITY }).click();
  await expect(heading(page, ACTIVITY)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Versions' })).toBeVisible();
  expect(await enabledWriteControls(page, writes)).toEqual([]);

  await nav(page).getByRole('link', { name: 'Monitoring' }).click();
  await expect(page.getByRole('region', { name: 'Check plan' }).getByText('Failed').first()).toBeVisible();
  expect(await enabledWriteControls(page, writes)).toEqual([]);
  await checkPage(page, 'monitoring-auditor');

  await nav(page).getByRole('link', { name: 'Findings' }).click();
  await expect(page.getByRole('region', { name: /^In progress/ }).getByText(FINDING)).toBeVisible();
  expect(await enabledWriteControls(page, writes)).toEqual([]);
  await signOut(page, 'Arno Auditor');
});

test('the DPO links a processor beyond the first hundred by typing its name, and the plan names it', async ({
  page,
}) => {
  // More processors than one page of any picker: a hundred that sort before the one the DPO wants.
  const legal = await preparedUser(['legal'], 'Lea Legal');
  const token = await apiLogin(legal.email, legal.password);
  for (let n = 0; n < 100; n++) {
    await apiCall('POST', '/processors', token, {
      name: `Zz filler ${String(n).padStart(3, '0')} ${stamp}`,
      country: 'DE',
      processingCountries: ['DE'],
      services: 'Document storage',
      contactEmail: 'privacy@filler.example',
    });
  }
  const far: { id: string; name: string } = await apiCall('POST', '/processors', token, {
    name: `Zzz Nordlicht ${stamp} AG`,
    country: 'DE',
    processingCountries: ['DE'],
    services: 'Payroll',
    contactEmail: 'privacy@nordlicht.example',
  });
  await apiCall('POST', `/processors/${far.id}/monitoring-checks`, token, {
    type: 'audit',
    dueOn: isoDay(3),
  });

  await signIn(page, dpo.email, dpo.password);
  await nav(page).getByRole('link', { name: 'Records' }).click();
  await page.getByRole('link', { name: ACTIVITY }).click();
  await page.getByRole('button', { name: 'Edit activity' }).click();
  await pick(page, 'Processors', 'Nordlicht', far.name);
  await page.getByRole('button', { name: 'Save activity' }).click();
  await expect(page.getByRole('button', { name: 'Edit activity' })).toBeVisible();
  const derived = page.getByRole('region', { name: 'Recipients and transfers' });
  await expect(derived.getByRole('link', { name: far.name })).toBeVisible();
  await expect(derived.getByRole('link', { name: processor.name })).toBeVisible();

  // Editing again shows both linked processors by name, the one beyond the first hundred too.
  await page.getByRole('button', { name: 'Edit activity' }).click();
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Save activity' }) });
  await expect(form.getByText(far.name)).toBeVisible();
  await expect(form.getByText(processor.name)).toBeVisible();
  await page.getByRole('button', { name: 'Save activity' }).click();
  await expect(page.getByRole('button', { name: 'Edit activity' })).toBeVisible();

  // The check plan names its processor, not "unknown".
  await nav(page).getByRole('link', { name: 'Monitoring' }).click();
  const plan = page.getByRole('region', { name: 'Check plan' });
  await pick(page, 'Processor', 'Nordlicht', far.name, plan);
  const row = plan.getByRole('row', { name: new RegExp(far.name) });
  await expect(row).toContainText('Audit');
  await expect(plan.getByText('Unknown processor')).toHaveCount(0);
  await signOut(page, 'Dana Dpo');
});
