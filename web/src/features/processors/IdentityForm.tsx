import { Badge, Button, Fieldset, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../shared/api/client';
import { formatDate, today } from '../../shared/format';
import { notify } from '../../shared/notify';
import { useRows } from '../../shared/rows';
import { Fact, fieldErrors, FormProblem } from '../../shared/ui';
import { useUpdateProcessor, type Processor } from './hooks';

type Contact = Schemas['ContactDto'];
type Certification = Schemas['CertificationDto'];

/** Days before a certification's end from which the sweep reminds (its first reminder, at 60 days). */
const EXPIRING_DAYS = 60;

/** A certification as the form edits it: every part a string, empty when not given. */
interface CertificationRow {
  type: string;
  reference: string;
  issuer: string;
  validFrom: string;
  validUntil: string;
}

interface ContactFields {
  name: string;
  email: string;
  phone: string;
}

const contactFields = (c: Contact | null | undefined): ContactFields => ({
  name: c?.name ?? '',
  email: c?.email ?? '',
  phone: c?.phone ?? '',
});

/** The contact as the API takes it: only the parts filled in; null when nothing is. */
function contactOf(fields: ContactFields): Contact | null {
  const contact: Contact = {};
  if (fields.name.trim()) contact.name = fields.name.trim();
  if (fields.email.trim()) contact.email = fields.email.trim();
  if (fields.phone.trim()) contact.phone = fields.phone.trim();
  return Object.keys(contact).length ? contact : null;
}

const orNull = (value: string) => value.trim() || null;

/**
 * Who the processor is and what vouches for it: its legal identity (legal name, register number, VAT
 * ID, website), its privacy and DPO contacts, and its certifications (ISO/IEC 27001, SOC 2…), whose
 * ends the sweep reminds legal of. The version read goes with the change, so a change someone else
 * made meanwhile is refused (409) rather than overwritten; the server's field errors show by their fields.
 */
export function IdentityForm({ processor, onDone }: { processor: Processor; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateProcessor(processor.id);
  const field = fieldErrors(update.error);
  const [identity, setIdentity] = useState({
    legalName: processor.legalName ?? '',
    registrationNumber: processor.registrationNumber ?? '',
    vatId: processor.vatId ?? '',
    website: processor.website ?? '',
  });
  // The value is read from the event at once: React runs an updater later, when the event is gone.
  const identityField = (key: keyof typeof identity) => (e: ChangeEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setIdentity((i) => ({ ...i, [key]: value }));
  };
  const [privacy, setPrivacy] = useState(contactFields(processor.privacyContact));
  const [dpo, setDpo] = useState(contactFields(processor.dpoContact));
  const certifications = useRows<CertificationRow>(
    processor.certifications.map((c) => ({
      type: c.type,
      reference: c.reference ?? '',
      issuer: c.issuer ?? '',
      validFrom: c.validFrom ?? '',
      validUntil: c.validUntil,
    })),
    () => ({ type: '', reference: '', issuer: '', validFrom: '', validUntil: '' }),
  );
  const { rows, set: setRow, add: addRow } = certifications;

  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate(
      {
        legalName: orNull(identity.legalName),
        registrationNumber: orNull(identity.registrationNumber),
        vatId: orNull(identity.vatId),
        website: orNull(identity.website),
        privacyContact: contactOf(privacy),
        dpoContact: contactOf(dpo),
        certifications: rows.map((r): Certification => ({
          type: r.type.trim(),
          validUntil: r.validUntil,
          ...(r.reference.trim() ? { reference: r.reference.trim() } : {}),
          ...(r.issuer.trim() ? { issuer: r.issuer.trim() } : {}),
          ...(r.validFrom ? { validFrom: r.validFrom } : {}),
        })),
        version: processor.version,
      },
      {
        onSuccess: () => {
          notify(t('identity.saved'));
          onDone();
        },
      },
    );
  }

  const contact = (
    legend: string,
    at: 'privacyContact' | 'dpoContact',
    value: ContactFields,
    set: (v: ContactFields) => void,
  ) => (
    <Fieldset legend={legend}>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label={t('identity.contactName')}
          value={value.name}
          error={field(`${at}.name`)}
          onChange={(e) => set({ ...value, name: e.currentTarget.value })}
        />
        <TextInput
          label={t('identity.contactEmail')}
          type="email"
          value={value.email}
          error={field(`${at}.email`)}
          onChange={(e) => set({ ...value, email: e.currentTarget.value })}
        />
        <TextInput
          label={t('identity.contactPhone')}
          type="tel"
          value={value.phone}
          error={field(`${at}.phone`)}
          onChange={(e) => set({ ...value, phone: e.currentTarget.value })}
        />
      </SimpleGrid>
    </Fieldset>
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormProblem error={update.error} />
        <Fieldset legend={t('identity.legal')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('identity.legalName')}
              description={t('identity.legalNameHint')}
              value={identity.legalName}
              error={field('legalName')}
              onChange={identityField('legalName')}
            />
            <TextInput
              label={t('identity.registrationNumber')}
              description={t('identity.registrationNumberHint')}
              value={identity.registrationNumber}
              error={field('registrationNumber')}
              onChange={identityField('registrationNumber')}
            />
            <TextInput
              label={t('identity.vatId')}
              value={identity.vatId}
              error={field('vatId')}
              onChange={identityField('vatId')}
            />
            <TextInput
              label={t('identity.website')}
              description={t('identity.websiteHint')}
              type="url"
              value={identity.website}
              error={field('website')}
              onChange={identityField('website')}
            />
          </SimpleGrid>
        </Fieldset>
        {contact(t('identity.privacyContact'), 'privacyContact', privacy, setPrivacy)}
        {contact(t('identity.dpoContact'), 'dpoContact', dpo, setDpo)}
        <Fieldset legend={t('identity.certifications')}>
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {t('identity.certificationsHint')}
            </Text>
            {rows.length === 0 && <Text size="sm">{t('identity.noCertifications')}</Text>}
            {rows.map((row, i) => {
              const at = `certifications[${i}]`;
              return (
                <Fieldset key={row.key} legend={row.type.trim() || t('identity.newCertification')}>
                  <Stack gap="xs">
                    <SimpleGrid cols={{ base: 1, sm: 3 }}>
                      <TextInput
                        label={t('identity.certificationType')}
                        placeholder={t('identity.certificationTypeHint')}
                        required
                        value={row.type}
                        error={field(`${at}.type`)}
                        onChange={(e) => setRow(row.key, { type: e.currentTarget.value })}
                      />
                      <TextInput
                        label={t('identity.certificationReference')}
                        value={row.reference}
                        error={field(`${at}.reference`)}
                        onChange={(e) => setRow(row.key, { reference: e.currentTarget.value })}
                      />
                      <TextInput
                        label={t('identity.certificationIssuer')}
                        value={row.issuer}
                        error={field(`${at}.issuer`)}
                        onChange={(e) => setRow(row.key, { issuer: e.currentTarget.value })}
                      />
                    </SimpleGrid>
                    <SimpleGrid cols={{ base: 1, sm: 3 }}>
                      <TextInput
                        type="date"
                        label={t('identity.validFrom')}
                        value={row.validFrom}
                        error={field(`${at}.validFrom`)}
                        onChange={(e) => setRow(row.key, { validFrom: e.currentTarget.value })}
                      />
                      <TextInput
                        type="date"
                        label={t('identity.validUntil')}
                        required
                        value={row.validUntil}
                        error={field(`${at}.validUntil`)}
                        onChange={(e) => setRow(row.key, { validUntil: e.currentTarget.value })}
                      />
                    </SimpleGrid>
                    <Group justify="flex-end">
                      <Button variant="default" onClick={() => certifications.remove(row.key)}>
                        {row.type.trim()
                          ? t('identity.removeNamed', { type: row.type.trim() })
                          : t('identity.remove')}
                      </Button>
                    </Group>
                  </Stack>
                </Fieldset>
              );
            })}
            <Group>
              <Button variant="default" onClick={addRow}>
                {t('identity.add')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            {t('identity.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** A certification's state today: ended, ending within the reminder window, or current. */
function CertificationState({ validUntil }: { validUntil: string }) {
  const { t } = useTranslation();
  const left = daysBetween(today(), validUntil);
  if (left < 0)
    return (
      <Badge variant="filled" color="red.2" radius="sm">
        {t('identity.expired')}
      </Badge>
    );
  if (left <= EXPIRING_DAYS)
    return (
      <Badge variant="filled" color="orange.2" radius="sm">
        {t('identity.expiring', { count: left })}
      </Badge>
    );
  return null;
}

const contactLine = (c: Contact | null | undefined) =>
  c ? [c.name, c.email, c.phone].filter(Boolean).join(' · ') : '';

/** The processor's identity, contacts and certifications, read-only, as facts. */
export function IdentitySummary({ processor }: { processor: Processor }) {
  const { t } = useTranslation();
  const p = processor;
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
        <Fact label={t('identity.legalName')}>{p.legalName}</Fact>
        <Fact label={t('identity.registrationNumber')}>{p.registrationNumber}</Fact>
        <Fact label={t('identity.vatId')}>{p.vatId}</Fact>
        <Fact label={t('identity.website')}>{p.website}</Fact>
        <Fact label={t('identity.privacyContact')}>{contactLine(p.privacyContact)}</Fact>
        <Fact label={t('identity.dpoContact')}>{contactLine(p.dpoContact)}</Fact>
      </SimpleGrid>
      <Fact label={t('identity.certifications')}>
        {p.certifications.length ? (
          <Stack gap={6}>
            {p.certifications.map((c, i) => (
              <Group key={i} gap="xs">
                <span>
                  {t('identity.certificationSummary', {
                    type: c.type,
                    reference: c.reference ? ` (${c.reference})` : '',
                    date: formatDate(c.validUntil),
                  })}
                </span>
                <CertificationState validUntil={c.validUntil} />
              </Group>
            ))}
          </Stack>
        ) : (
          t('identity.noCertifications')
        )}
      </Fact>
    </Stack>
  );
}
