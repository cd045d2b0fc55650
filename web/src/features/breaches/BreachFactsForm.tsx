import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api/client';
import { formatDateTime } from '../../shared/format';
import { serverTime } from '../../shared/clock';
import { fieldErrors } from '../../shared/ui';
import { termOptions, useVocabulary } from '../../shared/vocabularies';
import { instant, localInput } from './BreachNoticeForm';
import { useUpdateIncident, type Incident, type IncidentUpdate } from './hooks';
import { Refusal } from './Refusal';

const HOUR = 3_600_000;
/** Art. 33(1): the hours from becoming aware to the deadline (the server's NOTIFICATION_WINDOW_HOURS). */
const WINDOW_HOURS = 72;

const local = (iso?: string | null) => (iso ? localInput(Date.parse(iso)) : '');

/** The facts as the form edits them: text for the fields, '' for "not said". */
function formOf(i: Incident) {
  return {
    title: i.title,
    nature: i.nature,
    processorReference: i.processorReference ?? '',
    reportedAt: local(i.reportedAt),
    awareAt: local(i.awareAt),
    occurredAt: local(i.occurredAt),
    detectedAt: local(i.detectedAt),
    endedAt: local(i.endedAt),
    dataCategories: i.dataCategories,
    dataSubjectCategories: i.dataSubjectCategories,
    approxSubjectCount: (i.approxSubjectCount ?? '') as number | string,
    approxRecordCount: (i.approxRecordCount ?? '') as number | string,
    dataEncrypted: i.dataEncrypted === null ? 'unknown' : i.dataEncrypted ? 'yes' : 'no',
    encryptionNote: i.encryptionNote ?? '',
    crossBorder: i.crossBorder ?? false,
    leadAuthority: i.leadAuthority ?? '',
    contactName: i.contactPoint?.name ?? '',
    contactEmail: i.contactPoint?.email ?? '',
    contactPhone: i.contactPoint?.phone ?? '',
    delayReason: i.delayReason ?? '',
  };
}

type Form = ReturnType<typeof formOf>;

const baseOf = (i: Incident) => ({
  version: i.version,
  form: formOf(i),
  crossBorderKnown: i.crossBorder !== null,
});

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The form on a newer version: what was typed stays, every other field takes the newer value. */
function rebase(typed: Form, before: Form, latest: Form): Form {
  const keys = Object.keys(typed) as (keyof Form)[];
  return Object.fromEntries(
    keys.map((key) => [key, same(typed[key], before[key]) ? latest[key] : typed[key]]),
  ) as Form;
}

/** What the form says, as the API takes it; `crossBorderKnown`: an unticked box then means "no". */
function bodyOf(f: Form, crossBorderKnown: boolean): IncidentUpdate {
  const contact = [f.contactName, f.contactEmail, f.contactPhone].some((v) => v.trim());
  return {
    title: f.title.trim(),
    nature: f.nature,
    processorReference: f.processorReference.trim() || null,
    reportedAt: instant(f.reportedAt),
    awareAt: instant(f.awareAt),
    occurredAt: instant(f.occurredAt) ?? null,
    detectedAt: instant(f.detectedAt) ?? null,
    endedAt: instant(f.endedAt) ?? null,
    dataCategories: f.dataCategories,
    dataSubjectCategories: f.dataSubjectCategories,
    approxSubjectCount: typeof f.approxSubjectCount === 'number' ? f.approxSubjectCount : null,
    approxRecordCount: typeof f.approxRecordCount === 'number' ? f.approxRecordCount : null,
    dataEncrypted: f.dataEncrypted === 'unknown' ? null : f.dataEncrypted === 'yes',
    encryptionNote: f.encryptionNote.trim() || null,
    // Unticked stays "not known" unless it was said before.
    crossBorder: f.crossBorder || crossBorderKnown ? f.crossBorder : null,
    leadAuthority: f.crossBorder ? f.leadAuthority.trim() || null : null,
    contactPoint: contact
      ? {
          name: f.contactName.trim(),
          email: f.contactEmail.trim(),
          ...(f.contactPhone.trim() ? { phone: f.contactPhone.trim() } : {}),
        }
      : null,
    delayReason: f.delayReason.trim() || null,
  };
}

/** The fields this form shows; the server's problems with them are said beside them. */
const SHOWN = [
  'title',
  'nature',
  'processorReference',
  'reportedAt',
  'awareAt',
  'occurredAt',
  'detectedAt',
  'endedAt',
  'dataCategories',
  'dataSubjectCategories',
  'approxSubjectCount',
  'approxRecordCount',
  'encryptionNote',
  'leadAuthority',
  'contactPoint',
];

/**
 * What became known later (Art. 33(4)), and corrections of what was recorded: the title, the nature,
 * the reference, when the controller became aware (it moves the 72-hour deadline), the data and people
 * concerned, the times, the contact. Only the fields changed are sent, with the version read: a change
 * someone else made meanwhile answers 409 and nothing is overwritten. `onDone` gets the saved breach, or
 * nothing when the form was left without a change.
 */
export function BreachFactsForm({
  incident,
  received,
  onDone,
}: {
  incident: Incident;
  /** When the page received `incident` (the query's dataUpdatedAt). */
  received: number;
  onDone: (saved?: Incident) => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateIncident(incident);
  const categories = useVocabulary('data-categories');
  const subjects = useVocabulary('data-subjects');
  // The server's time at each render (each keystroke): its answer's time, counted on by the device.
  const now = serverTime(incident.asOf, received);
  // The breach as last read: what the form started from, and what a change is measured against.
  const [base, setBase] = useState(() => baseOf(incident));
  const [form, setForm] = useState(base.form);
  if (incident.version !== base.version) {
    // A newer version arrived (someone else's change, refused with 409, or another part of this page):
    // the fields not touched here show it, the ones touched keep what was typed.
    const latest = baseOf(incident);
    setForm((f) => rebase(f, base.form, latest.form));
    setBase(latest);
  }
  const [missing, setMissing] = useState<string[]>([]);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setMissing((m) => m.filter((k) => k !== key));
  };
  const own = !incident.processorId;
  const voiced = (key: string) =>
    t([`breaches.notice.${own ? 'own' : 'controller'}.${key}`, `breaches.notice.${key}`]);

  const stale = update.error instanceof ApiError && update.error.problem.code === 'STALE_VERSION';
  const serverError = fieldErrors(update.error);
  const problem = (field: string) =>
    update.error instanceof ApiError
      ? update.error.problem.errors?.find((e) => e.field === field)
      : undefined;
  const error = (field: string) =>
    missing.includes(field) ? t('breaches.factsForm.required') : serverError(field);
  // The clock's two times in words: the server's sentences name its fields.
  const clockError = (field: 'awareAt' | 'reportedAt') => {
    if (missing.includes(field)) return t('breaches.factsForm.required');
    const p = problem(field);
    if (p?.rule === 'notInFuture') return t('breaches.factsForm.notInFuture');
    if (field === 'awareAt' && p?.rule === 'chronology' && p.message.includes('reportedAt')) {
      const at = formatDateTime(instant(form.reportedAt) ?? incident.reportedAt);
      return t(own ? 'breaches.factsForm.ownAwareAfterReported' : 'breaches.factsForm.awareAfterReported', {
        at,
      });
    }
    return p?.message;
  };

  // The deadline as it stands, and where saving would move it.
  const aware = form.awareAt ? Date.parse(instant(form.awareAt) ?? '') : NaN;
  const awareChanged = form.awareAt !== base.form.awareAt && Number.isFinite(aware);
  const deadline = aware + WINDOW_HOURS * HOUR;
  const notifiedAt = incident.authorityNotifiedAt ? Date.parse(incident.authorityNotifiedAt) : null;
  const lateNow = awareChanged && notifiedAt !== null && notifiedAt > deadline;
  const needsReason = (lateNow && !incident.delayReason) || !!problem('delayReason');
  const told = Date.parse(instant(form.reportedAt) ?? incident.reportedAt);
  const current = formatDateTime(incident.notificationDeadline);
  // A time the server refuses moves nothing: the form says so rather than promise a new deadline.
  const preview = !awareChanged
    ? t('breaches.factsForm.deadlineNow', { deadline: current })
    : aware > now
      ? t('breaches.factsForm.futureStays', { deadline: current })
      : aware > told
        ? t(own ? 'breaches.factsForm.ownAfterReportedStays' : 'breaches.factsForm.afterReportedStays', {
            at: formatDateTime(new Date(told).toISOString()),
            deadline: current,
          })
        : [
            t('breaches.factsForm.deadlineMoves', {
              from: current,
              to: formatDateTime(new Date(deadline).toISOString()),
            }),
            ...(!notifiedAt && deadline < now ? [t('breaches.factsForm.deadlinePassed')] : []),
          ].join(' ');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const required: ('title' | 'nature' | 'awareAt' | 'reportedAt' | 'delayReason')[] = [
      'title',
      'nature',
      'awareAt',
    ];
    if (!own) required.push('reportedAt');
    if (needsReason) required.push('delayReason');
    const empty = required.filter((k) => !form[k].trim());
    setMissing(empty);
    if (empty.length) return;
    const body = bodyOf(form, base.crossBorderKnown);
    const before = bodyOf(base.form, base.crossBorderKnown);
    const changes = Object.fromEntries(
      Object.entries(body).filter(([key, value]) => !same(value, before[key as keyof IncidentUpdate])),
    ) as IncidentUpdate;
    if (!Object.keys(changes).length) {
      onDone();
      return;
    }
    // Refused as stale, the latest version is read again (App.tsx); the form then shows it (see above)
    // and goes with it.
    update.mutate(changes, { onSuccess: (saved) => onDone(saved) });
  };

  const times = ['occurredAt', 'detectedAt', 'endedAt'] as const;
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{t('breaches.factsForm.intro')}</Text>
        <Fieldset legend={t('breaches.factsForm.about')}>
          <Stack>
            <TextInput
              label={voiced('titleField')}
              required
              maxLength={200}
              value={form.title}
              error={error('title')}
              onChange={(e) => set('title', e.currentTarget.value)}
            />
            <Textarea
              label={t('breaches.nature')}
              required
              autosize
              minRows={3}
              value={form.nature}
              error={error('nature')}
              onChange={(e) => set('nature', e.currentTarget.value)}
            />
            <TextInput
              label={voiced('reference')}
              maxLength={200}
              value={form.processorReference}
              error={error('processorReference')}
              onChange={(e) => set('processorReference', e.currentTarget.value)}
            />
          </Stack>
        </Fieldset>

        <Fieldset legend={t('breaches.factsForm.clock')}>
          <Stack>
            <Text size="sm">{t('breaches.factsForm.clockIntro')}</Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {!own && (
                <TextInput
                  type="datetime-local"
                  step={1}
                  label={t('breaches.record.reportedAt')}
                  description={t('breaches.factsForm.reportedAtHint')}
                  required
                  value={form.reportedAt}
                  error={clockError('reportedAt')}
                  onChange={(e) => set('reportedAt', e.currentTarget.value)}
                />
              )}
              <TextInput
                type="datetime-local"
                step={1}
                label={t('breaches.record.awareAt')}
                description={
                  own
                    ? t('breaches.factsForm.ownAwareAtHint', { at: formatDateTime(incident.reportedAt) })
                    : t('breaches.factsForm.awareAtHint')
                }
                required
                value={form.awareAt}
                error={clockError('awareAt')}
                onChange={(e) => set('awareAt', e.currentTarget.value)}
              />
            </SimpleGrid>
            <Text size="sm" fw={awareChanged ? 600 : undefined} role="status">
              {preview}
            </Text>
            {needsReason && (
              <Textarea
                label={t('breaches.delayReason')}
                description={t('breaches.factsForm.lateNotification', {
                  at: formatDateTime(incident.authorityNotifiedAt),
                })}
                required
                autosize
                minRows={2}
                value={form.delayReason}
                error={
                  missing.includes('delayReason') || problem('delayReason')
                    ? t('breaches.delayReasonRequired')
                    : undefined
                }
                onChange={(e) => set('delayReason', e.currentTarget.value)}
              />
            )}
          </Stack>
        </Fieldset>

        <Fieldset legend={t('breaches.factsForm.timeline')}>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {times.map((key) => (
              <TextInput
                key={key}
                type="datetime-local"
                step={1}
                label={t([...(own ? [`breaches.ownFacts.${key}`] : []), `breaches.${key}`])}
                value={form[key]}
                error={error(key)}
                onChange={(e) => set(key, e.currentTarget.value)}
              />
            ))}
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend={t('breaches.factsForm.affected')}>
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <MultiSelect
                label={t('breaches.record.dataCategories')}
                description={t('breaches.record.dataCategoriesHint')}
                searchable
                data={termOptions(categories.data?.items)}
                value={form.dataCategories}
                error={error('dataCategories')}
                onChange={(v) => set('dataCategories', v)}
                maxDropdownHeight={260}
              />
              <MultiSelect
                label={t('breaches.record.dataSubjects')}
                description={t('breaches.factsForm.dataSubjectsHint')}
                searchable
                data={termOptions(subjects.data?.items)}
                value={form.dataSubjectCategories}
                error={error('dataSubjectCategories')}
                onChange={(v) => set('dataSubjectCategories', v)}
                maxDropdownHeight={260}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NumberInput
                label={t('breaches.subjectCount')}
                min={0}
                allowDecimal={false}
                value={form.approxSubjectCount}
                error={error('approxSubjectCount')}
                onChange={(v) => set('approxSubjectCount', v)}
              />
              <NumberInput
                label={t('breaches.recordCount')}
                min={0}
                allowDecimal={false}
                value={form.approxRecordCount}
                error={error('approxRecordCount')}
                onChange={(v) => set('approxRecordCount', v)}
              />
              <Select
                label={t('breaches.encrypted')}
                allowDeselect={false}
                data={[
                  { value: 'yes', label: t('common.yes') },
                  { value: 'no', label: t('common.no') },
                  { value: 'unknown', label: t('breaches.notKnown') },
                ]}
                value={form.dataEncrypted}
                onChange={(v) => v && set('dataEncrypted', v)}
              />
            </SimpleGrid>
            {form.dataEncrypted === 'yes' && (
              <TextInput
                label={t('breaches.encryptionNote')}
                value={form.encryptionNote}
                error={error('encryptionNote')}
                onChange={(e) => set('encryptionNote', e.currentTarget.value)}
              />
            )}
            <Checkbox
              label={t('breaches.crossBorderLabel')}
              checked={form.crossBorder}
              onChange={(e) => set('crossBorder', e.currentTarget.checked)}
            />
            {form.crossBorder && (
              <TextInput
                label={t('breaches.leadAuthority')}
                value={form.leadAuthority}
                error={error('leadAuthority')}
                onChange={(e) => set('leadAuthority', e.currentTarget.value)}
              />
            )}
          </Stack>
        </Fieldset>

        <Fieldset legend={voiced('contact')}>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={voiced('contactName')}
              value={form.contactName}
              error={error('contactPoint.name')}
              onChange={(e) => set('contactName', e.currentTarget.value)}
            />
            <TextInput
              type="email"
              label={voiced('contactEmail')}
              value={form.contactEmail}
              error={error('contactPoint.email')}
              onChange={(e) => set('contactEmail', e.currentTarget.value)}
            />
            <TextInput
              type="tel"
              label={voiced('contactPhone')}
              value={form.contactPhone}
              error={error('contactPoint.phone')}
              onChange={(e) => set('contactPhone', e.currentTarget.value)}
            />
          </SimpleGrid>
        </Fieldset>

        {stale ? (
          <Alert color="red" variant="light" title={t('breaches.factsForm.staleTitle')} role="alert">
            {t('breaches.factsForm.stale')}
          </Alert>
        ) : (
          <Refusal
            error={update.error}
            title={t('breaches.notSaved')}
            shown={[...SHOWN, ...(needsReason ? ['delayReason'] : [])]}
          />
        )}
        <Group>
          <Button type="submit" loading={update.isPending}>
            {t('breaches.saveFacts')}
          </Button>
          <Button variant="subtle" onClick={() => onDone()}>
            {t('breaches.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** After a correction of when the controller became aware: from when the 72 hours now run, and to when. */
export function DeadlineMoved({ from, incident }: { from: string; incident: Incident }) {
  const { t } = useTranslation();
  return (
    <Alert color="blue" variant="light" role="status">
      {t('breaches.factsForm.deadlineMoved', {
        aware: formatDateTime(incident.awareAt),
        from: formatDateTime(from),
        to: formatDateTime(incident.notificationDeadline),
      })}
    </Alert>
  );
}
