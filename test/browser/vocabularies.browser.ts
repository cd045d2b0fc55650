import { expect, test, type Page } from '@playwright/test';
import {
  apiCall,
  apiLogin,
  baseUrl,
  checkPage,
  expectAccessible,
  heading,
  nav,
  pick,
  preparedUser,
  shoot,
  signIn,
  signOut,
} from './support/console';

// The DPO adds the organisation's own data category beneath a fideslang key, and the activity form
// offers it at once; an auditor reads the own terms and is offered no way to add one.
test.describe.configure({ mode: 'serial' });

interface TermView {
  key: string;
  name: string;
  description?: string;
  parent: string | null;
  custom: boolean;
}

type Person = { email: string; name: string; password: string };
let dpo: Person;
let auditor: Person;
const stamp = Date.now();
const PART = `loyalty_card_${stamp}`;
const KEY = `user.contact.${PART}`;
const NAME = `Loyalty card number ${stamp}`;
const DESCRIPTION = 'The number printed on the customer loyalty card.';

/** The organisation's own data categories, as the API stores them. */
async function ownCategories(token: string): Promise<TermView[]> {
  const list = await apiCall<{ items: TermView[] }>('GET', '/vocabularies/data-categories', token);
  return list.items.filter((term) => term.custom);
}

async function openVocabularies(page: Page) {
  await nav(page).getByRole('link', { name: 'Records' }).click();
  await expect(heading(page, 'Records of processing')).toBeVisible();
  await page.getByRole('tab', { name: 'Vocabularies' }).click();
  await expect(page.getByRole('tab', { name: 'Vocabularies' })).toHaveAttribute('aria-selected', 'true');
}

test.beforeAll(async () => {
  dpo = await preparedUser(['dpo'], 'Vida Dpo');
  auditor = await preparedUser(['auditor'], 'Aurel Auditor');
});

test('a DPO adds an own data category beneath user.contact; a key against the rule is refused; the activity form offers the new one', async ({
  page,
}) => {
  const token = await apiLogin(dpo.email, dpo.password);
  const before = await ownCategories(token);

  await signIn(page, dpo.email, dpo.password);
  await expect(heading(page, 'Welcome, Vida Dpo')).toBeVisible();

  // The activity form reads the data categories once, before the own term exists (the console keeps them).
  await nav(page).getByRole('link', { name: 'Records' }).click();
  await page.getByRole('link', { name: 'New processing activity' }).click();
  await expect(heading(page, 'New processing activity')).toBeVisible();
  const categories = page
    .getByRole('textbox', { name: 'Data categories' })
    .or(page.getByRole('combobox', { name: 'Data categories' }))
    .first();
  await categories.click();
  await categories.fill('user.contact');
  await expect(page.getByRole('option', { name: /— user\.contact$/ })).toBeVisible();
  await expect(page.getByRole('option', { name: new RegExp(PART) })).toHaveCount(0);
  await categories.press('Escape');

  // The tab explains what own terms are for, and that the shipped ones are fideslang's and fixed.
  await openVocabularies(page);
  const tab = page.getByRole('tabpanel', { name: 'Vocabularies' });
  await expect(tab).toContainText('The terms Custos ships come from fideslang');
  await expect(tab).toContainText('cannot be changed');
  const section = page.getByRole('region', { name: 'Data categories' });
  await expect(section).toContainText(/\d+ data categories from fideslang \(as of .+\), \d+ of your own\./);
  const subjects = page.getByRole('region', { name: 'Data subjects' });
  await expect(subjects).toContainText('Your organisation has not added a data subject of its own.');
  await expect(subjects).toContainText('Own data subjects are for groups of people fideslang does not name');
  await expect(subjects.getByRole('button', { name: 'Add a data subject' })).toBeVisible();
  if (before.length === 0)
    await expect(section).toContainText('Your organisation has not added a data category of its own.');
  await checkPage(page, 'vocabularies-empty');

  // A last part with capitals: the API names the key, the dialog shows it by that field, nothing is stored.
  await section.getByRole('button', { name: 'Add a data category' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a data category' });
  await expect(dialog).toBeVisible();
  await expectAccessible(page);
  // Beneath health data the term would be a special category itself: the dialog says so.
  await pick(page, 'Beneath the existing term', 'user.health', /^Health Data — user\.health$/, dialog);
  await expect(dialog).toContainText(
    'Health Data is a special category of personal data (Art. 9 GDPR): so is your term',
  );
  await pick(page, 'Beneath the existing term', 'user.contact', /^Contact Data — user\.contact$/, dialog);
  await expect(dialog).not.toContainText('special category of personal data');
  const part = dialog.getByRole('textbox', { name: 'Last part of the key' });
  await part.fill('Loyalty_Card');
  await expect(part).toHaveAccessibleDescription(/Full key: user\.contact\.Loyalty_Card/);
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(NAME);
  await dialog.getByRole('button', { name: 'Add term' }).click();
  await expect(part).toHaveAttribute('aria-invalid', 'true');
  await expect(part).toHaveAccessibleDescription(
    /The key user\.contact\.Loyalty_Card is refused: it must be a dotted lower-case key beneath an existing key\./,
  );
  await expect(part).toBeFocused();
  await expect(dialog.getByRole('textbox', { name: 'Name', exact: true })).not.toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await expectAccessible(page);
  await shoot(page, 'vocabularies-key-refused');
  expect(await ownCategories(token)).toEqual(before);

  // The key as the rule wants it: added, listed, and stored beneath user.contact.
  await part.fill(PART);
  await expect(part).toHaveAccessibleDescription(new RegExp(`Full key: ${KEY.replace(/\./g, '\\.')}`));
  await dialog.getByRole('textbox', { name: 'Description' }).fill(DESCRIPTION);
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Add term' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByRole('alert').filter({ hasText: `${KEY} is added: every data category list now offers it.` }),
  ).toBeVisible();
  const row = section.getByRole('row', { name: new RegExp(PART) });
  await expect(row.getByRole('cell').nth(0)).toHaveText(KEY);
  await expect(row.getByRole('cell').nth(1)).toHaveText(NAME);
  await expect(row.getByRole('cell').nth(2)).toHaveText(DESCRIPTION);
  await expect(row.getByRole('cell').nth(3)).toHaveText('Contact Data user.contact');
  await expect(section).not.toContainText('has not added a data category');
  await checkPage(page, 'vocabularies');
  const after = await ownCategories(token);
  expect(after).toHaveLength(before.length + 1);
  expect(after).toContainEqual({
    key: KEY,
    name: NAME,
    description: DESCRIPTION,
    parent: 'user.contact',
    custom: true,
  });

  // The same key again: the conflict is said at the key, and nothing more is stored.
  await section.getByRole('button', { name: 'Add a data category' }).click();
  await pick(page, 'Beneath the existing term', 'user.contact', /^Contact Data — user\.contact$/, dialog);
  await part.fill(PART);
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Loyalty card again');
  await dialog.getByRole('button', { name: 'Add term' }).click();
  await expect(part).toHaveAttribute('aria-invalid', 'true');
  await expect(part).toHaveAccessibleDescription(
    new RegExp(`The key ${KEY.replace(/\./g, '\\.')} already exists in this vocabulary`),
  );
  await expectAccessible(page);
  await shoot(page, 'vocabularies-key-exists');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(await ownCategories(token)).toHaveLength(before.length + 1);

  // Elsewhere in the console, without reloading: the activity form's data category picker offers it.
  await page.getByRole('tab', { name: 'Record of processing' }).click();
  await page.getByRole('link', { name: 'New processing activity' }).click();
  await expect(heading(page, 'New processing activity')).toBeVisible();
  await pick(page, 'Data categories', PART, `${NAME} — ${KEY}`);
  // Picked: the field shows it as a pill.
  await expect(page.locator('.mantine-Pill-label').filter({ hasText: NAME })).toHaveText(`${NAME} — ${KEY}`);
  await expectAccessible(page);
  await signOut(page, 'Vida Dpo');
});

test('an auditor reads the own terms and is offered no way to add one', async ({ page }) => {
  await signIn(page, auditor.email, auditor.password);
  await expect(heading(page, 'Welcome, Aurel Auditor')).toBeVisible();
  await openVocabularies(page);
  const tab = page.getByRole('tabpanel', { name: 'Vocabularies' });
  await expect(tab).toContainText("Your organisation's own terms, added beneath them by legal and the DPO");
  const section = page.getByRole('region', { name: 'Data categories' });
  const row = section.getByRole('row', { name: new RegExp(PART) });
  await expect(row.getByRole('cell').nth(0)).toHaveText(KEY);
  await expect(row.getByRole('cell').nth(1)).toHaveText(NAME);
  await expect(page.getByRole('region', { name: 'Data subjects' })).toContainText(
    'Legal and the DPO can add one.',
  );
  await expect(page.getByRole('button', { name: /^Add a / })).toHaveCount(0);
  await checkPage(page, 'vocabularies-auditor');

  // The API refuses the auditor too: the console only hides what the server would not allow.
  const token = await apiLogin(auditor.email, auditor.password);
  const refused = await fetch(`${baseUrl()}/api/v1/vocabularies/data-categories/terms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ key: `user.contact.auditor_${stamp}`, name: 'Not allowed' }),
  });
  expect(refused.status).toBe(403);
  await signOut(page, 'Aurel Auditor');
});
