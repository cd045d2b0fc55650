/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  apiCall,
  apiLogin,
  checkPage,
  expectAccessible,
  shoot,
  heading,
  nav,
  preparedUser,
  signIn,
} from './support/console';
import { createProcessor } from './support/breaches';
import { choose } from './support/records';

// Legal publishes a questionnaire of the organisation's own from a downloaded one, and assesses with it.
test.describe.configure({ mode: 'serial' });

interface Definition {
  key: string;
  name: string;
  areas: { key: string; name: string }[];
  questions: { id: string; area: string; text: string }[];
}

test('legal downloads the shipped questionnaire, publishes an own version of it, and starts an assessment with it', async ({
  page,
}) => {
  const legal = await preparedUser(['legal'], 'Quinn Legal');
  const token = await apiLogin(legal.email, legal.password);
  const processor = await createProcessor(token, `Questly ${Date.now()} GmbH`);
  const key = `cloud-${Date.now()}`;

  await signIn(page, legal.email, legal.password);
  await expect(heading(page, 'Welcome, Quinn Legal')).toBeVisible();
  await nav(page).getByRole('link', { name: 'Assessments' }).click();
  const section = page.getByRole('region', { name: 'Questionnaires' });
  const shipped = section.getByRole('row', { name: /Shipped with Custos/ });
  await expect(shipped).toHaveCount(1);
  const shippedName = (await shipped.getByRole('cell').first().textContent())!.trim();

  // The shipped questionnaire, read in a dialog and downloaded as a file to start from.
  await shipped.getByRole('button', { name: `View the questions of ${shippedName}` }).click();
  const view = page.getByRole('dialog', { name: new RegExp(`^${shippedName}, version`) });
  await expect(view.getByRole('listitem').first()).toBeVisible();
  await expectAccessible(page);
  await page.keyboard.press('Escape');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    shipped.getByRole('button', { name: `Download ${shippedName} as a file` }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('our-questionnaire.json');
  const definition = JSON.parse(readFileSync(await download.path(), 'utf8')) as Definition;
  const shippedQuestions = Number(await shipped.getByRole('cell').nth(2).textContent());
  expect(definition).toMatchObject({ key: 'our-questionnaire', name: `Our version of ${shippedName}` });
  expect(definition.questions).toHaveLength(shippedQuestions);

  // A file that is not JSON, and one whose question lost its text: refused, saying where.
  await expect(section.getByRole('button', { name: 'Questionnaire file (.json)' })).toBeVisible();
  const file = section.locator('input[type="file"]');
  await file.setInputFiles({
    name: 'notes.json',
    mimeType: 'application/json',
    buffer: Buffer.from('not json'),
  });
  await section.getByRole('button', { name: 'Publish' }).click();
  await expect(section.getByRole('alert')).toContainText('could not be read as JSON');
  const broken = {
    ...definition,
    key,
    questions: [{ ...definition.questions[0], text: '' }, ...definition.questions.slice(1)],
  };
  await file.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(broken)),
  });
  await section.getByRole('button', { name: 'Publish' }).click();
  await expect(section.getByRole('alert')).toContainText('questions[0].text');
  await expectAccessible(page);
  const before = await apiCall<{ items: { key: string }[] }>('GET', '/assessment-templates', token);
  expect(before.items.filter((t) => t.key === key)).toHaveLength(0);

  // The edited file publishes as version 1 of the organisation's own questionnaire.
  const own = {
    ...definition,
    key,
    name: `Cloud vendors ${key}`,
    questions: definition.questions.map((q, n) =>
      n === 0 ? { ...q, text: 'Which cloud regions hold our data, and who can move it?' } : q,
    ),
  };
  await file.setInputFiles({
    name: `${key}.json`,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(own)),
  });
  await section.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText(`Cloud vendors ${key} published as version 1`)).toBeVisible();
  const row = section.getByRole('row', { name: new RegExp(`Cloud vendors ${key}`) });
  await expect(row).toContainText('Your organisation');
  await checkPage(page, 'questionnaires');

  // Starting an assessment now asks which questionnaire; the own one is chosen. The list of
  // questionnaires arrives late (a busy server): the button waits for it, rather than start with the
  // shipped questionnaire unasked.
  const templatesList = /\/api\/v1\/assessment-templates(\?.*)?$/;
  await page.route(templatesList, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.continue();
  });
  await page.goto(`/processors/${processor.id}`);
  await expect(heading(page, processor.name)).toBeVisible();
  // The button while the list is still on its way, for a person to look at.
  await shoot(page, 'processor-start-waiting');
  await page.getByRole('button', { name: 'Start assessment' }).click();
  const choose = page.getByRole('dialog', { name: `Assess ${processor.name}` });
  await choose.getByRole('radio', { name: `Cloud vendors ${key} (version 1)` }).check();
  await page.unroute(templatesList);
  await expectAccessible(page);
  await shoot(page, 'processor-start-choice');
  await choose.getByRole('button', { name: 'Start assessment' }).click();
  await expect(page).toHaveURL(/\/assessments\/[0-9a-f-]{36}$/);
  const assessment = await apiCall<{
    template: { key: string; version: number };
    questions: { text: string }[];
  }>('GET', `/assessments/${page.url().split('/').pop()}`, token);
  expect(assessment.template).toMatchObject({ key, version: 1 });
  expect(assessment.questions.map((q) => q.text)).toContain(
    'Which cloud regions hold our data, and who can move it?',
  );
});

test('legal edits a copy of the shipped questionnaire in the console, question by question, and publishes it twice', async ({
  page,
}) => {
  const legal = await preparedUser(['legal'], 'Quentin Legal');
  const token = await apiLogin(legal.email, legal.password);
  const key = `edited-${Date.now()}`;
  const name = `Hosting vendors ${key}`;

  await signIn(page, legal.email, legal.password);
  await nav(page).getByRole('link', { name: 'Assessments' }).click();
  const section = page.getByRole('region', { name: 'Questionnaires' });
  const shipped = section.getByRole('row', { name: /Shipped with Custos/ });
  const shippedName = (await shipped.getByRole('cell').first().textContent())!.trim();
  const shippedQuestions = Number(await shipped.getByRole('cell').nth(2).textContent());
  const templates = await apiCall<{ items: { id: string; builtIn: boolean }[] }>(
    'GET',
    '/assessment-templates',
    token,
  );
  const shippedTemplate = await apiCall<{ questions: { id: string }[] }>(
    'GET',
    `/assessment-templates/${templates.items.find((t) => t.builtIn)!.id}`,
    token,
  );
  const question = (id: string) => new RegExp(`^${id.replace(/[.]/g, '\\.')} `);

  await shipped.getByRole('button', { name: `Edit a copy of ${shippedName}` }).click();
  const editor = page.getByRole('dialog', { name: `Your own questionnaire, starting from ${shippedName}` });
  await editor.getByLabel(/^Key/).fill(key);
  await editor.getByLabel(/^Name/).fill(name);

  // The first question, reworded and made critical.
  const first = editor.getByRole('button', { name: question(shippedTemplate.questions[0].id) });
  await first.click();
  await editor
    .getByLabel(/^Question( \*)?$/)
    .fill('Who at your company can read our data, and how is that access approved?');
  await editor.getByRole('checkbox', { name: /^Critical/ }).check();
  await first.click();

  // A new question about backups: a number of days, at least 30, asked only of hosting services.
  await editor.getByRole('button', { name: 'Add a question' }).click();
  const added = editor.getByRole('region').last();
  await choose(page, 'Answer', 'A number', added);
  await choose(page, 'What a good answer is', 'At least', added);
  await added.getByLabel('Value').fill('30');
  await added.getByLabel('Unit').fill('days');
  await choose(page, 'Ask this question', "Only when the processor's services mention a word", added);
  await added.getByLabel('Word in the services').fill('hosting');
  // Without its text, the server refuses the whole questionnaire and the question is marked.
  await editor.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(editor.getByRole('alert')).toContainText(`questions[${shippedQuestions}].text`);
  await expect(editor.getByText('needs a change')).toBeVisible();
  await expectAccessible(page);
  await added.getByLabel(/^Question( \*)?$/).fill('How many days are backups kept before they are deleted?');
  await checkPage(page, 'questionnaire-editor');
  await editor.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByText(`${name} published as version 1`)).toBeVisible();
  await expect(editor).toBeHidden();

  const list = await apiCall<{ items: { id: string; key: string; version: number }[] }>(
    'GET',
    '/assessment-templates',
    token,
  );
  const v1 = list.items.find((t) => t.key === key && t.version === 1)!;
  const published = await apiCall<{
    questions: {
      id: string;
      text: string;
      critical: boolean;
      answerType: string;
      expected?: object;
      unit?: string;
      showIf?: object;
    }[];
  }>('GET', `/assessment-templates/${v1.id}`, token);
  expect(published.questions).toHaveLength(shippedQuestions + 1);
  expect(published.questions[0]).toMatchObject({
    text: 'Who at your company can read our data, and how is that access approved?',
    critical: true,
  });
  expect(published.questions.at(-1)).toMatchObject({
    text: 'How many days are backups kept before they are deleted?',
    answerType: 'number',
    expected: { min: 30 },
    unit: 'days',
    showIf: { service: 'hosting' },
  });

  // The own questionnaire keeps its key: editing it again publishes version 2.
  const row = section.getByRole('row', { name: new RegExp(name) });
  await row.getByRole('button', { name: `Edit ${name}` }).click();
  const again = page.getByRole('dialog', { name: `${name}: the next version after version 1` });
  await expect(again.getByLabel(/^Key/)).toHaveAttribute('readonly', '');
  await again.getByRole('button', { name: /^Q-\d+ How many days/ }).click();
  await again.getByRole('button', { name: /^Remove question/ }).click();
  await again.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByText(`${name} published as version 2`)).toBeVisible();
  await expect(row).toContainText('2 (2 versions)');
  await expect(row.getByRole('cell').nth(2)).toHaveText(String(shippedQuestions));
});
