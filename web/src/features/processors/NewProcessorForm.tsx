import { Button, Checkbox, MultiSelect, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { type Schemas } from '../../shared/api/client';
import { useCountryOptions } from '../../shared/vocabularies';
import { fieldErrors, FormProblem } from '../../shared/ui';
import { useCreateProcessor } from './hooks';

/** A new processor, or with a parent a sub-processor of it; it starts as proposed. */
export function NewProcessorForm({ parentId, onDone }: { parentId?: string; onDone?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const countries = useCountryOptions();
  const create = useCreateProcessor();
  const [body, setBody] = useState<Schemas['CreateProcessorDto']>({
    name: '',
    country: '',
    processingCountries: [],
    services: '',
    contactEmail: '',
    dpfCertified: false,
    ...(parentId ? { parentId } : {}),
  });
  const set = (patch: Partial<Schemas['CreateProcessorDto']>) => setBody((b) => ({ ...b, ...patch }));
  const field = fieldErrors(create.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const processingCountries = body.processingCountries.length
      ? body.processingCountries
      : body.country
        ? [body.country]
        : [];
    create.mutate(
      { ...body, processingCountries },
      {
        onSuccess: (processor) => {
          onDone?.();
          void navigate(`/processors/${processor.id}`);
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormProblem error={create.error} />
        <TextInput
          label={t('processors.name')}
          required
          value={body.name}
          error={field('name')}
          onChange={(e) => set({ name: e.currentTarget.value })}
        />
        <Select
          label={t('processors.country')}
          required
          searchable
          data={countries}
          value={body.country || null}
          error={field('country')}
          onChange={(v) => set({ country: v ?? '' })}
          comboboxProps={{ withinPortal: true }}
        />
        <MultiSelect
          label={t('processors.processingCountries')}
          description={t('processors.processingCountriesHint')}
          searchable
          data={countries}
          value={body.processingCountries}
          error={field('processingCountries')}
          onChange={(v) => set({ processingCountries: v })}
        />
        <Textarea
          label={t('processors.services')}
          required
          autosize
          minRows={2}
          value={body.services}
          error={field('services')}
          onChange={(e) => set({ services: e.currentTarget.value })}
        />
        <TextInput
          label={t('processors.contactEmail')}
          type="email"
          required
          value={body.contactEmail}
          error={field('contactEmail')}
          onChange={(e) => set({ contactEmail: e.currentTarget.value })}
        />
        <Checkbox
          label={t('processors.dpfCertified')}
          checked={body.dpfCertified ?? false}
          onChange={(e) => set({ dpfCertified: e.currentTarget.checked })}
        />
        <Button type="submit" loading={create.isPending}>
          {parentId ? t('processors.createSub') : t('processors.create')}
        </Button>
      </Stack>
    </form>
  );
}
