/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { apiCall, apiLogin, checkPage, heading, mailsTo, nav, preparedUser, signIn } from './support/console';

// The DPO signs the audit chain's head before an audit; the checkpoint is listed, e-mailed and verified.
test.describe.configure({ mode: 'serial' });

interface Checkpoint {
  id: string;
  seq: number;
  headHash: string;
  trigger: string;
  createdBy: string | null;
}

test('a DPO signs a checkpoint of the audit chain now; it is listed, e-mailed to the DPOs and the chain verifies', async ({
  page,
}) => {
  const dpo = await preparedUser(['dpo'], 'Cleo Dpo');
  const token = await apiLogin(dpo.email, dpo.password);
  const before = await apiCall<{ total: number }>('GET', '/audit-events/checkpoints', token);

  await signIn(page, dpo.email, dpo.password);
  await expect(heading(page, 'Welcome, Cleo Dpo')).toBeVisible();
  await nav(page).getByRole('link', { name: 'Audit trail' }).click();
  const section = page.getByRole('region', { name: 'Signed checkpoints' });
  await expect(section).toContainText('e-mailed to the DPOs');
  await section.getByRole('button', { name: 'Sign a checkpoint now' }).click();
  await expect(page.getByText(/^Checkpoint signed at event/)).toBeVisible();

  const after = await apiCall<{ total: number; items: Checkpoint[] }>(
    'GET',
    '/audit-events/checkpoints',
    token,
  );
  expect(after.total).toBe(before.total + 1);
  const signed = after.items[0];
  expect(signed).toMatchObject({ trigger: 'manual', createdBy: expect.any(String) });
  await expect(
    page.getByText(`Checkpoint signed at event ${signed.seq.toLocaleString('en-GB')}`),
  ).toBeVisible();
  const row = section.getByRole('row', {
    name: new RegExp(`Signed by hand ${signed.seq.toLocaleString('en-GB')}`),
  });
  await expect(row).toContainText(signed.headHash.slice(0, 16));

  const mail = (await mailsTo(dpo.email)).find((m) => m.text.includes(signed.headHash));
  expect(mail, 'the checkpoint e-mail with the signed hash').toBeDefined();
  expect(mail!.to).toContain(dpo.email);

  await page.getByRole('button', { name: 'Verify the chain' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The chain is intact' })).toBeVisible();
  await checkPage(page, 'audit-checkpoints');
});
