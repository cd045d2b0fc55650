/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import {
  apiCall,
  apiLogin,
  checkPage,
  expectAccessible,
  heading,
  preparedUser,
  shoot,
  signIn,
  signOut,
} from './support/console';
import { createProcessor, isoDay } from './support/breaches';

// Legal records who a processor is and what vouches for it; procurement reads it.
test.describe.configure({ mode: 'serial' });

interface StoredProcessor {
  version: number;
  legalName: string | null;
  registrationNumber: string | null;
  vatId: string | null;
  website: string | null;
  privacyContact: { name?: string; email?: string; phone?: string } | null;
  dpoContact: { name?: string; email?: string; phone?: string } | null;
  certifications: {
    type: string;
    reference?: string;
    issuer?: string;
    validFrom?: string;
    validUntil: string;
  }[];
}

test('legal records a processor’s legal identity, contacts and certifications; a bad website changes nothing', async ({
  page,
}) => {
  const legal = await preparedUser(['legal'], 'Ilse Legal');
  const procurement = await preparedUser(['procurement'], 'Ivo Procurement');
  const legalToken = await apiLogin(legal.email, legal.password);
  const name = `Ledgerly ${Date.now()}`;
  const processor = await createProcessor(legalToken, name);
  const stored = () => apiCall<StoredProcessor>('GET', `/processors/${processor.id}`, legalToken);
  const before = await stored();

  await signIn(page, legal.email, legal.password);
  await expect(heading(page, 'Welcome, Ilse Legal')).toBeVisible();
  await page.goto(`/processors/${processor.id}`);
  await expect(heading(page, name)).toBeVisible();
  const card = page
    .getByRole('heading', { name: 'Identity and certifications', exact: true })
    .locator('xpath=../..');
  await expect(card).toContainText('No certifications recorded.');

  // A website without its scheme is refused by the server, shown by its field, and nothing is stored.
  await page.getByRole('button', { name: 'Edit identity and certifications' }).click();
  const dialog = page.getByRole('dialog', { name: `Identity and certifications of ${name}` });
  await dialog.getByLabel('Legal name').fill(`${name} GmbH`);
  await dialog.getByLabel('Website').fill('ledgerly.example');
  await dialog.getByRole('button', { name: 'Save identity and certifications' }).click();
  await expect(dialog.getByLabel('Website')).toHaveAccessibleDescription(/Must be a URL address/);
  expect((await stored()).version).toBe(before.version);
  expect((await stored()).legalName).toBeNull();

  await dialog.getByLabel('Website').fill('https://ledgerly.example');
  await dialog.getByLabel('Registration number').fill('HRB 998877');
  await dialog.getByLabel('VAT ID').fill('DE998877665');
  const privacy = dialog.getByRole('group', { name: 'Privacy contact' });
  await privacy.getByLabel('E-mail').fill('privacy@ledgerly.example');
  const dpo = dialog.getByRole('group', { name: 'Data protection officer' });
  await dpo.getByLabel('Name').fill('Dr. Hanna Vogt');
  await dpo.getByLabel('E-mail').fill('dpo@ledgerly.example');
  await dpo.getByLabel('Phone').fill('+49 30 1234567');

  await dialog.getByRole('button', { name: 'Add a certification' }).click();
  const first = dialog.getByRole('group', { name: 'New certification' });
  // The row is named by its certification once typed, so that field comes last.
  await first.getByLabel('Certificate number').fill('IS 712345');
  await first.getByLabel('Issued by').fill('BSI Group');
  await first.getByLabel('Valid until').fill(isoDay(30));
  await first.getByLabel('Certification').fill('ISO/IEC 27001:2022');
  await expect(dialog.getByRole('group', { name: 'ISO/IEC 27001:2022' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Add a certification' }).click();
  const second = dialog.getByRole('group', { name: 'New certification' });
  await second.getByLabel('Valid from').fill(isoDay(-400));
  await second.getByLabel('Valid until').fill(isoDay(-35));
  await second.getByLabel('Certification').fill('SOC 2 Type II');
  await expectAccessible(page);
  await shoot(page, 'identity-form');
  await dialog.getByRole('button', { name: 'Save identity and certifications' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Identity and certifications saved')).toBeVisible();

  const saved = await stored();
  expect(saved).toMatchObject({
    version: before.version + 1,
    legalName: `${name} GmbH`,
    registrationNumber: 'HRB 998877',
    vatId: 'DE998877665',
    website: 'https://ledgerly.example',
    privacyContact: { email: 'privacy@ledgerly.example' },
    dpoContact: { name: 'Dr. Hanna Vogt', email: 'dpo@ledgerly.example', phone: '+49 30 1234567' },
  });
  expect(saved.privacyContact).toEqual({ email: 'privacy@ledgerly.example' });
  expect(saved.certifications).toEqual([
    { type: 'ISO/IEC 27001:2022', reference: 'IS 712345', issuer: 'BSI Group', validUntil: isoDay(30) },
    { type: 'SOC 2 Type II', validFrom: isoDay(-400), validUntil: isoDay(-35) },
  ]);

  // The page shows what was stored, with how soon each certification ends.
  await expect(card).toContainText(`${name} GmbH`);
  await expect(card).toContainText('HRB 998877');
  await expect(card).toContainText('Dr. Hanna Vogt · dpo@ledgerly.example · +49 30 1234567');
  await expect(card).toContainText('ISO/IEC 27001:2022 (IS 712345), valid until');
  await expect(card).toContainText('Ends in 30 days');
  await expect(card).toContainText('SOC 2 Type II, valid until');
  await expect(card).toContainText('Expired');
  await checkPage(page, 'identity-page');

  // Clearing a field stores it as absent, not as an empty string.
  await page.getByRole('button', { name: 'Edit identity and certifications' }).click();
  await dialog.getByLabel('VAT ID').fill('');
  await dialog.getByRole('button', { name: 'Remove SOC 2 Type II' }).click();
  await dialog.getByRole('button', { name: 'Save identity and certifications' }).click();
  await expect(dialog).toBeHidden();
  const cleared = await stored();
  expect(cleared.vatId).toBeNull();
  expect(cleared.certifications.map((c) => c.type)).toEqual(['ISO/IEC 27001:2022']);
  await expect(card).not.toContainText('Expired');

  // Someone else saves a change while the form is open: nothing of this form is saved, the sentence says
  // so in plain words, the page shows the other change, and a second try goes through.
  await page.getByRole('button', { name: 'Edit identity and certifications' }).click();
  await dialog.getByLabel('Registration number').fill('HRB 111111');
  await apiCall('PATCH', `/processors/${processor.id}`, legalToken, {
    registrationNumber: 'HRB 222222',
    version: cleared.version,
  });
  await dialog.getByRole('button', { name: 'Save identity and certifications' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    /Someone else saved a change here while you were working on it, so nothing of yours was saved\. The page now shows their change: check it, then make your change again\./,
  );
  await expect(dialog).not.toContainText('version');
  await expect(card).toContainText('HRB 222222');
  expect((await stored()).registrationNumber).toBe('HRB 222222');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Save identity and certifications' }).click();
  await expect(dialog).toBeHidden();
  await expect(card).toContainText('HRB 111111');
  expect(await stored()).toMatchObject({ registrationNumber: 'HRB 111111', version: cleared.version + 2 });
  await signOut(page, 'Ilse Legal');

  // Procurement reads the identity but cannot change it.
  await signIn(page, procurement.email, procurement.password);
  await expect(heading(page, 'Welcome, Ivo Procurement')).toBeVisible();
  await page.goto(`/processors/${processor.id}`);
  await expect(heading(page, name)).toBeVisible();
  await expect(card).toContainText('ISO/IEC 27001:2022 (IS 712345)');
  await expect(page.getByRole('button', { name: 'Edit identity and certifications' })).toHaveCount(0);
  await expectAccessible(page);
});
