import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  apiCall,
  apiLogin,
  checkPage,
  expectAccessible,
  heading,
  preparedUser,
  signIn,
} from './support/console';
import { createProcessor } from './support/breaches';

// Legal compares the sub-processor list a processor publishes with what Custos records for it, on the
// processor's page; procurement, which cannot change processors, does not see the check.
test.describe.configure({ mode: 'serial' });

const stamp = Date.now();
const TAB = 'Sub-processor list';

let processor: { id: string; name: string };
let bucketly: { id: string; name: string };
let trackly: { id: string; name: string };

/** Chooses `name` with the console's file field and asks for the comparison. */
async function compare(page: Page, name: string, mimeType: string, content: string) {
  const panel = page.getByRole('tabpanel', { name: TAB });
  const chooser = page.waitForEvent('filechooser');
  await panel.getByRole('button', { name: /Published sub-processor list \(CSV\)/ }).click();
  await (await chooser).setFiles({ name, mimeType, buffer: Buffer.from(content) });
  await panel.getByRole('button', { name: 'Compare with Custos' }).click();
  return panel;
}

/** A labelled number of the result: the label and the value under it. */
const fact = (panel: Locator, label: string) => panel.getByText(label, { exact: true }).locator('..');

const recordedSub = (token: string, name: string, parentId: string) =>
  apiCall<{ id: string; name: string }>('POST', '/processors', token, {
    name,
    country: 'DE',
    processingCountries: ['DE'],
    services: 'Object storage',
    contactEmail: `privacy.${Date.now()}@sub.example`,
    parentId,
  });

test('legal uploads the published list and sees what differs from Custos, then that it matches', async ({
  page,
}) => {
  const legal = await preparedUser(['legal'], 'Lena Listcheck');
  const token = await apiLogin(legal.email, legal.password);
  processor = await createProcessor(token, `Listwise ${stamp} GmbH`);
  bucketly = await recordedSub(token, `Bucketly ${stamp} Inc.`, processor.id);
  trackly = await recordedSub(token, `Trackly ${stamp} Ltd`, processor.id);
  const mailroom = `Mailroom ${stamp} Oy`;

  await signIn(page, legal.email, legal.password);
  await expect(heading(page, 'Welcome, Lena Listcheck')).toBeVisible();
  await page.goto(`/processors/${processor.id}`);
  await expect(heading(page, processor.name)).toBeVisible();
  await page.getByRole('tab', { name: TAB }).click();
  const panel = page.getByRole('tabpanel', { name: TAB });
  // What to upload, in plain words, with the exact first row the API reads.
  await expect(panel).toContainText('name,country,processing countries,services');
  await expect(panel.getByRole('button', { name: 'Compare with Custos' })).toBeDisabled();
  const template = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download an empty template (CSV)' }).click();
  const download = await template;
  expect(download.suggestedFilename()).toBe('sub-processor-list-template.csv');
  expect(readFileSync(await download.path(), 'utf8')).toBe(
    '\uFEFFname,country,processing countries,services\r\n',
  );
  await expectAccessible(page);

  // Bucketly is listed in another country, Mailroom is new, Trackly is no longer listed.
  await compare(
    page,
    'listwise-subprocessors.csv',
    'text/csv',
    [
      'Name,Country,Processing countries,Services',
      `${bucketly.name},IE,DE,Object storage`,
      `"${mailroom}",FI,FI,"E-mail relay, bounces"`,
    ].join('\r\n'),
  );
  await expect(panel.getByRole('heading', { name: 'Result for listwise-subprocessors.csv' })).toBeVisible();
  await expect(panel.getByText('3 differences to follow up, grouped below by what differs.')).toBeVisible();
  await expect(fact(panel, 'On the uploaded list')).toHaveText(/^On the uploaded list\s*2$/);
  await expect(fact(panel, 'Recorded in Custos')).toHaveText(/^Recorded in Custos\s*2$/);
  await expect(fact(panel, 'Differences')).toHaveText(/^Differences\s*3$/);

  const group = (name: string) =>
    panel
      .locator('div')
      .filter({ has: page.getByRole('heading', { name, exact: true }) })
      .last();
  const notInCustos = group('On the list, not recorded in Custos (1)');
  await expect(notInCustos).toContainText(
    `${mailroom} is on the processor's list but not recorded in Custos: treat it as a notice of a new sub-processor.`,
  );
  await expect(notInCustos).toContainText('Country: FI · Processing: FI · Services: E-mail relay, bounces');
  await expect(notInCustos.getByRole('link')).toHaveCount(0);

  const notInList = group('Recorded in Custos, not on the list (1)');
  await expect(notInList).toContainText(
    `${trackly.name} is recorded in Custos but no longer on the processor's list: ask whether it was replaced.`,
  );
  await expect(notInList.getByRole('link', { name: trackly.name })).toHaveAttribute(
    'href',
    `/processors/${trackly.id}`,
  );

  const country = group('Country of establishment differs (1)');
  await expect(country).toContainText(
    `${bucketly.name}: the list says established in IE, Custos records DE.`,
  );
  await expect(country.getByRole('link', { name: bucketly.name })).toHaveAttribute(
    'href',
    `/processors/${bucketly.id}`,
  );
  await expect(panel.getByRole('heading', { name: /Processing countries differ/ })).toHaveCount(0);
  await checkPage(page, 'subprocessor-list-differences');

  // The published list as Custos records it: nothing to follow up. Semicolons, as a spreadsheet program
  // in a German locale writes them, and the type a Windows browser gives a .csv file when Excel is installed.
  await compare(
    page,
    'listwise-subprocessors-fixed.csv',
    'application/vnd.ms-excel',
    [
      'name;country;processing countries;services',
      `${trackly.name};DE;DE;Usage analytics`,
      `${bucketly.name};DE;DE;Object storage`,
    ].join('\n'),
  );
  await expect(
    panel.getByRole('heading', { name: 'Result for listwise-subprocessors-fixed.csv' }),
  ).toBeVisible();
  const matches = panel.getByRole('status').filter({ hasText: 'The list matches Custos' });
  await expect(matches).toContainText(
    `The uploaded list names the same 2 sub-processors that Custos records for ${processor.name}, with the same countries. Nothing to follow up.`,
  );
  await expect(panel.getByRole('heading', { name: /Country of establishment differs/ })).toHaveCount(0);
  await checkPage(page, 'subprocessor-list-matches');

  // A sub-processor the list names twice is not a match: both lines are named, and what the second says.
  await compare(
    page,
    'again.csv',
    'text/csv',
    `name,country\n${bucketly.name},IE\n${trackly.name},DE\n\n${bucketly.name},DE\n`,
  );
  const twice = group('On the list twice (1)');
  await expect(twice).toContainText(
    `${bucketly.name} is on the processor's list twice (lines 2 and 5): ask which entry is right.`,
  );
  await expect(twice).toContainText('Country: DE');
  await checkPage(page, 'subprocessor-list-twice');

  // The recorded sub-processor's link opens its page.
  await twice.getByRole('link', { name: bucketly.name }).click();
  await expect(heading(page, bucketly.name)).toBeVisible();
  await page.goBack();
  await expect(heading(page, processor.name)).toBeVisible();
  await page.getByRole('tab', { name: TAB }).click();

  // Files the API refuses: its problem is shown, with each row it names.
  const refused = panel.getByRole('alert').filter({ hasText: 'Custos could not compare this file' });
  await compare(page, 'listwise.pdf', 'application/pdf', '%PDF-1.4\n%%EOF\n');
  await expect(refused).toContainText(
    'This kind of file is not accepted. The file must be one of: text/csv, text/plain, and its content must match its type.',
  );
  await expect(refused).toContainText('Correct the file and upload it again.');
  await expect(panel.getByRole('heading', { name: /^Result for/ })).toHaveCount(0);
  await checkPage(page, 'subprocessor-list-not-csv');

  await compare(page, 'no-header.csv', 'text/csv', `${bucketly.name},DE\n`);
  await expect(refused).toContainText(
    'The file needs a header row with at least the columns name and country.',
  );
  await expectAccessible(page);

  // Rows are numbered as the file's lines, blank ones counted, as a spreadsheet shows them.
  await compare(page, 'bad-country.csv', 'text/csv', `name,country\n${bucketly.name},DE\n\n${mailroom},XX\n`);
  await expect(refused).toContainText('Row 4: "XX" is not an ISO 3166-1 alpha-2 code');
  await checkPage(page, 'subprocessor-list-bad-row');
});

test('procurement sees the processor but no sub-processor list check', async ({ page }) => {
  const buyer = await preparedUser(['procurement'], 'Pia Procurement');
  await signIn(page, buyer.email, buyer.password);
  await expect(heading(page, 'Welcome, Pia Procurement')).toBeVisible();
  await page.goto(`/processors/${processor.id}`);
  await expect(heading(page, processor.name)).toBeVisible();
  await expect(page.getByRole('tab', { name: 'History' })).toBeVisible();
  await expect(page.getByRole('tab', { name: TAB })).toHaveCount(0);
  await expectAccessible(page);
});
