/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import {
  apiCall,
  apiLogin,
  expectAccessible,
  heading,
  preparedUser,
  shoot,
  signedAgreement,
  signIn,
  signOut,
} from './support/console';
import { approvedProcessor, isoDay } from './support/breaches';

// Legal documents an instruction given to a processor (Art. 28(3)(a)); procurement reads the log.
test.describe.configure({ mode: 'serial' });

interface InstructionPage {
  items: {
    givenOn: string;
    givenBy: string;
    instruction: string;
    channel: string | null;
    documentReference: string | null;
  }[];
  total: number;
}

test('legal logs an instruction to the processor on a signed agreement; procurement reads the log', async ({
  page,
}) => {
  const legal = await preparedUser(['legal'], 'Ines Legal');
  const dpo = await preparedUser(['dpo'], 'Ivo Dpo');
  const procurement = await preparedUser(['procurement'], 'Ira Procurement');
  const legalToken = await apiLogin(legal.email, legal.password);
  const processor = await approvedProcessor(
    legalToken,
    await apiLogin(dpo.email, dpo.password),
    `Mailwell ${Date.now()} GmbH`,
  );
  const title = `Newsletter DPA ${Date.now()}`;
  const agreement = await signedAgreement(legalToken, processor.id, title, {
    subjectMatter: 'Dispatch of the customer newsletter',
    nature: 'Storage and dispatch of e-mails',
    dataCategories: ['user.contact'],
    dataSubjectCategories: ['customer'],
  });
  const stored = () =>
    apiCall<InstructionPage>('GET', `/agreements/${agreement.id}/instructions`, legalToken);

  await signIn(page, legal.email, legal.password);
  await expect(heading(page, 'Welcome, Ines Legal')).toBeVisible();
  await page.goto(`/agreements/${agreement.id}`);
  await expect(heading(page, title)).toBeVisible();
  const section = page.getByRole('region', { name: 'Instructions to the processor' });
  await expect(section).toContainText('No instruction has been logged for this agreement yet.');
  await expect(section).toContainText(
    "only on the organisation's documented instructions (Art. 28(3)(a) GDPR)",
  );
  await expectAccessible(page);

  // The instruction left empty: the API names the field, the dialog shows it there, nothing is stored.
  await section.getByRole('button', { name: 'Log an instruction' }).click();
  const dialog = page.getByRole('dialog', { name: 'Log an instruction to the processor' });
  await expect(dialog.getByLabel('Given on')).toHaveValue(isoDay());
  await dialog.getByLabel('Given by').fill('Dr. Maria Schmidt, General Counsel');
  await dialog.getByRole('button', { name: 'Log instruction' }).click();
  const text = dialog.getByRole('textbox', { name: 'Instruction', exact: true });
  await expect(text).toHaveAttribute('aria-invalid', 'true');
  await expect(text).toHaveAccessibleDescription(/^Should not be empty/);
  await expect(dialog.getByLabel('Given by')).not.toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  expect((await stored()).total).toBe(0);

  const given = {
    givenOn: isoDay(-3),
    givenBy: 'Dr. Maria Schmidt, General Counsel',
    instruction: 'Delete the newsletter recipients who unsubscribed within 30 days of their unsubscribing.',
    channel: 'E-mail to the account manager',
    documentReference: 'Annex 2, instruction no. 4',
  };
  await dialog.getByLabel('Given on').fill(given.givenOn);
  await text.fill(given.instruction);
  await dialog.getByLabel('Channel').fill(given.channel);
  await dialog.getByLabel('Document reference').fill(given.documentReference);
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Log instruction' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('alert').filter({ hasText: 'Instruction logged.' })).toBeVisible();

  const row = section.getByRole('row', { name: /Delete the newsletter recipients/ });
  await expect(row).toContainText(given.givenBy);
  await expect(row).toContainText(given.instruction);
  await expect(row).toContainText(given.channel);
  await expect(row).toContainText(given.documentReference);
  await expect(row).toContainText(
    new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${given.givenOn}T00:00:00Z`),
    ),
  );
  await expect(section).not.toContainText('No instruction has been logged');
  await expect(section).toContainText('1 entry');
  await expectAccessible(page);
  await shoot(page, 'agreement-instructions');

  const log = await stored();
  expect(log.total).toBe(1);
  expect(log.items).toEqual([expect.objectContaining(given)]);

  // Procurement may read the log, and is offered no way to add to it.
  await signOut(page, 'Ines Legal');
  await signIn(page, procurement.email, procurement.password);
  await expect(heading(page, 'Welcome, Ira Procurement')).toBeVisible();
  await page.goto(`/agreements/${agreement.id}`);
  await expect(heading(page, title)).toBeVisible();
  const readOnly = page.getByRole('region', { name: 'Instructions to the processor' });
  await expect(readOnly.getByRole('row', { name: /Delete the newsletter recipients/ })).toContainText(
    given.givenBy,
  );
  await expect(page.getByRole('button', { name: 'Log an instruction' })).toHaveCount(0);
  await expectAccessible(page);
});
