import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  Select,
  SimpleGrid,
  Stack,
  MultiSelect,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../shared/api/client';
import { formatDate } from '../../shared/format';
import { ErrorNotice, fieldErrors, FormProblem, PageLoader } from '../../shared/ui';
import { downloadCertificate, useConfirmOffboarding, usePortalOffboarding, type PortalSession } from './api';

type Item = Schemas['ConfirmationItemDto'];
type Offboarding = Schemas['PortalOffboardingResponse'];

const ACTIONS = ['returned', 'deleted', 'destroyed', 'returned_then_deleted'] as const;
const SANITIZATIONS = ['clear', 'purge', 'destroy'] as const;
const VERIFICATIONS = ['full', 'sampling'] as const;
const ACTION_OF: Record<string, Item['action']> = {
  return: 'returned',
  delete: 'deleted',
  return_then_delete: 'returned_then_deleted',
};

const newItem = (o: Offboarding): Item => ({
  dataCategories: [...o.dataCategories],
  medium: '',
  action: ACTION_OF[o.dataHandling] ?? 'deleted',
  sanitization: 'purge',
  technique: '',
  tool: '',
  verification: 'full',
});

function Certificate({ number, issuedOn }: { number: string; issuedOn: string | null }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  return (
    <Stack>
      <Alert color="green" variant="light" title={t('portal.offboarding.doneTitle')} role="status">
        {t('portal.offboarding.done', { number, date: formatDate(issuedOn) })}
      </Alert>
      <Group>
        <Button onClick={() => void downloadCertificate(number).catch(setError)}>
          {t('portal.offboarding.download')}
        </Button>
      </Group>
      <ErrorNotice error={error} />
    </Stack>
  );
}

function ConfirmationForm({ token, offboarding: o }: { token: string; offboarding: Offboarding }) {
  const { t } = useTranslation();
  const confirm = useConfirmOffboarding(token);
  const error = fieldErrors(confirm.error);
  const [completedOn, setCompletedOn] = useState('');
  const [performedBy, setPerformedBy] = useState({
    name: '',
    title: '',
    organisation: '',
    location: '',
    phone: '',
  });
  const [verifiedBy, setVerifiedBy] = useState({ name: '', title: '' });
  const [items, setItems] = useState<Item[]>(() => [newItem(o)]);
  const [returnLeg, setReturnLeg] = useState({ returnedOn: '', format: '', channel: '', receivedBy: '' });
  const [subProcessorsCovered, setSubProcessorsCovered] = useState(false);
  const [retained, setRetained] = useState(false);
  const [legallyRetained, setLegallyRetained] = useState({
    description: '',
    legalBasis: '',
    retainUntil: '',
  });
  const setItem = (i: number, patch: Partial<Item>) =>
    setItems((all) => all.map((item, j) => (j === i ? { ...item, ...patch } : item)));
  const returned = items.some((item) => item.action === 'returned_then_deleted');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate({
      completedOn,
      performedBy: {
        name: performedBy.name,
        title: performedBy.title,
        organisation: performedBy.organisation,
        location: performedBy.location.trim() || undefined,
        phone: performedBy.phone.trim() || undefined,
      },
      verifiedBy,
      items: items.map((item) => ({ ...item, tool: item.tool?.trim() || undefined })),
      subProcessorsCovered,
      returnLeg: returned ? returnLeg : undefined,
      legallyRetained: retained ? legallyRetained : undefined,
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <TextInput
          type="date"
          label={t('portal.offboarding.completedOn')}
          required
          value={completedOn}
          error={error('completedOn')}
          onChange={(e) => setCompletedOn(e.currentTarget.value)}
          styles={{ wrapper: { maxWidth: 240 } }}
        />
        <Fieldset legend={t('portal.offboarding.performedBy')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {(['name', 'title', 'organisation', 'location', 'phone'] as const).map((key) => (
              <TextInput
                key={key}
                label={t(`portal.offboarding.${key === 'title' ? 'jobTitle' : key}`)}
                required={key === 'name' || key === 'title' || key === 'organisation'}
                value={performedBy[key]}
                error={error(`performedBy.${key}`)}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setPerformedBy((p) => ({ ...p, [key]: value }));
                }}
              />
            ))}
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('portal.offboarding.verifiedBy')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {(['name', 'title'] as const).map((key) => (
              <TextInput
                key={key}
                label={t(`portal.offboarding.${key === 'title' ? 'jobTitle' : key}`)}
                required
                value={verifiedBy[key]}
                error={error(`verifiedBy.${key}`)}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setVerifiedBy((p) => ({ ...p, [key]: value }));
                }}
              />
            ))}
          </SimpleGrid>
        </Fieldset>
        {items.map((item, i) => (
          <Fieldset key={i} legend={t('portal.offboarding.item', { n: i + 1 })}>
            <Stack>
              <MultiSelect
                label={t('portal.offboarding.dataCategories')}
                required
                data={o.dataCategories}
                value={item.dataCategories}
                error={error(`items[${i}].dataCategories`)}
                onChange={(v) => setItem(i, { dataCategories: v })}
              />
              <TextInput
                label={t('portal.offboarding.medium')}
                description={t('portal.offboarding.mediumHint')}
                required
                value={item.medium}
                error={error(`items[${i}].medium`)}
                onChange={(e) => setItem(i, { medium: e.currentTarget.value })}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Select
                  label={t('portal.offboarding.action')}
                  required
                  allowDeselect={false}
                  data={ACTIONS.map((a) => ({ value: a, label: t(`portal.offboarding.actions.${a}`) }))}
                  value={item.action}
                  onChange={(v) => v && setItem(i, { action: v })}
                />
                <Select
                  label={t('portal.offboarding.verification')}
                  required
                  allowDeselect={false}
                  data={VERIFICATIONS.map((v) => ({
                    value: v,
                    label: t(`portal.offboarding.verifications.${v}`),
                  }))}
                  value={item.verification}
                  onChange={(v) => v && setItem(i, { verification: v })}
                />
              </SimpleGrid>
              <Select
                label={t('portal.offboarding.sanitization')}
                description={t('portal.offboarding.sanitizationHint')}
                required
                allowDeselect={false}
                data={SANITIZATIONS.map((s) => ({
                  value: s,
                  label: t(`portal.offboarding.sanitizations.${s}`),
                }))}
                value={item.sanitization}
                onChange={(v) => v && setItem(i, { sanitization: v })}
              />
              <TextInput
                label={t('portal.offboarding.technique')}
                description={t('portal.offboarding.techniqueHint')}
                required
                value={item.technique}
                error={error(`items[${i}].technique`)}
                onChange={(e) => setItem(i, { technique: e.currentTarget.value })}
              />
              <TextInput
                label={t('portal.offboarding.tool')}
                value={item.tool ?? ''}
                error={error(`items[${i}].tool`)}
                onChange={(e) => setItem(i, { tool: e.currentTarget.value })}
              />
              {items.length > 1 && (
                <Group>
                  <Button
                    variant="subtle"
                    color="red"
                    onClick={() => setItems((all) => all.filter((_, j) => j !== i))}
                  >
                    {t('portal.offboarding.removeItem', { n: i + 1 })}
                  </Button>
                </Group>
              )}
            </Stack>
          </Fieldset>
        ))}
        <Group>
          <Button variant="default" onClick={() => setItems((all) => [...all, newItem(o)])}>
            {t('portal.offboarding.addItem')}
          </Button>
        </Group>
        {returned && (
          <Fieldset legend={t('portal.offboarding.returnLeg')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {(['returnedOn', 'format', 'channel', 'receivedBy'] as const).map((key) => (
                <TextInput
                  key={key}
                  type={key === 'returnedOn' ? 'date' : 'text'}
                  label={t(`portal.offboarding.${key}`)}
                  required
                  value={returnLeg[key]}
                  error={error(`returnLeg.${key}`)}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setReturnLeg((r) => ({ ...r, [key]: value }));
                  }}
                />
              ))}
            </SimpleGrid>
          </Fieldset>
        )}
        <Checkbox
          label={t('portal.offboarding.subProcessorsCovered')}
          checked={subProcessorsCovered}
          onChange={(e) => setSubProcessorsCovered(e.currentTarget.checked)}
        />
        <Checkbox
          label={t('portal.offboarding.retained')}
          checked={retained}
          onChange={(e) => setRetained(e.currentTarget.checked)}
        />
        {retained && (
          <Stack>
            <Textarea
              label={t('portal.offboarding.retainedDescription')}
              required
              autosize
              minRows={2}
              value={legallyRetained.description}
              error={error('legallyRetained.description')}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setLegallyRetained((r) => ({ ...r, description: value }));
              }}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('portal.offboarding.legalBasis')}
                required
                value={legallyRetained.legalBasis}
                error={error('legallyRetained.legalBasis')}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setLegallyRetained((r) => ({ ...r, legalBasis: value }));
                }}
              />
              <TextInput
                type="date"
                label={t('portal.offboarding.retainUntil')}
                required
                value={legallyRetained.retainUntil}
                error={error('legallyRetained.retainUntil')}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setLegallyRetained((r) => ({ ...r, retainUntil: value }));
                }}
              />
            </SimpleGrid>
          </Stack>
        )}
        <FormProblem error={confirm.error} title={t('portal.notSent')} />
        <Group>
          <Button type="submit" loading={confirm.isPending}>
            {t('portal.offboarding.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** What is to be returned or destroyed, the NIST SP 800-88 confirmation, then the certificate. */
export function OffboardingSection({ token, session }: { token: string; session: PortalSession }) {
  const { t } = useTranslation();
  const offboarding = usePortalOffboarding(token, true);
  if (offboarding.isLoading) return <PageLoader />;
  if (!offboarding.data) return <ErrorNotice error={offboarding.error} />;
  const o = offboarding.data;
  return (
    <Stack>
      <Text size="sm">
        {t('portal.offboarding.intro', {
          organization: session.organization.name,
          effectiveOn: formatDate(o.effectiveOn),
          handling: t(`portal.handling.${o.dataHandling}`),
          dueOn: formatDate(o.dueOn),
        })}
      </Text>
      {o.dataCategories.length > 0 && (
        <Text size="sm">{t('portal.offboarding.categories', { list: o.dataCategories.join(', ') })}</Text>
      )}
      {o.certificateNumber ? (
        <Certificate number={o.certificateNumber} issuedOn={o.certificateIssuedOn} />
      ) : (
        <ConfirmationForm token={token} offboarding={o} />
      )}
    </Stack>
  );
}
