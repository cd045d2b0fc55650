/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import {
  apiCall,
  apiLogin,
  checkPage,
  expectAccessible,
  heading,
  preparedUser,
  signIn,
} from './support/console';
import { createProcessor, isoDay } from './support/breaches';

// Legal records the contract that passes the DPA's obligations on to a sub-processor (Art. 28(4)).
test.describe.configure({ mode: 'serial' });

const CLAUSES: [string, string][] = [
  ['A28_3_A', '(a) Documented instructions'],
  ['A28_3_B', '(b) Confidentiality'],
  ['A28_3_C', '(c) Security of processing (Art. 32)'],
  ['A28_3_D', '(d) Conditions for sub-processors'],
  ['A28_3_E', '(e) Assistance with data-subject requests'],
  ['A28_3_F', '(f) Assistance with Arts. 32–36'],
  ['A28_3_G', '(g) Deletion or return at the end'],
  ['A28_3_H', '(h) Information and audits'],
  ['A28_3_H2', 'Notice of infringing instructions'],
];

interface FlowDownView {
  flowDownContract: {
    signedOn: string;
    document: string;
    clauses: Record<string, { covered: boolean; reference?: string | null }>;
    missingClauses: string[];
  } | null;
}

test('legal records a sub-processor’s flow-down contract; the clause it lacks is named on the page', async ({
  page,
}) => {
  const legal = await preparedUser(['legal'], 'Fiona Legal');
  const token = await apiLogin(legal.email, legal.password);
  const parent = await createProcessor(token, `Cloudly ${Date.now()} GmbH`);
  const sub = await apiCall<{ id: string; name: string }>('POST', '/processors', token, {
    name: `Bucketly ${Date.now()} AB`,
    country: 'SE',
    processingCountries: ['SE'],
    services: 'Object storage for Cloudly',
    contactEmail: 'privacy@bucketly.example',
    parentId: parent.id,
  });

  await signIn(page, legal.email, legal.password);
  await expect(heading(page, 'Welcome, Fiona Legal')).toBeVisible();
  // The processor itself has no such contract to record; only its sub-processor has.
  await page.goto(`/processors/${parent.id}`);
  await expect(heading(page, parent.name)).toBeVisible();
  await expect(page.getByRole('region', { name: /Art\. 28\(4\)/ })).toHaveCount(0);

  await page.goto(`/processors/${sub.id}`);
  await expect(heading(page, sub.name)).toBeVisible();
  const section = page.getByRole('region', { name: `Contract with ${parent.name} (Art. 28(4))` });
  await expect(section).toContainText(
    `No contract between this sub-processor and ${parent.name} is recorded.`,
  );
  await section.getByRole('button', { name: 'Record the contract' }).click();
  const dialog = page.getByRole('dialog', { name: `Contract between ${parent.name} and ${sub.name}` });

  // A contract signed tomorrow is refused by its field, and nothing is recorded.
  await dialog.getByLabel('Signed on').fill(isoDay(1));
  const documentText = 'Sub-processing agreement Cloudly / Bucketly of 10 January 2026, on file with legal';
  await dialog.getByLabel('The contract').fill(documentText);
  await dialog.getByRole('button', { name: 'Save the contract' }).click();
  await expect(dialog.getByLabel('Signed on')).toHaveAccessibleDescription(/Must not be in the future/);
  expect((await apiCall<FlowDownView>('GET', `/processors/${sub.id}`, token)).flowDownContract).toBeNull();

  await dialog.getByLabel('Signed on').fill(isoDay(-3));
  for (const [id, name] of CLAUSES) {
    if (id === 'A28_3_G') continue;
    await dialog.getByRole('checkbox', { name: `Covered: ${name}` }).check();
    await dialog.getByRole('textbox', { name: `Where in the agreement: ${name}` }).fill(`§ ${id.slice(6)}`);
  }
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Save the contract' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Contract recorded')).toBeVisible();

  const stored = (await apiCall<FlowDownView>('GET', `/processors/${sub.id}`, token)).flowDownContract;
  expect(stored).toMatchObject({ signedOn: isoDay(-3), document: documentText, missingClauses: ['A28_3_G'] });
  expect(stored?.clauses.A28_3_A).toEqual({ covered: true, reference: '§ A' });
  expect(stored?.clauses.A28_3_G).toMatchObject({ covered: false });

  await expect(section).toContainText(documentText);
  await expect(section).toContainText('Clauses that do not flow down as they must:');
  await expect(section).toContainText('(g) Deletion or return at the end: not covered by the agreement');
  await expect(section.getByRole('button', { name: 'Replace the contract' })).toBeVisible();
  await checkPage(page, 'flow-down');
});
