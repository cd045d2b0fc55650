/// <reference lib="dom" />
import { expect, test, type Page } from '@playwright/test';
import {
  apiCall,
  apiLogin,
  checkPage,
  expectAccessible,
  heading,
  nav,
  pick,
  preparedUser,
  signIn,
  signOut,
} from './support/console';
import { createProcessor, resetServerClock } from './support/breaches';

// A breach's facts corrected after it was recorded (Art. 33(4)): when the controller became aware moves
// the 72-hour deadline; data categories and data subjects added; what the API refuses changes nothing.
test.describe.configure({ mode: 'serial' });

const HOUR = 3_600_000;

interface IncidentView {
  id: string;
  title: string;
  processorReference: string | null;
  awareAt: string;
  reportedAt: string;
  notificationDeadline: string;
  dataCategories: string[];
  dataSubjectCategories: string[];
  version: number;
}

/** An instant as the page's datetime-local field takes it (the browser runs in UTC), to the second. */
const field = (ms: number) => new Date(ms).toISOString().slice(0, 19);

/** A time as the console prints it: the browser's own locale and format. */
const shown = (page: Page, iso: string) =>
  page.evaluate(
    (value) =>
      new Intl.DateTimeFormat(navigator.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(value),
      ),
    iso,
  );

test.beforeAll(async () => {
  await resetServerClock();
});

test('the DPO corrects when the organisation became aware and the deadline moves; adds the data and people concerned; a time in the future changes nothing; a concurrent change is refused', async ({
  page,
}) => {
  const legal = await preparedUser(['legal'], 'Lotte Legal');
  const dpo = await preparedUser(['dpo'], 'Derya Dpo');
  const auditor = await preparedUser(['auditor'], 'Anton Auditor');
  const legalToken = await apiLogin(legal.email, legal.password);
  const processor = await createProcessor(legalToken, `Mailly ${Date.now()} GmbH`);

  // The DPO records the processor's notice as it came: told now, aware now, nothing known of the data.
  await signIn(page, dpo.email, dpo.password);
  await nav(page).getByRole('link', { name: 'Breaches' }).click();
  await page.getByRole('link', { name: 'Record a breach notice' }).click();
  await pick(page, 'Processor', processor.name.slice(0, 10), processor.name);
  const title = `Newsletter list exposed ${Date.now()}`;
  await page.getByLabel('Short title').fill(title);
  await page
    .getByLabel('What happened')
    .fill('A misconfigured storage bucket made the newsletter export readable by anyone with its address.');
  await page.getByRole('button', { name: 'Record breach' }).click();
  await expect(heading(page, title)).toBeVisible();
  const timer = page.getByRole('timer', { name: 'Time left until the 72-hour deadline' });
  await expect(timer).toHaveText(/^7[01] h \d\d min \d\d s left$/);

  const id = page.url().split('/').pop()!;
  const dpoToken = await apiLogin(dpo.email, dpo.password);
  const read = () => apiCall<IncidentView>('GET', `/incidents/${id}`, dpoToken);
  const recorded = await read();

  // Later the DPO learns the processor's security team had phoned 30 hours before the written notice.
  const facts = page.getByRole('region', { name: 'What happened' });
  const open = facts.getByRole('button', { name: 'Add what became known or correct facts' });
  await open.click();
  const clock = facts.getByRole('group', { name: 'The 72-hour clock' });
  await expect(clock).toContainText('Correcting that time moves the deadline.');
  await expect(clock).toContainText(
    `Deadline to notify the authority: ${await shown(page, recorded.notificationDeadline)}.`,
  );
  const aware = Math.floor((Date.now() - 30 * HOUR) / 1000) * 1000;
  const awareIso = new Date(aware).toISOString();
  const deadlineIso = new Date(aware + 72 * HOUR).toISOString();
  await clock.getByLabel('When you became aware').fill(field(aware));
  // Before saving, the form says where the deadline goes.
  await expect(clock).toContainText(
    `Saving moves the deadline to notify the authority from ${await shown(page, recorded.notificationDeadline)} to ${await shown(page, deadlineIso)}.`,
  );
  await checkPage(page, 'breach-facts-form');
  await facts.getByRole('button', { name: 'Save facts' }).click();

  // 72 hours from 30 hours ago: 42 hours minus the seconds this took are left.
  await expect(open).toBeVisible();
  await expect(timer).toHaveText(/^41 h \d\d min \d\d s left$/);
  await expect(
    page.getByText(`Deadline: ${await shown(page, deadlineIso)} (72 hours after becoming aware`),
  ).toBeVisible();
  await expect(facts.getByRole('status')).toHaveText(
    `Saved. The 72 hours now run from ${await shown(page, awareIso)}: the deadline to notify the authority moved from ${await shown(page, recorded.notificationDeadline)} to ${await shown(page, deadlineIso)}.`,
  );
  await expect(facts).toContainText(`Aware since${await shown(page, awareIso)}`);
  await checkPage(page, 'breach-facts-deadline-moved');

  // The processor names the data and the people concerned.
  await open.click();
  await pick(page, 'Data categories concerned', 'email', /— user\.contact\.email$/, facts);
  await pick(page, 'Data subjects concerned', 'Customer', /— customer$/, facts);
  await facts.getByRole('button', { name: 'Save facts' }).click();
  await expect(open).toBeVisible();
  await expect(facts).toContainText('User Contact Email (user.contact.email)');
  await expect(facts).toContainText('Customer (customer)');
  // Nothing moved the deadline this time: no word of it.
  await expect(facts.getByRole('status')).toHaveCount(0);
  await checkPage(page, 'breach-facts-data-added');

  // What the API stores: exactly these values.
  const stored = await read();
  expect(stored).toMatchObject({
    awareAt: awareIso,
    notificationDeadline: deadlineIso,
    reportedAt: recorded.reportedAt,
    dataCategories: ['user.contact.email'],
    dataSubjectCategories: ['customer'],
  });
  expect(stored.dataCategories).toEqual(['user.contact.email']);
  expect(stored.dataSubjectCategories).toEqual(['customer']);

  // Becoming aware in two days: the API refuses it, the field says why, nothing changes.
  await open.click();
  const awareField = facts.getByLabel('When you became aware');
  await awareField.fill(field(Date.now() + 48 * HOUR));
  await facts.getByRole('button', { name: 'Save facts' }).click();
  await expect(awareField).toHaveAttribute('aria-invalid', 'true');
  await expect(facts.getByText('Must not be in the future.')).toBeVisible();
  await expect(clock).toContainText(
    `A time in the future cannot be saved: the deadline stays ${await shown(page, deadlineIso)}.`,
  );
  await expectAccessible(page);
  await checkPage(page, 'breach-facts-refused');
  await facts.getByRole('button', { name: 'Cancel' }).click();
  await expect(timer).toHaveText(/^41 h \d\d min \d\d s left$/);
  await expect(facts).toContainText(`Aware since${await shown(page, awareIso)}`);
  expect(await read()).toMatchObject({
    version: stored.version,
    awareAt: awareIso,
    notificationDeadline: deadlineIso,
  });

  // Someone else changes the breach while the form is open: the save is refused and overwrites nothing;
  // the form then shows the other change, and saving again applies only the field the DPO changed.
  await open.click();
  await facts.getByLabel('Short title').fill(`${title} (corrected)`);
  await apiCall('PATCH', `/incidents/${id}`, legalToken, {
    processorReference: 'MAIL-SEC-2026-41',
    version: stored.version,
  });
  await facts.getByRole('button', { name: 'Save facts' }).click();
  await expect(facts.getByRole('alert')).toContainText('Not saved: the breach was changed meanwhile');
  expect((await read()).title).toBe(title);
  // The form now shows the other change beside the DPO's own.
  await expect(facts.getByLabel("The processor's reference")).toHaveValue('MAIL-SEC-2026-41');
  await expect(facts.getByLabel('Short title')).toHaveValue(`${title} (corrected)`);
  await expectAccessible(page);
  await facts.getByRole('button', { name: 'Save facts' }).click();
  await expect(heading(page, `${title} (corrected)`)).toBeVisible();
  await expect(facts).toContainText('MAIL-SEC-2026-41');
  expect(await read()).toMatchObject({
    title: `${title} (corrected)`,
    processorReference: 'MAIL-SEC-2026-41',
    awareAt: awareIso,
  });
  await signOut(page, dpo.name);

  // The auditor reads the corrected facts and has no control to change them.
  await signIn(page, auditor.email, auditor.password);
  await expect(nav(page).getByRole('link', { name: 'Breaches' })).toBeVisible();
  await page.goto(`/breaches/${id}`);
  await expect(heading(page, `${title} (corrected)`)).toBeVisible();
  await expect(facts).toContainText('Customer (customer)');
  await expect(facts.getByRole('button')).toHaveCount(0);
  await expectAccessible(page);
  await signOut(page, auditor.name);
});

test('in the organisation’s own breach, becoming aware after it was recorded is refused; becoming aware earlier makes a notification late, and the form asks for the reasons', async ({
  page,
}) => {
  const dpo = await preparedUser(['dpo'], 'Dario Dpo');
  await signIn(page, dpo.email, dpo.password);
  await nav(page).getByRole('link', { name: 'Breaches' }).click();
  await page.getByRole('link', { name: 'Record a breach notice' }).click();
  await page.getByRole('radio', { name: 'In our own organisation' }).check();
  const title = `Badge reader log copied ${Date.now()}`;
  await page.getByLabel('Short title').fill(title);
  await page
    .getByLabel('What happened')
    .fill('A contractor copied the badge reader log to a personal drive.');
  await page.getByRole('button', { name: 'Record breach' }).click();
  await expect(heading(page, title)).toBeVisible();
  const id = page.url().split('/').pop()!;
  const dpoToken = await apiLogin(dpo.email, dpo.password);
  const recorded = await apiCall<IncidentView>('GET', `/incidents/${id}`, dpoToken);

  const facts = page.getByRole('region', { name: 'What happened' });
  await facts.getByRole('button', { name: 'Add what became known or correct facts' }).click();
  // No processor told anyone: the form asks only when the organisation became aware.
  await expect(facts.getByLabel('When the processor told you')).toHaveCount(0);
  const clock = facts.getByRole('group', { name: 'The 72-hour clock' });
  const recordedAt = await shown(page, recorded.reportedAt);
  await expect(clock).toContainText(`at the latest when the breach was recorded, ${recordedAt}.`);
  await expect(facts.getByRole('group', { name: 'Who can tell us more' })).toBeVisible();
  await expect(facts.getByLabel('Detected', { exact: true })).toBeVisible();

  // A second after it was recorded (and not in the future): refused, and the form says why.
  await expect.poll(() => Date.now()).toBeGreaterThan(Date.parse(recorded.reportedAt) + 2000);
  const later = Math.floor(Date.now() / 1000) * 1000;
  await clock.getByLabel('When you became aware').fill(field(later));
  await expect(clock).toContainText(
    `A time after the breach was recorded (${recordedAt}) cannot be saved: the deadline stays ${await shown(page, recorded.notificationDeadline)}.`,
  );
  await facts.getByRole('button', { name: 'Save facts' }).click();
  await expect(clock.getByLabel('When you became aware')).toHaveAttribute('aria-invalid', 'true');
  await expect(clock).toContainText(`Must not be after the breach was recorded, ${recordedAt}.`);
  await expectAccessible(page);
  expect(await apiCall<IncidentView>('GET', `/incidents/${id}`, dpoToken)).toMatchObject({
    awareAt: recorded.awareAt,
    notificationDeadline: recorded.notificationDeadline,
    version: recorded.version,
  });
  await facts.getByRole('button', { name: 'Cancel' }).click();

  // The authority was notified in time; then it turns out the organisation knew 80 hours ago. The
  // correction makes the notification late: the form asks for the reasons before it saves.
  await apiCall('PATCH', `/incidents/${id}`, dpoToken, {
    authorityNotifiedAt: new Date(Date.now() - 1000).toISOString(),
    authorityName: 'Berliner Beauftragte für Datenschutz',
    version: recorded.version,
  });
  await page.reload();
  await expect(page.getByText('The supervisory authority was notified in time')).toBeVisible();
  await facts.getByRole('button', { name: 'Add what became known or correct facts' }).click();
  const earlier = Math.floor((Date.now() - 80 * HOUR) / 1000) * 1000;
  await clock.getByLabel('When you became aware').fill(field(earlier));
  const reasons = clock.getByLabel('Reasons for the delay');
  await expect(reasons).toBeVisible();
  await expect(clock).toContainText(
    'after the deadline this correction sets: give the reasons for the delay',
  );
  await facts.getByRole('button', { name: 'Save facts' }).click();
  await expect(reasons).toHaveAttribute('aria-invalid', 'true');
  await expect(clock).toContainText('Give the reasons for the delay');
  await expectAccessible(page);
  await reasons.fill('The badge reader alert went to an unmonitored mailbox; it was read only today.');
  await facts.getByRole('button', { name: 'Save facts' }).click();
  await expect(page.getByText('The supervisory authority was notified late')).toBeVisible();
  // The facts of the organisation's own breach speak of no processor.
  await expect(facts).toContainText(`Recorded${recordedAt}`);
  await expect(facts).not.toContainText('processor');
  await expect(facts.getByRole('status')).toContainText(
    `Saved. The 72 hours now run from ${await shown(page, new Date(earlier).toISOString())}`,
  );
  expect(
    await apiCall<IncidentView & { authorityNotice: string; delayReason: string }>(
      'GET',
      `/incidents/${id}`,
      dpoToken,
    ),
  ).toMatchObject({
    awareAt: new Date(earlier).toISOString(),
    notificationDeadline: new Date(earlier + 72 * HOUR).toISOString(),
    authorityNotice: 'notified_late',
    delayReason: 'The badge reader alert went to an unmonitored mailbox; it was read only today.',
  });
});
