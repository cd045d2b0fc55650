import { expect, test } from '@playwright/test';
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
} from './support/console';
import { approvedProcessor, createProcessor, isoDay, processorWithSignedAgreement } from './support/breaches';
import { choose } from './support/records';

// The lists that hold more than one page (the processors that may hold an agreement, a processor's
// chain of sub-processors, a column of the findings board), and a list still loading.
test.describe.configure({ mode: 'serial' });

const stamp = Date.now();

test('the agreements page lists approved and active processors apart, each a page at a time', async ({
  page,
}) => {
  const legal = await preparedUser(['legal'], 'Lotte Legal');
  const dpo = await preparedUser(['dpo'], 'Dario DPO');
  const legalToken = await apiLogin(legal.email, legal.password);
  const dpoToken = await apiLogin(dpo.email, dpo.password);
  // Names that sort before every other processor of the run, so that both are on the first pages.
  const approved = await approvedProcessor(legalToken, dpoToken, `A0 Approved ${stamp} GmbH`);
  const { processor: active } = await processorWithSignedAgreement(
    legalToken,
    dpoToken,
    `A0 Active ${stamp} GmbH`,
  );

  await signIn(page, legal.email, legal.password);
  await nav(page).getByRole('link', { name: 'Agreements' }).click();
  await expect(heading(page, 'Agreements')).toBeVisible();
  const waiting = page.getByRole('region', { name: 'Approved, no agreement in force yet' });
  const engaged = page.getByRole('region', { name: 'Active under an agreement' });
  await expect(waiting.getByRole('link', { name: approved.name })).toBeVisible();
  await expect(waiting.getByRole('link', { name: active.name })).toHaveCount(0);
  await expect(engaged.getByRole('link', { name: active.name })).toBeVisible();
  await expect(engaged.getByRole('link', { name: approved.name })).toHaveCount(0);
  // Each count is its own list's, not the two added together.
  const approvedTotal = (
    await apiCall<{ total: number }>('GET', '/processors?status=approved&pageSize=1', legalToken)
  ).total;
  await expect(waiting).toContainText(`${approvedTotal} ${approvedTotal === 1 ? 'entry' : 'entries'}`);
  await checkPage(page, 'agreements');

  // The approved processor's row leads to its page, where legal drafts the agreement.
  await waiting.getByRole('link', { name: approved.name }).click();
  await expect(heading(page, approved.name)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Draft agreement' })).toBeVisible();
});

test('a processor with more sub-processors than one page shows its chain a page at a time', async ({
  page,
}) => {
  const legal = await preparedUser(['legal'], 'Lars Legal');
  const token = await apiLogin(legal.email, legal.password);
  const parent = await createProcessor(token, `Cloudwerk ${stamp} AG`);
  for (let n = 0; n < 51; n++) {
    await apiCall('POST', '/processors', token, {
      name: `Cloudwerk region ${String(n).padStart(2, '0')} ${stamp}`,
      country: 'DE',
      processingCountries: ['DE'],
      services: 'Hosting',
      contactEmail: 'privacy@cloudwerk.example',
      parentId: parent.id,
    });
  }

  await signIn(page, legal.email, legal.password);
  await expect(heading(page, 'Welcome, Lars Legal')).toBeVisible();
  await page.goto(`/processors/${parent.id}`);
  await expect(heading(page, parent.name)).toBeVisible();
  const chain = page.getByRole('list', { name: 'Sub-processor chain' });
  await expect(chain.getByRole('link', { name: `Cloudwerk region 00 ${stamp}` })).toBeVisible();
  await expect(chain.getByRole('link', { name: `Cloudwerk region 49 ${stamp}` })).toBeVisible();
  await expect(chain.getByRole('link', { name: `Cloudwerk region 50 ${stamp}` })).toHaveCount(0);
  await expect(page.getByText('51 entries')).toBeVisible();
  await checkPage(page, 'processor-long-chain');

  await page.getByRole('button', { name: 'Page 2', exact: true }).click();
  await expect(chain.getByRole('link', { name: `Cloudwerk region 50 ${stamp}` })).toBeVisible();
  await expect(chain.getByRole('link', { name: `Cloudwerk region 00 ${stamp}` })).toHaveCount(0);
});

test('a findings column with more than one page pages, and counts every overdue finding, not only those shown', async ({
  page,
}) => {
  const legal = await preparedUser(['legal'], 'Linus Legal');
  const token = await apiLogin(legal.email, legal.password);
  const processor = await createProcessor(token, `Findwell ${stamp} GmbH`);
  const check = await apiCall<{ id: string }>(
    'POST',
    `/processors/${processor.id}/monitoring-checks`,
    token,
    {
      type: 'audit',
      dueOn: isoDay(0),
    },
  );
  // 21 open findings: the 3 due earliest are past their dates; a page of a column holds 20.
  await apiCall('POST', `/monitoring-checks/${check.id}/result`, token, {
    result: 'failed',
    notes: 'Audit of the hosting contract: 21 gaps.',
    findings: Array.from({ length: 21 }, (_, n) => ({
      title: `Gap ${String(n).padStart(2, '0')} ${stamp}`,
      severity: 'medium',
      dueOn: n < 3 ? isoDay(-5 + n) : isoDay(30 + n),
    })),
  });

  await signIn(page, legal.email, legal.password);
  await nav(page).getByRole('link', { name: 'Findings' }).click();
  await expect(heading(page, 'Findings')).toBeVisible();
  await pick(page, 'Processor', `Findwell ${stamp}`, processor.name);
  const open = page.getByRole('region', { name: /^Open/ });
  await expect(open.getByRole('heading', { name: 'Open (21)' })).toBeVisible();
  await expect(open.getByText('3 overdue')).toBeVisible();
  await expect(open.getByText(`Gap 00 ${stamp}`)).toBeVisible();
  await expect(open.getByText(`Gap 19 ${stamp}`)).toBeVisible();
  await expect(open.getByText(`Gap 20 ${stamp}`)).toHaveCount(0);
  await checkPage(page, 'findings-paged');

  await open.getByRole('button', { name: 'Page 2', exact: true }).click();
  await expect(open.getByText(`Gap 20 ${stamp}`)).toBeVisible();
  await expect(open.getByText(`Gap 00 ${stamp}`)).toHaveCount(0);
  // The count is the column's, whatever page is shown.
  await expect(open.getByText('3 overdue')).toBeVisible();

  // The only finding of the last page moves on: the column goes back to the page before, not to nothing.
  await open.getByRole('button', { name: `Change the status of “Gap 20 ${stamp}”` }).click();
  const move = page.getByRole('dialog', { name: `“Gap 20 ${stamp}”` });
  await choose(page, 'New status', 'In progress', move);
  await move.getByRole('button', { name: 'Save' }).click();
  await expect(move).toBeHidden();
  await expect(open.getByRole('heading', { name: 'Open (20)' })).toBeVisible();
  await expect(open.getByText(`Gap 00 ${stamp}`)).toBeVisible();
  await expect(open.getByRole('button', { name: 'Page 2', exact: true })).toHaveCount(0);
  await expect(page.getByRole('region', { name: /^In progress/ }).getByText(`Gap 20 ${stamp}`)).toBeVisible();
});

test('a list still loading says so to screen readers and passes the accessibility check', async ({
  page,
}) => {
  const legal = await preparedUser(['legal'], 'Lina Legal');
  await signIn(page, legal.email, legal.password);
  await expect(heading(page, 'Welcome, Lina Legal')).toBeVisible();
  // The processors' list answers only when the test lets it: the page shows its loading state until then.
  let release: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/v1/processors?*', async (route) => {
    await answered;
    await route.continue();
  });
  await nav(page).getByRole('link', { name: 'Processors' }).click();
  // The dashboard's own panels may still be loading (some ask for processors too): wait for the page.
  await expect(heading(page, 'Processors')).toBeVisible();
  const loading = page
    .getByRole('main')
    .getByRole('status')
    .filter({ has: page.locator('.mantine-Loader-root') });
  await expect(loading).toBeVisible();
  await expectAccessible(page);
  await expect(loading).toHaveText('Loading…');
  release();
  await expect(loading).toHaveCount(0);
  await page.unroute('**/api/v1/processors?*');
});

test('the accessibility check itself finds a serious violation, and again after the page changed without a reload', async ({
  page,
}) => {
  await page.setContent(
    '<!doctype html><html lang="en"><head><title>Check</title></head><body><main><h1>Check</h1></main></body></html>',
  );
  await expectAccessible(page);
  // The same document (axe already loaded in it) with a button that has no accessible name.
  await page.evaluate(() => document.querySelector('main')!.append(document.createElement('button')));
  const failure = await expectAccessible(page).then(
    () => 'passed',
    (error: Error) => error.message,
  );
  expect(failure).toContain('button-name (critical)');
});
