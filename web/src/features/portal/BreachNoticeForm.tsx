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
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../shared/api/client';
import { formatDateTime } from '../../shared/format';
import { fieldErrors, FormProblem } from '../../shared/ui';
import { useReportIncident } from './api';
import { SentNotice } from './SentNotice';

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
const instant = (value: string) => (value ? new Date(value).toISOString() : undefined);
const text = (value: string) => value.trim() || undefined;
const count = (value: number | string) => (typeof value === 'number' ? value : undefined);

/** The processor's breach notice (Art. 33(2)), with what Art. 33(3) asks for; the rest may follow. */
export function BreachNoticeForm({ organization }: { organization: string }) {
  const { t } = useTranslation();
  const report = useReportIncident();
  const [form, setForm] = useState(empty);
  const set = <K extends keyof typeof empty>(key: K, value: (typeof empty)[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const error = fieldErrors(report.error);

  if (report.data)
    return (
      <SentNotice
        title={t('portal.breach.sentTitle')}
        againLabel={t('portal.breach.another')}
        onAgain={() => {
          setForm(empty);
          report.reset();
        }}
      >
        {t('portal.breach.sent', {
          organization,
          title: report.data.title,
          time: formatDateTime(report.data.reportedAt),
          id: report.data.id,
        })}
      </SentNotice>
    );

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
    const body: Schemas['PortalIncidentDto'] = {
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
    };
    report.mutate(body);
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <Text size="sm">{t('portal.breach.intro', { organization })}</Text>
        <Fieldset legend={t('portal.breach.what')}>
          <Stack>
            <TextInput
              label={t('portal.breach.titleField')}
              required
              value={form.title}
              error={error('title')}
              onChange={(e) => set('title', e.currentTarget.value)}
            />
            <Textarea
              label={t('portal.breach.nature')}
              description={t('portal.breach.natureHint')}
              required
              autosize
              minRows={3}
              value={form.nature}
              error={error('nature')}
              onChange={(e) => set('nature', e.currentTarget.value)}
            />
            <TextInput
              label={t('portal.breach.reference')}
              value={form.processorReference}
              error={error('processorReference')}
              onChange={(e) => set('processorReference', e.currentTarget.value)}
            />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                type="datetime-local"
                label={t('portal.breach.occurredAt')}
                value={form.occurredAt}
                error={error('occurredAt')}
                onChange={(e) => set('occurredAt', e.currentTarget.value)}
              />
              <TextInput
                type="datetime-local"
                label={t('portal.breach.detectedAt')}
                value={form.detectedAt}
                error={error('detectedAt')}
                onChange={(e) => set('detectedAt', e.currentTarget.value)}
              />
              <TextInput
                type="datetime-local"
                label={t('portal.breach.endedAt')}
                value={form.endedAt}
                error={error('endedAt')}
                onChange={(e) => set('endedAt', e.currentTarget.value)}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>
        <Fieldset legend={t('portal.breach.whose')}>
          <Stack>
            <Text size="sm" c="dimmed">
              {t('portal.breach.whoseHint')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput
                label={t('portal.breach.subjectCount')}
                min={0}
                allowDecimal={false}
                value={form.approxSubjectCount}
                error={error('approxSubjectCount')}
                onChange={(v) => set('approxSubjectCount', v)}
              />
              <NumberInput
                label={t('portal.breach.recordCount')}
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
          label={t('portal.breach.consequences')}
          autosize
          minRows={2}
          value={form.likelyConsequences}
          error={error('likelyConsequences')}
          onChange={(e) => set('likelyConsequences', e.currentTarget.value)}
        />
        <Textarea
          label={t('portal.breach.measures')}
          description={t('portal.breach.measuresHint')}
          autosize
          minRows={2}
          value={form.measures}
          error={error('measures')}
          onChange={(e) => set('measures', e.currentTarget.value)}
        />
        <Radio.Group
          label={t('portal.breach.encrypted')}
          value={form.dataEncrypted}
          onChange={(v) => set('dataEncrypted', v)}
        >
          <Group mt={4}>
            <Radio value="yes" label={t('common.yes')} />
            <Radio value="no" label={t('common.no')} />
            <Radio value="unknown" label={t('portal.breach.unknown')} />
          </Group>
        </Radio.Group>
        {form.dataEncrypted === 'yes' && (
          <TextInput
            label={t('portal.breach.encryptionNote')}
            value={form.encryptionNote}
            error={error('encryptionNote')}
            onChange={(e) => set('encryptionNote', e.currentTarget.value)}
          />
        )}
        <Checkbox
          label={t('portal.breach.crossBorder')}
          checked={form.crossBorder}
          onChange={(e) => set('crossBorder', e.currentTarget.checked)}
        />
        {form.crossBorder && (
          <TextInput
            label={t('portal.breach.leadAuthority')}
            value={form.leadAuthority}
            error={error('leadAuthority')}
            onChange={(e) => set('leadAuthority', e.currentTarget.value)}
          />
        )}
        <Fieldset legend={t('portal.breach.contact')}>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t('portal.breach.contactName')}
              value={form.contactName}
              error={error('contactPoint.name')}
              onChange={(e) => set('contactName', e.currentTarget.value)}
            />
            <TextInput
              type="email"
              label={t('portal.breach.contactEmail')}
              value={form.contactEmail}
              error={error('contactPoint.email')}
              onChange={(e) => set('contactEmail', e.currentTarget.value)}
            />
            <TextInput
              type="tel"
              label={t('portal.breach.contactPhone')}
              value={form.contactPhone}
              error={error('contactPoint.phone')}
              onChange={(e) => set('contactPhone', e.currentTarget.value)}
            />
          </SimpleGrid>
        </Fieldset>
        <FormProblem error={report.error} title={t('portal.notSent')} />
        <Group>
          <Button type="submit" loading={report.isPending}>
            {t('portal.breach.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
