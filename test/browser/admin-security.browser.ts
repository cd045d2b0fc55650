/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { apiCall, apiLogin, checkPage, heading, nav, preparedUser, signIn, signOut } from './support/console';
import { ADMIN } from './support/people';

// An admin sets who must use two-step sign-in, and corrects a user's name.
test.describe.configure({ mode: 'serial' });

interface Organization {
  mfaRequiredRoles: string[];
}

test('an admin requires two-step sign-in for auditors, and the next auditor to sign in must set it up first', async ({
  page,
}) => {
  const adminToken = await apiLogin(ADMIN.email, ADMIN.password);
  const before = await apiCall<Organization>('GET', '/organization', adminToken);
  const auditor = await preparedUser(['auditor'], 'Aino Auditor');
  try {
    await signIn(page, ADMIN.email, ADMIN.password);
    await expect(heading(page, 'Welcome, Ada Admin')).toBeVisible();
    await nav(page).getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('tab', { name: 'Sign-in security' }).click();
    const auditors = page.getByRole('checkbox', { name: 'Auditor' });
    await expect(auditors).not.toBeChecked();
    await expect(page.getByText('Also require it for:')).toBeVisible();
    await auditors.check();
    await checkPage(page, 'admin-security');
    await page.getByRole('button', { name: 'Save sign-in security' }).click();
    await expect(page.getByText('Sign-in security saved')).toBeVisible();

    const saved = await apiCall<Organization>('GET', '/organization', adminToken);
    expect([...saved.mfaRequiredRoles].sort()).toEqual([...before.mfaRequiredRoles, 'auditor'].sort());
    const trail = await apiCall<{ items: { action: string; before: object; after: object }[] }>(
      'GET',
      '/audit-events?entityType=organization&pageSize=1',
      adminToken,
    );
    expect(trail.items[0]).toMatchObject({
      action: 'organization.security_updated',
      after: { mfaRequiredRoles: expect.arrayContaining(['auditor']) },
    });
    await signOut(page, 'Ada Admin');

    await signIn(page, auditor.email, auditor.password);
    await expect(heading(page, 'Set up two-step verification')).toBeVisible();
    await checkPage(page, 'auditor-must-enrol');
  } finally {
    await apiCall('PATCH', '/organization/security', adminToken, {
      mfaRequiredRoles: before.mfaRequiredRoles,
    });
  }
});

test('an admin corrects a user’s name; roles stay as they were', async ({ page }) => {
  const adminToken = await apiLogin(ADMIN.email, ADMIN.password);
  const user = await preparedUser(['legal', 'dpo'], 'Jon Smiht');
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(heading(page, 'Welcome, Ada Admin')).toBeVisible();
  await nav(page).getByRole('link', { name: 'Administration' }).click();
  const users = await apiCall<{ items: { id: string; email: string }[]; total: number }>(
    'GET',
    '/users?pageSize=100',
    adminToken,
  );
  const id = users.items.find((u) => u.email === user.email)?.id;
  expect(id).toBeDefined();

  // The user list pages; the new user is on some page, so the test reaches it by its menu's name.
  const menu = page.getByRole('button', { name: 'Actions for Jon Smiht' });
  await expect(page.getByRole('button', { name: /^Actions for / }).first()).toBeVisible();
  while (!(await menu.isVisible())) await page.getByRole('button', { name: /next page/i }).click();
  await menu.click();
  await page.getByRole('menuitem', { name: 'Change name and roles' }).click();
  const dialog = page.getByRole('dialog', { name: 'Name and roles of Jon Smiht' });
  await dialog.getByLabel('Name').fill('');
  await dialog.getByRole('button', { name: 'Save name and roles' }).click();
  await expect(dialog.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByLabel('Name').fill('Jon Smith');
  await expect(dialog.getByRole('checkbox', { name: 'Legal' })).toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'DPO' })).toBeChecked();
  await checkPage(page, 'admin-user-name');
  await dialog.getByRole('button', { name: 'Save name and roles' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Jon Smith saved')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Jon Smith', exact: true })).toBeVisible();

  const stored = await apiCall<{ name: string; roles: string[] }>('GET', `/users/${id}`, adminToken);
  expect({ name: stored.name, roles: [...stored.roles].sort() }).toEqual({
    name: 'Jon Smith',
    roles: ['dpo', 'legal'],
  });
});
