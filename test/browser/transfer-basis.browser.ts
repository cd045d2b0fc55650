/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import {
  apiCall,
  apiLogin,
  expectAccessible,
  heading,
  pick,
  preparedUser,
  signedAgreement,
  signIn,
} from './support/console';
import { approvedProcessor, isoDay } from './support/breaches';

// Legal unblocks a transfer to Canada, whose adequacy decision reaches only some recipients (PIPEDA).
test.describe.configure({ mode: 'serial' });

test('legal confirms a processor within Canada’s partial adequacy decision; the gate stops answering ADEQUACY_SCOPE_UNCONFIRMED', async ({
  page,
}) => {
  const legal = await preparedUser(['legal'], 'Petra Legal');
  const dpo = await preparedUser(['dpo'], 'Pavel Dpo');
  const procurement = await preparedUser(['procurement'], 'Priya Procurement');
  const legalToken = await apiLogin(legal.email, legal.password);
  const name = `Maple Hosting ${Date.now()} Inc`;
  const processor = await approvedProcessor(legalToken, await apiLogin(dpo.email, dpo.password), name);
  // In force today, processing in Canada with no transfer tool: only the adequacy decision could carry it.
  await signedAgreement(
    legalToken,
    processor.id,
    `DPA with Canadian hosting ${Date.now()}`,
    {
      subjectMatter: 'Hosting of the customer newsletter',
      nature: 'Storage and dispatch of e-mails',
      dataCategories: ['user.contact'],
      dataSubjectCategories: ['customer'],
    },
    { processingCountries: ['DE', 'CA'] },
  );

  const procurementToken = await apiLogin(procurement.email, procurement.password);
  const gate = () =>
    apiCall<{ eligible: boolean; reasons: { code: string }[] }>(
      'POST',
      '/transfer-checks',
      procurementToken,
      {
        processorId: processor.id,
        dataCategories: ['user.contact.email'],
        purpose: 'marketing.communications.email',
        destinationCountry: 'CA',
      },
    );
  const refused = await gate();
  expect(refused.reasons.map((r) => r.code)).toEqual(['ADEQUACY_SCOPE_UNCONFIRMED']);

  await signIn(page, legal.email, legal.password);
  await expect(heading(page, 'Welcome, Petra Legal')).toBeVisible();
  await page.goto(`/processors/${processor.id}`);
  await expect(heading(page, name)).toBeVisible();
  await page.getByRole('button', { name: 'Transfer basis' }).click();
  const dialog = page.getByRole('dialog', { name: `Transfer basis of ${name}` });
  await expect(
    dialog.getByRole('checkbox', { name: 'Certified under the EU-US Data Privacy Framework' }),
  ).not.toBeChecked();
  await expect(dialog).toContainText('No confirmation recorded.');

  await dialog.getByRole('button', { name: 'Add a confirmation' }).click();
  await pick(page, 'Country', 'Can', 'Canada (CA)', dialog);
  await expect(dialog.getByLabel('Confirmed on')).toHaveValue(isoDay());
  await dialog
    .getByLabel('Why the processor is within the decision')
    .fill('Commercial organisation subject to PIPEDA for the hosted data (contract § 9.2)');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Save transfer basis' }).click();
  await expect(dialog).toBeHidden();

  const saved = await apiCall<{ adequacyScopeConfirmations: { destination: string; basis: string }[] }>(
    'GET',
    `/processors/${processor.id}`,
    legalToken,
  );
  expect(saved.adequacyScopeConfirmations).toMatchObject([
    {
      destination: 'CA',
      confirmedOn: isoDay(),
      basis: 'Commercial organisation subject to PIPEDA for the hosted data (contract § 9.2)',
    },
  ]);
  const allowed = await gate();
  expect({ eligible: allowed.eligible, codes: allowed.reasons.map((r) => r.code) }).toEqual({
    eligible: true,
    codes: [],
  });
});
