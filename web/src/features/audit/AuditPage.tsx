import { Alert, Autocomplete, Button, Code, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../../shared/api/client';
import { formatDateTime } from '../../shared/format';
import { Dialog, ErrorNotice, PageHeader, SimpleTable } from '../../shared/ui';
import { ChangeDiff } from './ChangeDiff';
import { EventTable } from './EventTable';
import { Checkpoints } from './Checkpoints';

export type AuditEvent = Schemas['AuditEventResponse'];

/** The kinds of record the trail names, offered while typing (any other is accepted too). */
const ENTITY_TYPES = [
  'agreement',
  'agreement_instruction',
  'api_key',
  'assessment',
  'audit_checkpoint',
  'finding',
  'incident',
  'monitoring_check',
  'offboarding',
  'organization',
  'portal_link',
  'processing_activity',
  'processor',
  'processor_record_entry',
  'record_export',
  'records_profile',
  'session',
  'transfer_decision',
  'transfer_impact_assessment',
  'user',
  'vocabulary_term',
];

interface Filter {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  from: string;
  to: string;
}

const EMPTY: Filter = { actor: '', action: '', entityType: '', entityId: '', from: '', to: '' };

/** The filter as the API's query: blanks left out, dates as the whole UTC day. */
function query(filter: Filter) {
  const text = (value: string) => value.trim() || undefined;
  return {
    actor: text(filter.actor),
    action: text(filter.action),
    entityType: text(filter.entityType),
    entityId: text(filter.entityId),
    from: filter.from ? `${filter.from}T00:00:00.000Z` : undefined,
    to: filter.to ? `${filter.to}T23:59:59.999Z` : undefined,
  };
}

function EventDetails({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <ChangeDiff before={event.before} after={event.after} />
      <SimpleTable
        head={[t('audit.detail'), t('audit.value')]}
        rows={[
          [t('audit.when'), formatDateTime(event.occurredAt)],
          [t('audit.who'), event.actorLabel ?? t(`audit.actor.${event.actorType}`)],
          [t('audit.record'), `${event.entityType}${event.entityId ? ` ${event.entityId}` : ''}`],
          [t('audit.seq'), String(event.seq)],
          [t('audit.address'), event.ip ?? '—'],
          [t('audit.requestId'), event.requestId ?? '—'],
          [t('audit.hash'), <Code key="hash">{event.hash}</Code>],
          [t('audit.prevHash'), <Code key="prev">{event.prevHash}</Code>],
          [t('audit.keyId'), event.keyId],
        ]}
      />
    </Stack>
  );
}

/** "Verify the chain": the server recomputes the organisation's hash chain and says whether it holds. */
function ChainCheck() {
  const { t } = useTranslation();
  const verify = useMutation({
    mutationFn: () => call(() => api.GET('/api/v1/audit-events/verify')),
  });
  const result = verify.data;
  return (
    <Stack gap="xs">
      <Group>
        <Button variant="default" onClick={() => verify.mutate()} loading={verify.isPending}>
          {t('audit.verify')}
        </Button>
      </Group>
      <div role="status" aria-live="polite">
        {result &&
          (result.intact ? (
            <Alert color="green" title={t('audit.intact')}>
              {t('audit.intactText', { count: result.checked })}
            </Alert>
          ) : (
            <Alert color="red" title={t('audit.broken')}>
              {result.reason ?? t('audit.brokenText')}
              {result.firstBrokenId && (
                <Text size="sm" mt={4}>
                  {t('audit.firstBroken')} <Code>{result.firstBrokenId}</Code>
                </Text>
              )}
            </Alert>
          ))}
      </div>
      <ErrorNotice error={verify.error} />
    </Stack>
  );
}

/**
 * The audit trail: search by actor, action, record and dates; each event's changes as a diff; verify the
 * chain; its signed checkpoints.
 */
export default function AuditPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [shown, setShown] = useState<AuditEvent>();
  const [opened, { open, close }] = useDisclosure();
  const events = useQuery({
    queryKey: ['audit-events', filter, page],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/audit-events', { params: { query: { ...query(filter), page, pageSize: 20 } } }),
      ),
    placeholderData: keepPreviousData,
  });
  const set = (key: keyof Filter) => (value: string) => setDraft({ ...draft, [key]: value });
  const search = (e: FormEvent) => {
    e.preventDefault();
    setPage(1);
    setFilter(draft);
  };
  const clear = () => {
    setDraft(EMPTY);
    setFilter(EMPTY);
    setPage(1);
  };
  return (
    <>
      <PageHeader title={t('areas.audit')}>{t('audit.intro')}</PageHeader>
      <Stack gap="lg">
        <ChainCheck />
        <Checkpoints />
        <form onSubmit={search} aria-label={t('audit.search')}>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            <TextInput
              label={t('audit.actorFilter')}
              description={t('audit.actorHint')}
              value={draft.actor}
              onChange={(e) => set('actor')(e.currentTarget.value)}
            />
            <TextInput
              label={t('audit.actionFilter')}
              description={t('audit.actionHint')}
              value={draft.action}
              onChange={(e) => set('action')(e.currentTarget.value)}
            />
            <Autocomplete
              label={t('audit.entityFilter')}
              description={t('audit.entityHint')}
              data={ENTITY_TYPES}
              value={draft.entityType}
              onChange={set('entityType')}
            />
            <TextInput
              label={t('audit.entityIdFilter')}
              value={draft.entityId}
              onChange={(e) => set('entityId')(e.currentTarget.value)}
            />
            <TextInput
              label={t('audit.from')}
              type="date"
              value={draft.from}
              onChange={(e) => set('from')(e.currentTarget.value)}
            />
            <TextInput
              label={t('audit.to')}
              type="date"
              value={draft.to}
              onChange={(e) => set('to')(e.currentTarget.value)}
            />
          </SimpleGrid>
          <Group mt="md">
            <Button type="submit">{t('audit.searchButton')}</Button>
            <Button variant="subtle" onClick={clear}>
              {t('audit.clear')}
            </Button>
          </Group>
        </form>
        <EventTable
          events={events}
          page={page}
          onPage={setPage}
          last={{
            header: t('audit.entity'),
            cell: (e) => (
              <Group gap="xs" wrap="nowrap" justify="space-between">
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {e.entityType}
                </Text>
                <Button
                  size="compact-sm"
                  variant="light"
                  onClick={() => {
                    setShown(e);
                    open();
                  }}
                  aria-label={t('audit.detailsOf', { action: e.action, when: formatDateTime(e.occurredAt) })}
                >
                  {t('audit.details')}
                </Button>
              </Group>
            ),
          }}
        />
      </Stack>
      <Dialog opened={opened} onClose={close} title={shown?.action ?? ''} size="lg">
        {shown && <EventDetails event={shown} />}
      </Dialog>
    </>
  );
}
