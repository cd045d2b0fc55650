import { Button, Group, MultiSelect, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../shared/format';
import { fieldErrors, FormProblem } from '../../shared/ui';
import { useAnnounceSubProcessor } from './api';
import { countryOptions } from './countries';
import { SentNotice } from './SentNotice';

const empty = { name: '', country: '', processingCountries: [] as string[], services: '', contactEmail: '' };

/** An intended new sub-processor: announcing it opens the controller's objection period. */
export function SubProcessorForm({ organization }: { organization: string }) {
  const { t } = useTranslation();
  const announce = useAnnounceSubProcessor();
  const countries = useMemo(countryOptions, []);
  const [form, setForm] = useState(empty);
  const set = <K extends keyof typeof empty>(key: K, value: (typeof empty)[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const error = fieldErrors(announce.error);

  if (announce.data)
    return (
      <SentNotice
        title={t('portal.subProcessor.sentTitle')}
        againLabel={t('portal.subProcessor.another')}
        onAgain={() => {
          setForm(empty);
          announce.reset();
        }}
      >
        {t('portal.subProcessor.sent', {
          name: announce.data.name,
          organization,
          date: formatDate(announce.data.announcedOn),
        })}
      </SentNotice>
    );

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    announce.mutate({
      name: form.name,
      country: form.country,
      processingCountries: form.processingCountries,
      services: form.services,
      contactEmail: form.contactEmail.trim() || undefined,
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <Text size="sm">{t('portal.subProcessor.intro', { organization })}</Text>
        <TextInput
          label={t('portal.subProcessor.name')}
          required
          value={form.name}
          error={error('name')}
          onChange={(e) => set('name', e.currentTarget.value)}
        />
        <Select
          label={t('portal.subProcessor.country')}
          required
          searchable
          data={countries}
          value={form.country || null}
          error={error('country')}
          onChange={(v) => set('country', v ?? '')}
        />
        <MultiSelect
          label={t('portal.subProcessor.processingCountries')}
          required
          searchable
          data={countries}
          value={form.processingCountries}
          error={error('processingCountries')}
          onChange={(v) => set('processingCountries', v)}
        />
        <Textarea
          label={t('portal.subProcessor.services')}
          required
          autosize
          minRows={2}
          value={form.services}
          error={error('services')}
          onChange={(e) => set('services', e.currentTarget.value)}
        />
        <TextInput
          type="email"
          label={t('portal.subProcessor.contactEmail')}
          value={form.contactEmail}
          error={error('contactEmail')}
          onChange={(e) => set('contactEmail', e.currentTarget.value)}
        />
        <FormProblem error={announce.error} title={t('portal.notSent')} />
        <Group>
          <Button type="submit" loading={announce.isPending}>
            {t('portal.subProcessor.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
