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
import { approvedProcessor, createProcessor } from './support/breaches';
import { choose } from './support/records';

// What the API requires or offers and the console used to leave out: the reasons of an objection to a
// sub-processor, the ground of an Art. 49 derogation, and an agreement's renewal, controller's
// obligations and clause (h) met by audit reports only.
test.describe.configure({ mode: 'serial' });

const stamp = Date.now();

interface ProcessorView {
  authorizationStatus: string | null;
  authorizationNote: string | null;
}

test('legal objects to a sub-processor in its objection window, giving the reasons', async ({ page }) => {
  const legal = await preparedUser(['legal'], 'Olga Legal');
  const token = await apiLogin(legal.email, legal.password);
  // A general authorisation in force: a new sub-processor opens a 30-day objection window.
  const parent = await createProcessor(token, `Objectly ${stamp} GmbH`);
  await signedAgreement(token, parent.id, `DPA Objectly ${stamp}`, {
    subjectMatter: 'Payroll processing',
    nature: 'Storage and computation',
    dataCategories: ['user.contact'],
    dataSubjectCategories: ['employee'],
  });
  const sub = await apiCall<{ id: string; name: string }>('POST', '/processors', token, {
    name: `Trackly ${stamp} Ltd`,
    country: 'DE',
    processingCountries: ['DE'],
    services: 'Usage analytics',
    contactEmail: 'privacy@trackly.example',
    parentId: parent.id,
  });
  await expect
    .poll(
      async () => (await apiCall<ProcessorView>('GET', `/processors/${sub.id}`, token)).authorizationStatus,
      { timeout: 30_000 },
    )
    .toBe('objection_window');

  await signIn(page, legal.email, legal.password);
  await expect(heading(page, 'Welcome, Olga Legal')).toBeVisible();
  await page.goto(`/processors/${sub.id}`);
  await expect(heading(page, sub.name)).toBeVisible();
  await expect(page.getByText('Objection window open')).toBeVisible();
  await page.getByRole('button', { name: 'Object to sub-processor' }).click();
  const dialog = page.getByRole('dialog', { name: `Object to ${sub.name}` });
  const reason = dialog.getByRole('textbox', { name: 'Reason for the objection' });
  // Without reasons the API refuses, and the refusal sits by the field.
  await dialog.getByRole('button', { name: 'Object', exact: true }).click();
  await expect(reason).toHaveAccessibleDescription(/required to object/);
  const reasons = 'Analytics of our customers is not part of the service we ordered.';
  await reason.fill(reasons);
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Object', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Object to sub-processor' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Authorise sub-processor' })).toHaveCount(0);
  // The badge changed (a toast may say "Objected" too, so the old badge's absence is what shows it).
  await expect(page.getByText('Objection window open')).toHaveCount(0);
  await expect(page.getByText('Objected', { exact: true }).first()).toBeVisible();

  const saved = await apiCall<ProcessorView>('GET', `/processors/${sub.id}`, token);
  expect({ status: saved.authorizationStatus, note: saved.authorizationNote }).toEqual({
    status: 'objected',
    note: reasons,
  });
});

test('legal drafts an agreement whose US transfer relies on an Art. 49 derogation, naming its ground', async ({
  page,
}) => {
  const legal = await preparedUser(['legal'], 'Dana Legal');
  const token = await apiLogin(legal.email, legal.password);
  const processor = await apiCall<{ id: string; name: string }>('POST', '/processors', token, {
    name: `Conferly ${stamp} Inc.`,
    country: 'US',
    processingCountries: ['US'],
    services: 'Registration for a one-off conference',
    contactEmail: 'privacy@conferly.example',
    intendedDataCategories: ['user.contact.email'],
  });

  await signIn(page, legal.email, legal.password);
  await expect(heading(page, 'Welcome, Dana Legal')).toBeVisible();
  await page.goto(`/agreements?draftFor=${processor.id}`);
  await expect(heading(page, `Draft agreement with ${processor.name}`)).toBeVisible();
  await page.getByLabel('Nature of the processing').fill('Storage of the registrations');
  await page.getByLabel('Duration').fill('Until the end of the conference');
  await pick(page, 'Purposes', 'marketing.communications.email', /— marketing\.communications\.email$/);
  await page.keyboard.press('Escape');
  await pick(page, 'Data subjects', 'customer', /— customer$/);
  await page.keyboard.press('Escape');
  await choose(page, 'Transfer mechanism for US', 'Art. 49 derogation');
  // A derogation without its ground is refused, by the field.
  await page.getByRole('button', { name: 'Save draft' }).click();
  const ground = page.getByRole('combobox', { name: 'Derogation ground for US' });
  await expect(ground).toHaveAccessibleDescription(/names its ground/);
  await choose(page, 'Derogation ground for US', 'Explicit consent (Art. 49(1)(a))');
  const documentation = 'Consent form v3, signed by each participant at registration';
  await page.getByRole('textbox', { name: 'Documentation of the derogation for US' }).fill(documentation);
  await expect(page.getByRole('checkbox', { name: /impact assessment/i })).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(heading(page, `Data processing agreement with ${processor.name}`)).toBeVisible();

  const agreement = await apiCall<{ transferMechanisms: Record<string, unknown>[] }>(
    'GET',
    `/agreements/${page.url().split('/').pop()}`,
    token,
  );
  expect(agreement.transferMechanisms).toEqual([
    expect.objectContaining({
      country: 'US',
      mechanism: 'art49_derogation',
      derogationGround: 'a',
      derogationDocumentation: documentation,
      tiaCompleted: null,
    }),
  ]);
});

test('legal drafts a renewal that replaces the signed agreement, with the controller’s obligations and (h) met only by audit reports', async ({
  page,
}) => {
  const legal = await preparedUser(['legal'], 'Rita Legal');
  const dpo = await preparedUser(['dpo'], 'Rolf Dpo');
  const token = await apiLogin(legal.email, legal.password);
  const name = `Renewly ${stamp} GmbH`;
  const processor = await approvedProcessor(token, await apiLogin(dpo.email, dpo.password), name);
  const current = await signedAgreement(token, processor.id, `DPA with Renewly ${stamp} (2025)`, {
    subjectMatter: 'Newsletter hosting',
    nature: 'Storage and dispatch of e-mails',
    dataCategories: ['user.contact'],
    dataSubjectCategories: ['customer'],
  });

  await signIn(page, legal.email, legal.password);
  await expect(heading(page, 'Welcome, Rita Legal')).toBeVisible();
  await page.goto(`/agreements?draftFor=${processor.id}`);
  await expect(heading(page, `Draft agreement with ${name}`)).toBeVisible();
  await page.getByRole('textbox', { name: /^Title/ }).fill(`DPA with Renewly ${stamp} (2027)`);
  await choose(page, 'Replaces', current.title);
  await page.getByLabel('Nature of the processing').fill('Storage and dispatch of e-mails');
  await page.getByLabel('Duration').fill('For the term of the main contract');
  const obligations =
    'Instructions in writing (§ 3), audits on 30 days’ notice (§ 9), ownership of the data (§ 2.4)';
  await page.getByLabel('Your obligations and rights as controller').fill(obligations);
  await pick(page, 'Data categories', 'user.contact.email', /— user\.contact\.email$/);
  await page.keyboard.press('Escape');
  await pick(page, 'Purposes', 'marketing.communications.email', /— marketing\.communications\.email$/);
  await page.keyboard.press('Escape');
  await pick(page, 'Data subjects', 'customer', /— customer$/);
  await page.keyboard.press('Escape');
  await page.getByRole('checkbox', { name: 'Covered: (h) Information and audits' }).check();
  await page.getByRole('textbox', { name: 'Where in the agreement: (h) Information and audits' }).fill('§ 9');
  await page.getByRole('checkbox', { name: 'Only audit reports are offered' }).check();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(heading(page, `DPA with Renewly ${stamp} (2027)`)).toBeVisible();

  const id = page.url().split('/').pop();
  const draft = await apiCall<{
    supersedesId: string | null;
    scope: { controllerObligations?: string };
    clauses: Record<string, { covered: boolean; reference: string | null; auditReportsOnly?: boolean }>;
    missingClauses: string[];
  }>('GET', `/agreements/${id}`, token);
  expect(draft.supersedesId).toBe(current.id);
  expect(draft.scope.controllerObligations).toBe(obligations);
  expect(draft.clauses.A28_3_H).toEqual({ covered: true, reference: '§ 9', auditReportsOnly: true });
  expect(draft.missingClauses).toContain('A28_3_H');

  const scope = page.getByRole('region', { name: 'Scope' });
  await expect(scope).toContainText(obligations);
  await expect(scope.getByRole('link', { name: 'Open that agreement' })).toHaveAttribute(
    'href',
    `/agreements/${current.id}`,
  );
  await expect(page.getByText('only audit reports are offered, which does not meet (h)')).toBeVisible();
  await expectAccessible(page);
});
