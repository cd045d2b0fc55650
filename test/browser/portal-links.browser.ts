import { expect, test } from '@playwright/test';
import {
  apiCall,
  apiLogin,
  expectAccessible,
  heading,
  mailsTo,
  preparedUser,
  signIn,
} from './support/console';

// Legal sends a processor's contact a portal link from the console, and revokes it there.
test.describe.configure({ mode: 'serial' });

const LINK = /http:\/\/[^\s/]+\/portal#[A-Za-z0-9_-]{43}/;

test('legal e-mails a portal link for a draft assessment, the contact opens it, legal revokes it', async ({
  page,
  browser,
}) => {
  const stamp = Date.now();
  const legal = await preparedUser(['legal'], 'Paula Portal');
  const token = await apiLogin(legal.email, legal.password);
  const contactEmail = `privacy.${stamp}@linkwise.example`;
  const processor = await apiCall<{ id: string; name: string }>('POST', '/processors', token, {
    name: `Linkwise ${stamp} GmbH`,
    country: 'DE',
    processingCountries: ['DE'],
    services: 'Hosting of the customer portal',
    contactEmail,
  });
  await apiCall('POST', `/processors/${processor.id}/assessments`, token, {});

  await signIn(page, legal.email, legal.password);
  await expect(heading(page, 'Welcome, Paula Portal')).toBeVisible();
  await page.goto(`/processors/${processor.id}`);
  await expect(heading(page, processor.name)).toBeVisible();
  await page.getByRole('tab', { name: 'Portal links' }).click();
  await page.getByRole('button', { name: 'Send a portal link' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send a portal link' });
  // The processor's contact e-mail is the address offered; the draft assessment is the one chosen.
  await expect(dialog.getByLabel('Contact e-mail')).toHaveValue(contactEmail);
  await dialog.getByLabel('Contact name').fill('Jana Novak');
  await dialog.getByRole('checkbox', { name: 'Answer an assessment questionnaire' }).check();
  await expect(dialog.getByRole('combobox', { name: 'Assessment to answer' })).toHaveValue(/Draft/);
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Send link' }).click();
  await expect(page.getByText(`Link sent to ${contactEmail}`)).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: contactEmail });
  await expect(row).toContainText('Answer an assessment questionnaire');
  await expect(row).toContainText('Active');

  const [mail] = await mailsTo(contactEmail);
  expect(mail.to).toEqual([contactEmail]);
  const link = LINK.exec(mail.text)?.[0];
  expect(link, mail.text).toBeTruthy();

  const contactContext = await browser.newContext();
  const contact = await contactContext.newPage();
  await contact.goto(link!);
  await expect(contact.getByRole('heading', { level: 2, name: 'Questionnaire', exact: true })).toBeVisible();

  page.once('dialog', (d) => void d.accept());
  await row.getByRole('button', { name: `Revoke the link sent to ${contactEmail}` }).click();
  await expect(row).toContainText('Revoked');
  await expect(row.getByRole('button', { name: /Revoke/ })).toHaveCount(0);

  // A new document: the portal reads the token from the address only when it loads.
  await contact.goto('about:blank');
  await contact.goto(link!);
  await expect(
    heading(contact, 'This link is not valid any more; ask the person who sent it for a new one.'),
  ).toBeVisible();
  await contactContext.close();
});
