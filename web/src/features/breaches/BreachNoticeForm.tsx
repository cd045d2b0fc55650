import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  NumberInput,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../shared/api/client';
import { fieldErrors, FormProblem } from '../../shared/ui';

const empty = {
  title: '',
  nature: '',
  processorReference: '',
  occurredAt: '',
  detectedAt: '',
  endedAt: '',
  approxSubjectCount: '' as number | string,
  approxRecordCount: '' as number | string,
  likelyConsequences: '',
  measures: '',
  dataEncrypted: 'unknown',
  encryptionNote: '',
  crossBorder: false,
  leadAuthority: '',
  contactName: '',
  contactEmail: '',
  contactPhone: '',
};

/** A local date and time of the form field as an instant; empty stays unsaid. */
export const instant = (value: string) => (value ? new Date(value).toISOString() : undefined);

/**
 * An instant as the value of a `datetime-local` field, in the reader's time zone, to the second: a
 * notification recorded a minute after the breach must not read as made before it.
 */
export function localInput(ms: number): string {
  const d = new Date(ms);
  return new Date(ms - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}
const text = (value: string) => value.trim() || undefined;
const count = (value: number | string) => (typeof value === 'number' ? value : undefined);

/** Who fills the notice in: the processor's contact in the portal, or legal recording what it was told. */
/** Who tells: the processor (portal), the controller of a processor's notice, or of its own breach. */
export type NoticeVoice = 'processor' | 'controller' | 'own';

/**
 * The processor's breach notice (Art. 33(2)), with what Art. 33(3) asks for; the rest may follow. The
 * portal's contact sends it, or legal records a notice that came by e-mail or telephone: the fields are
 * the same, a few labels speak of "you" or of the processor, and `before` holds what only one side asks.
 */
export function BreachNoticeForm({
  voice,
  intro,
  before,
  submitLabel,
  problemTitle,
  pending,
  error: problem,
  onSubmit: send,
}: {
  voice: NoticeVoice;
  intro: ReactNode;
  before?: ReactNode;
  submitLabel: string;
  problemTitle?: string;
  pending: boolean;
  error: unknown;
  onSubmit: (body: Schemas['PortalIncidentDto']) => void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState(empty);
  const set = <K extends keyof typeof empty>(key: K, value: (typeof empty)[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const error = fieldErrors(problem);
  const label = (key: string) => t([`breaches.notice.${voice}.${key}`, `breaches.notice.${key}`]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const contact =
      form.contactName.trim() || form.contactEmail.trim()
        ? {
            name: form.contactName.trim(),
            email: form.contactEmail.trim(),
            phone: text(form.contactPhone),
          }
        : undefined;
    send({
      title: form.title,
      nature: form.nature,
      processorReference: text(form.processorReference),
      occurredAt: instant(form.occurredAt),
      detectedAt: instant(form.detectedAt),
      endedAt: instant(form.endedAt),
      approxSubjectCount: count(form.approxSubjectCount),
      approxRecordCount: count(form.approxRecordCount),
      likelyConsequences: text(form.likelyConsequences),
      measures: text(form.measures),
      dataEncrypted: form.dataEncrypted === 'unknown' ? undefined : form.dataEncrypted === 'yes',
      encryptionNote: text(form.encryptionNote),
      crossBorder: form.crossBorder || undefined,
      leadAuthority: form.crossBorder ? text(form.leadAuthority) : undefined,
      contactPoint: contact,
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <Text size="sm">{intro}</Text>
        {before}
        <Fieldset legend={label('what')}>
          <Stack>
            <TextInput
              label={label('titleField')}
              required
              value={form.title}
              error={error('title')}
              onChange={(e) => set('title', e.currentTarget.value)}
            />
            <Textarea
              label={label('nature')}
              description={label('natureHint')}
              required
              autosize
              minRows={3}
              value={form.nature}
              error={error('nature')}
              onChange={(e) => set('nature', e.currentTarget.value)}
            />
            <TextInput
              label={label('reference')}
              value={form.processorReference}
              error={error('processorReference')}
              onChange={(e) => set('processorReference', e.currentTarget.value)}
            />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                type="datetime-local"
                label={label('occurredAt')}
                value={form.occurredAt}
                error={error('occurredAt')}
                onChange={(e) => set('occurredAt', e.currentTarget.value)}
              />
              <TextInput
                type="datetime-local"
                label={label('detectedAt')}
                value={form.detectedAt}
                error={error('detectedAt')}
                onChange={(e) => set('detectedAt', e.currentTarget.value)}
              />
              <TextInput
                type="datetime-local"
                label={label('endedAt')}
                value={form.endedAt}
                error={error('endedAt')}
                onChange={(e) => set('endedAt', e.currentTarget.value)}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>
        <Fieldset legend={label('whose')}>
          <Stack>
            <Text size="sm" c="dimmed">
              {label('whoseHint')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput
                label={label('subjectCount')}
                min={0}
                allowDecimal={false}
                value={form.approxSubjectCount}
                error={error('approxSubjectCount')}
                onChange={(v) => set('approxSubjectCount', v)}
              />
              <NumberInput
                label={label('recordCount')}
                min={0}
                allowDecimal={false}
                value={form.approxRecordCount}
                error={error('approxRecordCount')}
                onChange={(v) => set('approxRecordCount', v)}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>
        <Textarea
          label={label('consequences')}
          autosize
          minRows={2}
          value={form.likelyConsequences}
          error={error('likelyConsequences')}
          onChange={(e) => set('likelyConsequences', e.currentTarget.value)}
        />
        <Textarea
          label={label('measures')}
          description={label('measuresHint')}
          autosize
          minRows={2}
          value={form.measures}
          error={error('measures')}
          onChange={(e) => set('measures', e.currentTarget.value)}
        />
        <Radio.Group
          label={label('encrypted')}
          value={form.dataEncrypted}
          onChange={(v) => set('dataEncrypted', v)}
        >
          <Group mt={4}>
            <Radio value="yes" label={t('common.yes')} />
            <Radio value="no" label={t('common.no')} />
            <Radio value="unknown" label={label('unknown')} />
          </Group>
        </Radio.Group>
        {form.dataEncrypted === 'yes' && (
          <TextInput
            label={label('encryptionNote')}
            value={form.encryptionNote}
            error={error('encryptionNote')}
            onChange={(e) => set('encryptionNote', e.currentTarget.value)}
          />
        )}
        <Checkbox
          label={label('crossBorder')}
          checked={form.crossBorder}
          onChange={(e) => set('crossBorder', e.currentTarget.checked)}
        />
        {form.crossBorder && (
          <TextInput
            label={label('leadAuthority')}
            value={form.leadAuthority}
            error={error('leadAuthority')}
            onChange={(e) => set('leadAuthority', e.currentTarget.value)}
          />
        )}
        <Fieldset legend={label('contact')}>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={label('contactName')}
              value={form.contactName}
              error={error('contactPoint.name')}
              onChange={(e) => set('contactName', e.currentTarget.value)}
            />
            <TextInput
              type="email"
              label={label('contactEmail')}
              value={form.contactEmail}
              error={error('contactPoint.email')}
              onChange={(e) => set('contactEmail', e.currentTarget.value)}
            />
            <TextInput
              type="tel"
              label={label('contactPhone')}
              value={form.contactPhone}
              error={error('contactPoint.phone')}
              onChange={(e) => set('contactPhone', e.currentTarget.value)}
            />
          </SimpleGrid>
        </Fieldset>
        <FormProblem error={problem} title={problemTitle} />
        <Group>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
