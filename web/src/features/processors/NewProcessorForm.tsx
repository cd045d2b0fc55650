import { Button, Checkbox, MultiSelect, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { type Schemas } from '../../shared/api/client';
import { notify } from '../../shared/notify';
import { useCountryOptions, useDestinationOptions } from '../../shared/vocabularies';
import { fieldErrors, FormProblem } from '../../shared/ui';
import { useCreateProcessor, useUpdateProcessor, type Processor } from './hooks';

/** What both forms ask of a processor: who it is, where it processes, what it does, whom to write to. */
interface Details {
  name: string;
  country: string;
  processingCountries: string[];
  services: string;
  contactEmail: string;
}

/**
 * The details' fields and the submit button. Processing countries default to the country of
 * registration; services may wait (an empty description is sent as none).
 */
function DetailsForm({
  initial,
  error,
  pending,
  submitLabel,
  extra,
  onSubmit,
}: {
  initial: Details;
  error: unknown;
  pending: boolean;
  submitLabel: string;
  /** Fields only one of the forms has, below the shared ones. */
  extra?: ReactNode;
  onSubmit: (details: Omit<Details, 'services'> & { services?: string }) => void;
}) {
  const { t } = useTranslation();
  const countries = useCountryOptions();
  const destinations = useDestinationOptions();
  const [body, setBody] = useState<Details>(initial);
  const set = (patch: Partial<Details>) => setBody((b) => ({ ...b, ...patch }));
  const field = fieldErrors(error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const processingCountries = body.processingCountries.length
      ? body.processingCountries
      : body.country
        ? [body.country]
        : [];
    onSubmit({ ...body, processingCountries, services: body.services.trim() || undefined });
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormProblem error={error} />
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
          data={destinations}
          value={body.processingCountries}
          error={field('processingCountries')}
          onChange={(v) => set({ processingCountries: v })}
        />
        <Textarea
          label={t('processors.services')}
          description={t('processors.servicesHint')}
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
        {extra}
        <Button type="submit" loading={pending}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}

/** A new processor, or with a parent a sub-processor of it; it starts as proposed. */
export function NewProcessorForm({ parentId, onDone }: { parentId?: string; onDone?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateProcessor();
  const [dpfCertified, setDpfCertified] = useState(false);
  return (
    <DetailsForm
      initial={{ name: '', country: '', processingCountries: [], services: '', contactEmail: '' }}
      error={create.error}
      pending={create.isPending}
      submitLabel={parentId ? t('processors.createSub') : t('processors.create')}
      extra={
        <Checkbox
          label={t('processors.dpfCertified')}
          checked={dpfCertified}
          onChange={(e) => setDpfCertified(e.currentTarget.checked)}
        />
      }
      onSubmit={(details: Schemas['CreateProcessorDto']) =>
        create.mutate(
          { ...details, dpfCertified, ...(parentId ? { parentId } : {}) },
          {
            onSuccess: (processor) => {
              onDone?.();
              void navigate(`/processors/${processor.id}`);
            },
          },
        )
      }
    />
  );
}

/**
 * Legal corrects a processor's details. The version read goes with the change, so that a change someone
 * else made meanwhile is refused (409) rather than overwritten.
 */
export function EditProcessorForm({ processor, onDone }: { processor: Processor; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateProcessor(processor.id);
  const field = fieldErrors(update.error);
  const [postalAddress, setPostalAddress] = useState(processor.postalAddress ?? '');
  const [person, setPerson] = useState({
    name: processor.contactPerson?.name ?? '',
    email: processor.contactPerson?.email ?? '',
  });
  const contactPerson = person.name.trim()
    ? { name: person.name.trim(), ...(person.email.trim() ? { email: person.email.trim() } : {}) }
    : undefined;
  return (
    <DetailsForm
      initial={{
        name: processor.name,
        country: processor.country,
        processingCountries: processor.processingCountries,
        services: processor.services,
        contactEmail: processor.contactEmail,
      }}
      error={update.error}
      pending={update.isPending}
      submitLabel={t('processors.save')}
      extra={
        <>
          <Textarea
            label={t('processors.postalAddress')}
            autosize
            minRows={2}
            value={postalAddress}
            error={field('postalAddress')}
            onChange={(e) => setPostalAddress(e.currentTarget.value)}
          />
          <TextInput
            label={t('processors.contactPersonName')}
            value={person.name}
            error={field('contactPerson.name')}
            onChange={(e) => setPerson({ ...person, name: e.currentTarget.value })}
          />
          <TextInput
            label={t('processors.contactPersonEmail')}
            type="email"
            value={person.email}
            error={field('contactPerson.email')}
            onChange={(e) => setPerson({ ...person, email: e.currentTarget.value })}
          />
        </>
      }
      onSubmit={(details) =>
        update.mutate(
          {
            ...details,
            services: details.services ?? '',
            ...(postalAddress.trim() ? { postalAddress: postalAddress.trim() } : {}),
            ...(contactPerson ? { contactPerson } : {}),
            version: processor.version,
          },
          {
            onSuccess: () => {
              notify(t('processors.saved'));
              onDone();
            },
          },
        )
      }
    />
  );
}
