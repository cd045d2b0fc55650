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

// Legal unblocks a transfer the gate refuses for want of a transfer impact assessment.
test.describe.configure({ mode: 'serial' });

test('legal records a positive TIA for a US transfer on SCCs; the gate stops answering TIA_MISSING', async ({
  page,
}) => {
  const legal = await preparedUser(['legal'], 'Tilda Legal');
  const dpo = await preparedUser(['dpo'], 'Tomas Dpo');
  const procurement = await preparedUser(['procurement'], 'Tariq Procurement');
  const legalToken = await apiLogin(legal.email, legal.password);
  const processor = await approvedProcessor(
    legalToken,
    await apiLogin(dpo.email, dpo.password),
    `Cloudly ${Date.now()} Inc`,
  );
  // In force today, with SCC Module 2 for the United States; the processor is not DPF-certified, so the
  // partial US adequacy decision does not reach it and the SCCs need a TIA.
  const title = `DPA with SCCs ${Date.now()}`;
  const agreement = await signedAgreement(
    legalToken,
    processor.id,
    title,
    {
      subjectMatter: 'Hosting of the customer newsletter',
      nature: 'Storage and dispatch of e-mails',
      dataCategories: ['user.contact'],
      dataSubjectCategories: ['customer'],
    },
    {
      processingCountries: ['DE', 'US'],
      transferMechanisms: [{ country: 'US', mechanism: 'scc_2021_914_module_2', reference: 'Annex III' }],
    },
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
        destinationCountry: 'US',
      },
    );
  const refused = await gate();
  expect(refused.reasons.map((r) => r.code)).toEqual(['TIA_MISSING']);

  await signIn(page, legal.email, legal.password);
  await expect(heading(page, 'Welcome, Tilda Legal')).toBeVisible();
  await page.goto(`/agreements/${agreement.id}`);
  await expect(heading(page, title)).toBeVisible();
  const section = page.getByRole('region', { name: 'Transfer impact assessments' });
  await expect(section).toContainText('No transfer impact assessment recorded.');

  await section.getByRole('button', { name: 'Record a TIA' }).click();
  const dialog = page.getByRole('dialog', { name: 'Record a transfer impact assessment' });
  await pick(page, 'Destination', 'United', 'United States of America (US)', dialog);
  await expect(dialog.getByLabel('Assessed on')).toHaveValue(isoDay());
  await dialog.getByLabel('Assessed by').fill('Tomas Dpo with outside counsel');
  await dialog
    .getByLabel('Laws and practices considered')
    .fill('FISA s. 702 and EO 12333 as limited by EO 14086; redress before the Data Protection Review Court');
  await dialog.getByRole('radio', { name: 'Transfers may proceed', exact: true }).check();
  await dialog.getByLabel('Review on').fill(isoDay(365));
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Save assessment' }).click();
  await expect(dialog).toBeHidden();

  const row = section.getByRole('row', { name: /United States of America \(US\)/ });
  await expect(row).toContainText('Transfers may proceed');
  await expect(row).toContainText('Allows transfers');
  await expect(row).toContainText('Tomas Dpo with outside counsel');

  const allowed = await gate();
  expect({ eligible: allowed.eligible, codes: allowed.reasons.map((r) => r.code) }).toEqual({
    eligible: true,
    codes: [],
  });
});
