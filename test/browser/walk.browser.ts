/// <reference lib="dom" />
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  apiCall,
  apiLogin,
  baseUrl,
  checkPage,
  heading,
  nav,
  preparedUser,
  signIn,
  signOut,
} from './support/console';
import { ADMIN } from './support/people';

// The administration and oversight journeys; they run after the others, so the trail and the pages hold
// what those left behind.
test.describe.configure({ mode: 'serial' });

/** The gate as a program calls it: a plain HTTP call with the key, no browser. */
const withKey = (key: string | undefined) =>
  fetch(`${baseUrl()}/api/v1/transfer-checks?pageSize=1`, { headers: key ? { 'x-api-key': key } : {} });

test('4. an admin creates an API key, a program uses it, the admin revokes it; the access review downloads as CSV', async ({
  page,
}) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(heading(page, 'Welcome, Ada Admin')).toBeVisible();
  await nav(page).getByRole('link', { name: 'Administration' }).click();
  await expect(heading(page, 'Administration')).toBeVisible();
  await page.getByRole('tab', { name: 'API keys' }).click();
  await page.getByRole('button', { name: 'New API key' }).click();
  const dialog = page.getByRole('dialog', { name: 'New API key' });
  await dialog.getByLabel('Name').fill('Procurement system');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await expect(dialog.getByText(/at least one|roles/i).first()).toBeVisible();
  await dialog.getByRole('checkbox', { name: 'Procurement' }).check();
  await dialog.getByRole('button', { name: 'Create key' }).click();
  const shown = dialog.getByTestId('new-api-key');
  await expect(shown).toBeVisible();
  await checkPage(page, 'admin-api-key-shown-once');
  const key = (await shown.textContent())?.trim();
  expect(key).toMatch(/\S{20,}/);

  expect((await withKey(undefined)).status).toBe(401);
  const used = await withKey(key);
  expect({ status: used.status, body: (await used.json()) as object }).toEqual({
    status: 200,
    body: expect.objectContaining({ items: expect.any(Array), total: expect.any(Number) }),
  });

  await dialog.getByRole('button', { name: 'I have stored it' }).click();
  const row = page.getByRole('row', { name: /Procurement system/ });
  await page.reload();
  await page.getByRole('tab', { name: 'API keys' }).click();
  await expect(row).toBeVisible();
  // The program's call shows as the key's last use.
  await expect(row.getByRole('cell', { name: 'Never' })).toHaveCount(0);
  await checkPage(page, 'admin-api-keys');
  page.once('dialog', (d) => void d.accept());
  await row.getByRole('button', { name: 'Revoke Procurement system' }).click();
  await expect(row.getByText('Revoked')).toBeVisible();
  expect((await withKey(key)).status).toBe(401);

  await page.getByRole('tab', { name: 'Access review' }).click();
  await expect(page.getByRole('cell', { name: /ada\.admin@acme\.example/ })).toBeVisible();
  await checkPage(page, 'admin-access-review');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^access-review-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.split(/\r?\n/)[0]).toMatch(/email/i);
  expect(csv).toContain('ada.admin@acme.example');
  await signOut(page, 'Ada Admin');
});

test('a DPO searches the audit trail, reads an event as a diff and verifies the chain', async ({ page }) => {
  const dpo = await preparedUser(['dpo'], 'Dana Dpo');
  await signIn(page, dpo.email, dpo.password);
  await nav(page).getByRole('link', { name: 'Audit trail' }).click();
  await expect(heading(page, 'Audit trail')).toBeVisible();
  await page.getByLabel('Action').fill('api_key.*');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('cell', { name: 'api_key.revoked', exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'user.created', exact: true })).toHaveCount(0);
  await page.getByLabel('Actor').fill('ada.admin');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('cell', { name: 'api_key.created', exact: true })).toBeVisible();
  await checkPage(page, 'audit-search');
  await page.getByRole('button', { name: /^Details of api_key\.revoked/ }).click();
  const details = page.getByRole('dialog', { name: 'api_key.revoked' });
  await expect(details.getByRole('columnheader', { name: 'Before' })).toBeVisible();
  await expect(details.getByRole('cell', { name: 'revokedAt' })).toBeVisible();
  await checkPage(page, 'audit-event-diff');
  await details.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Verify the chain' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The chain is intact' })).toBeVisible();
  await checkPage(page, 'audit-verified');
  await signOut(page, 'Dana Dpo');
});

/**
 * Buttons an auditor may press: they read, filter, page, export what the auditor may export, or open
 * and close. Any other enabled button on a page would change something.
 */
const READING = [
  /^User menu for /,
  /^(Switch to )?(dark|light) (mode|colour scheme)/i,
  /^Toggle/i,
  /^(Search|Clear|Check filters|Filter|Apply)$/,
  /^Verify the chain$/,
  /^Details/,
  /^Download/,
  /\((XLSX|PDF|CSV|JSON)\)$/,
  /\.(pdf|png|jpe?g|docx?|xlsx|csv|txt|zip)$/i,
  /^Export$/,
  /^(Next|Previous) page$/,
  /^Page \d+$/,
  /^Close$/,
  /^(Show|Hide|Browse)/,
  /^Open /,
  /^Copy/,
  /^Compare/,
  /^View/,
  /^Versions of /,
];

async function writingControls(page: Page): Promise<string[]> {
  const names = await page
    .locator(
      'main button:visible:not([disabled]):not([aria-disabled="true"]), main input[type=file]:not([disabled])',
    )
    .evaluateAll((els) =>
      els.map(
        (el) =>
          el.getAttribute('aria-label') ??
          (el as HTMLElement).innerText?.trim() ??
          el.getAttribute('name') ??
          el.tagName,
      ),
    );
  const tabs = await page
    .locator('main [role=tab]')
    .evaluateAll((els) => els.map((el) => (el as HTMLElement).innerText?.trim()));
  return names.filter((name) => !tabs.includes(name) && !READING.some((re) => re.test(name)));
}

test('5. an auditor walks every page and finds no enabled control that writes', async ({ page }) => {
  const auditor = await preparedUser(['auditor'], 'Aude Auditor');
  const token = await apiLogin(auditor.email, auditor.password);
  const list = async (path: string) => {
    const body = await apiCall<{ items: { id: string }[] } | { id: string }[]>('GET', path, token);
    return Array.isArray(body) ? body : body.items;
  };
  const first = async (path: string) => (await list(`${path}?pageSize=1`))[0]?.id;
  /** The first processor's first record of a kind kept per processor (assessments, agreements). */
  const firstOfProcessors = async (kind: string) => {
    for (const processor of await list('/processors?pageSize=50')) {
      const [item] = await list(`/processors/${processor.id}/${kind}`);
      if (item) return item.id;
    }
    return undefined;
  };
  const details = [
    ['processors', await first('/processors')],
    ['assessments', await firstOfProcessors('assessments')],
    ['agreements', await firstOfProcessors('agreements')],
    ['transfer-checks', await first('/transfer-checks')],
    ['records/activities', await first('/processing-activities')],
    ['breaches', await first('/incidents')],
    ['offboarding', await first('/offboardings')],
  ].filter((entry): entry is [string, string] => entry[1] !== undefined);

  await signIn(page, auditor.email, auditor.password);
  await expect(heading(page, 'Welcome, Aude Auditor')).toBeVisible();
  const areas = await nav(page)
    .getByRole('link')
    .evaluateAll((links) =>
      links.map((a) => ({ name: a.textContent?.trim() ?? '', href: a.getAttribute('href') ?? '' })),
    );
  expect(areas.map((a) => a.name)).toEqual([
    'Dashboard',
    'Processors',
    'Assessments',
    'Agreements',
    'Transfer checks',
    'Records',
    'Monitoring',
    'Findings',
    'Breaches',
    'Offboarding',
    'Audit trail',
    'Administration',
  ]);
  const visited: string[] = [];
  const walk = async (path: string, shot: string) => {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    for (const tab of await page.locator('main [role=tablist]').first().getByRole('tab').all()) {
      await tab.click();
      await page.waitForLoadState('networkidle');
      expect(await writingControls(page), `${path}, tab ${await tab.textContent()}`).toEqual([]);
    }
    expect(await writingControls(page), path).toEqual([]);
    await checkPage(page, `auditor-${shot}`);
    visited.push(path);
  };
  for (const area of areas) await walk(area.href, area.href === '/' ? 'dashboard' : area.href.slice(1));
  for (const [base, id] of details) await walk(`/${base}/${id}`, `${base.replace('/', '-')}-detail`);
  expect(visited.length).toBeGreaterThanOrEqual(12);
  await signOut(page, 'Aude Auditor');
});
