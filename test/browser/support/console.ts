import { source as axeSource, type AxeResults } from 'axe-core';
import { expect, type Locator, type Page } from '@playwright/test';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'otplib';
import { MANDATORY_CLAUSES } from '../../../src/clauses/clauses';
import { ADMIN } from './people';

export const SHOTS = process.env.CUSTOS_SHOTS_DIR ?? '/tmp/console-shots';

export function baseUrl(): string {
  return `http://127.0.0.1:${process.env.CUSTOS_BROWSER_PORT}`;
}

/** The API as a program uses it (bearer tokens), for preparing people a journey starts with. */
export async function apiCall<T = unknown>(
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${baseUrl()}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** The e-mails the server sent to `address` (global setup keeps them), waiting until one arrives. */
export async function mailsTo(address: string, timeoutMs = 20_000): Promise<Mail[]> {
  const dir = process.env.CUSTOS_BROWSER_MAIL_DIR;
  if (!dir) throw new Error('No CUSTOS_BROWSER_MAIL_DIR: the browser global setup keeps the e-mails');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = readdirSync(dir)
      .sort()
      .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Mail)
      .filter((mail) => mail.to.includes(address));
    if (mails.length) return mails;
    if (Date.now() > deadline) throw new Error(`No e-mail to ${address} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function apiLogin(email: string, password: string): Promise<string> {
  const tokens = await apiCall<{ accessToken: string }>('POST', '/auth/login', undefined, {
    email,
    password,
  });
  return tokens.accessToken;
}

let counter = 0;
/** A user the admin created and who has already set their own password (journeys 2–4 start there). */
export async function preparedUser(roles: string[], name: string) {
  const admin = await apiLogin(ADMIN.email, ADMIN.password);
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}${counter++}@acme.example`;
  const first = `First-${Math.random().toString(36).slice(2)}-Pw9`;
  await apiCall('POST', '/users', admin, { email, name, roles, password: first });
  const restricted = await apiLogin(email, first);
  const password = `Own-${Math.random().toString(36).slice(2)}-Pw7x`;
  await apiCall('POST', '/auth/password', restricted, { currentPassword: first, newPassword: password });
  return { email, name, password };
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signOut(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `User menu for ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
}

/** A TOTP code of the next time step: the server accepts it (30 s tolerance) and it cannot be a replay. */
export async function nextTotp(secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
}

export async function currentTotp(secret: string): Promise<string> {
  return generate({ secret });
}

/** The page's title (its one level-1 heading). */
export const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

/** The console's main navigation. */
export const nav = (page: Page) => page.getByRole('navigation', { name: 'Main navigation' });

/**
 * No serious or critical accessibility violation on what the page shows now: every axe-core rule (WCAG
 * 2.x A and AA, and best practices), run in the page. axe is loaded once per document (the console
 * changes pages without reloading), and only violations are collected, which is what costs the time.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<AxeResults> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(', ')}`);
  expect(bad, `accessibility violations on ${page.url()}`).toEqual([]);
}

/**
 * Screenshots of the page at 1280 × 800 and at 390 px wide, for a person to look at; not in CI, where
 * nobody would (CUSTOS_SHOTS=1 takes them there too).
 */
export async function shoot(page: Page, name: string): Promise<void> {
  if (process.env.CI && !process.env.CUSTOS_SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}-1280.png`, fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: false });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** What every page a journey visits must pass: axe, and a screenshot in both widths. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await expectAccessible(page);
  await shoot(page, name);
}

/**
 * Picks an option of a Mantine select or multi-select by typing and clicking it, then leaves the field
 * (a multi-select keeps its list open after a pick, over the fields below it).
 */
export async function pick(
  page: Page,
  label: string | RegExp,
  search: string,
  option: string | RegExp,
  within: Page | Locator = page,
): Promise<void> {
  const input = within
    .getByRole('textbox', { name: label })
    .or(within.getByRole('combobox', { name: label }))
    .first();
  // A typeahead's options are replaced when the server's answer for the typed text arrives; an option
  // caught in that swap is typed for and clicked again rather than waited on for the whole timeout.
  await expect(async () => {
    await input.click();
    await input.fill(search);
    await page.getByRole('option', { name: option }).first().click({ timeout: 4_000 });
  }).toPass({ timeout: 20_000 });
  await input.blur();
}

/** A question of an assessment as `GET /assessments/:id` (and the portal) gives it. */
export interface QuestionView {
  id: string;
  area: string;
  answerType: string;
  options?: string[];
  critical: boolean;
  expected?: { equals?: string | number | boolean; min?: number; max?: number; oneOf?: string[] };
  showIf?: { questionId: string; equals: unknown } | { service: string };
}

export interface AssessmentView {
  areas: { key: string; name: string }[];
  questions: QuestionView[];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Answers every question the questionnaire shows, area by area, as expected (a reason for each critical
 * question, `textAnswer` for text); answers the questions their conditions show as they appear. Answers
 * how many questions were shown.
 */
export async function answerEveryQuestion(
  page: Page,
  assessment: AssessmentView,
  textAnswer: string,
): Promise<number> {
  // The answers given, to know which conditional questions they show (the default template has no
  // condition on the service).
  const given = new Map<string, unknown>();
  const shown = (q: QuestionView) =>
    !q.showIf || ('questionId' in q.showIf && given.get(q.showIf.questionId) === q.showIf.equals);
  for (const area of assessment.areas) {
    await page.getByRole('tab', { name: new RegExp(`^${escapeRegExp(area.name)}`) }).click();
    for (const q of assessment.questions.filter((x) => x.area === area.key)) {
      if (!shown(q)) continue;
      const name = new RegExp(`^${q.id}\\b`);
      const e = q.expected ?? {};
      if (q.critical) {
        await page
          .getByRole('textbox', { name: `Why no evidence is attached for ${q.id}` })
          .fill('The ISO/IEC 27001 certificate attached below covers it.');
      }
      if (q.answerType === 'boolean') {
        const yes = e.equals === undefined ? true : e.equals === true;
        given.set(q.id, yes);
        await page
          .getByRole('radiogroup', { name })
          .getByRole('radio', { name: yes ? 'Yes' : 'No' })
          .check();
      } else if (q.answerType === 'number') {
        await page.getByRole('textbox', { name }).fill(String(e.min ?? e.max ?? e.equals ?? 1));
        given.set(q.id, e.min ?? e.max ?? e.equals ?? 1);
      } else if (q.answerType === 'choice') {
        await page.getByRole('combobox', { name }).click();
        const option = String(e.oneOf?.[0] ?? e.equals ?? q.options![0]);
        await page.getByRole('option', { name: option, exact: true }).click();
        given.set(q.id, option);
      } else if (q.answerType === 'date') {
        await page.getByLabel(name).fill('2026-01-15');
      } else {
        await page.getByRole('textbox', { name }).fill(textAnswer);
      }
    }
  }
  return assessment.questions.filter(shown).length;
}

/** Drops a file on the evidence drop zone, as a person dragging it from their desktop. */
export async function dropEvidence(page: Page, name: string, type: string, content: Buffer): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, type, bytes }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], name, { type }));
      return dt;
    },
    { name, type, bytes: [...content] },
  );
  await page.getByRole('group', { name: 'Drop evidence files' }).dispatchEvent('drop', { dataTransfer });
}

/** Waits until the worker has scored a submitted assessment (it is then in review). */
export async function scoredAssessment(assessmentId: string, token: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (
    (await apiCall<{ status: string }>('GET', `/assessments/${assessmentId}`, token)).status !== 'in_review'
  ) {
    if (Date.now() > deadline) throw new Error('The assessment was not scored');
    await new Promise((r) => setTimeout(r, 300));
  }
}

export interface ScopeInput {
  subjectMatter: string;
  nature: string;
  dataCategories: string[];
  dataSubjectCategories: string[];
}

/**
 * A DPA with every Art. 28(3) clause, effective today, recorded and signed by both parties through the
 * API as legal would: what a journey about something else starts from.
 */
export async function signedAgreement(
  legalToken: string,
  processorId: string,
  title: string,
  scope: ScopeInput,
  /** Where the processor processes (Germany when not given) and the transfer tool of each third country. */
  transfers: {
    processingCountries?: string[];
    transferMechanisms?: { country: string; mechanism: string; reference?: string }[];
  } = {},
): Promise<{ id: string; title: string }> {
  const agreement = await apiCall<{ id: string; title: string }>(
    'POST',
    `/processors/${processorId}/agreements`,
    legalToken,
    {
      title,
      effectiveFrom: new Date().toISOString().slice(0, 10),
      scope: {
        ...scope,
        duration: 'For the term of the main contract',
        purposes: ['marketing'],
        processingCountries: transfers.processingCountries ?? ['DE'],
      },
      clauses: Object.fromEntries(
        MANDATORY_CLAUSES.map((id, n) => [id, { covered: true, reference: `§ ${n + 1}` }]),
      ),
      subProcessorAuthorization: { type: 'general', objectionPeriodDays: 30 },
      ...(transfers.transferMechanisms ? { transferMechanisms: transfers.transferMechanisms } : {}),
    },
  );
  for (const party of ['controller', 'processor'])
    await apiCall('POST', `/agreements/${agreement.id}/signatures`, legalToken, {
      party,
      signerName: party === 'controller' ? 'Dr. Maria Schmidt' : 'Jon Vendorsen',
      signerTitle: party === 'controller' ? 'General Counsel' : 'Managing Director',
      signedAt: new Date().toISOString(),
    });
  return agreement;
}
