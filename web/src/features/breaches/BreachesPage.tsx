import {
  Anchor,
  Button,
  Card,
  Group,
  MultiSelect,
  Radio,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { can, WRITE } from '../../app/areas';
import { download } from '../../shared/api/client';
import { formatDateTime } from '../../shared/format';
import { ErrorNotice, fieldErrors, ListState, PageHeader, Pager, SimpleTable } from '../../shared/ui';
import { termOptions, useVocabulary } from '../../shared/vocabularies';
import { useMe } from '../auth/session';
import { ProcessorPicker } from '../processors/ProcessorPicker';
import { IncidentStatusBadge, NoticeBadge } from './badges';
import { BreachNoticeForm, instant } from './BreachNoticeForm';
import { INCIDENT_STATUSES, useIncidents, useRecordNotice, type IncidentStatus } from './hooks';

/** Legal records a notice the processor sent by e-mail or telephone; the 72 hours start when it was told. */
function RecordNotice() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const record = useRecordNotice();
  const [where, setWhere] = useState<'processor' | 'own'>('processor');
  const own = where === 'own';
  const [processorId, setProcessorId] = useState<string | null>(null);
  const [reportedAt, setReportedAt] = useState('');
  const [awareAt, setAwareAt] = useState('');
  const [missing, setMissing] = useState(false);
  const [dataCategories, setDataCategories] = useState<string[]>([]);
  const [dataSubjectCategories, setDataSubjectCategories] = useState<string[]>([]);
  const categories = useVocabulary('data-categories');
  const subjects = useVocabulary('data-subjects');
  const error = fieldErrors(record.error);
  return (
    <Stack>
      <PageHeader title={own ? t('breaches.record.ownTitle') : t('breaches.record.title')}>
        <Anchor component={Link} to="/breaches" size="sm">
          {t('breaches.backToRegister')}
        </Anchor>
      </PageHeader>
      <Card withBorder padding="lg">
        <BreachNoticeForm
          voice={own ? 'own' : 'controller'}
          intro={own ? t('breaches.record.ownIntro') : t('breaches.record.intro')}
          before={
            <Stack>
              <Radio.Group
                label={t('breaches.record.where')}
                value={where}
                onChange={(v) => {
                  setWhere(v === 'own' ? 'own' : 'processor');
                  setMissing(false);
                }}
              >
                <Group mt={4}>
                  <Radio value="processor" label={t('breaches.record.atProcessor')} />
                  <Radio value="own" label={t('breaches.record.atOwn')} />
                </Group>
              </Radio.Group>
              {!own && (
                <ProcessorPicker
                  label={t('breaches.processor')}
                  required
                  value={processorId}
                  onChange={(id) => {
                    setProcessorId(id);
                    setMissing(false);
                  }}
                  error={missing ? t('breaches.record.processorMissing') : undefined}
                />
              )}
              <Group grow align="flex-start" wrap="wrap">
                {!own && (
                  <TextInput
                    type="datetime-local"
                    miw={220}
                    label={t('breaches.record.reportedAt')}
                    description={t('breaches.record.reportedAtHint')}
                    value={reportedAt}
                    error={error('reportedAt')}
                    onChange={(e) => setReportedAt(e.currentTarget.value)}
                  />
                )}
                <TextInput
                  type="datetime-local"
                  miw={220}
                  label={t('breaches.record.awareAt')}
                  description={own ? t('breaches.record.ownAwareAtHint') : t('breaches.record.awareAtHint')}
                  value={awareAt}
                  error={error('awareAt')}
                  onChange={(e) => setAwareAt(e.currentTarget.value)}
                />
              </Group>
              <Group grow align="flex-start" wrap="wrap">
                <MultiSelect
                  miw={220}
                  label={t('breaches.record.dataCategories')}
                  description={t('breaches.record.dataCategoriesHint')}
                  searchable
                  data={termOptions(categories.data?.items)}
                  value={dataCategories}
                  error={error('dataCategories')}
                  onChange={setDataCategories}
                  maxDropdownHeight={260}
                />
                <MultiSelect
                  miw={220}
                  label={t('breaches.record.dataSubjects')}
                  searchable
                  data={termOptions(subjects.data?.items)}
                  value={dataSubjectCategories}
                  error={error('dataSubjectCategories')}
                  onChange={setDataSubjectCategories}
                  maxDropdownHeight={260}
                />
              </Group>
            </Stack>
          }
          submitLabel={t('breaches.record.submit')}
          problemTitle={t('breaches.record.notRecorded')}
          pending={record.isPending}
          error={record.error}
          onSubmit={(body) => {
            if (!own && !processorId) {
              setMissing(true);
              return;
            }
            record.mutate(
              {
                processorId: own ? null : processorId,
                body: {
                  ...body,
                  reportedAt: own ? undefined : instant(reportedAt),
                  awareAt: instant(awareAt),
                  dataCategories: dataCategories.length ? dataCategories : undefined,
                  dataSubjectCategories: dataSubjectCategories.length ? dataSubjectCategories : undefined,
                },
              },
              { onSuccess: (incident) => void navigate(`/breaches/${incident.id}`) },
            );
          }}
        />
      </Card>
    </Stack>
  );
}

function RegisterDownloads() {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  return (
    <Stack gap={4}>
      <Group gap="xs">
        {(['xlsx', 'pdf'] as const).map((format) => (
          <Button
            key={format}
            variant="default"
            size="sm"
            onClick={() =>
              void download(`/api/v1/incidents/register?format=${format}`, `breach-register.${format}`).catch(
                setError,
              )
            }
          >
            {t(`breaches.register.${format}`)}
          </Button>
        ))}
      </Group>
      <ErrorNotice error={error} />
    </Stack>
  );
}

/** The register of breaches (Art. 33(5)): every breach, its 72-hour notification and where it stands. */
export default function BreachesPage() {
  const { t } = useTranslation();
  const { me } = useMe();
  const [params] = useSearchParams();
  const [status, setStatus] = useState<IncidentStatus | null>(null);
  const [processorId, setProcessorId] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const list = useIncidents({ status: status ?? undefined, processorId: processorId ?? undefined, page });
  const mayWrite = can(me.roles, WRITE.incidents);
  if (params.get('record') !== null && mayWrite) return <RecordNotice />;
  const items = list.data?.items ?? [];
  return (
    <Stack>
      <PageHeader
        title={t('areas.breaches')}
        actions={
          <Group gap="sm" wrap="wrap">
            <RegisterDownloads />
            {mayWrite && (
              <Button component={Link} to="/breaches?record">
                {t('breaches.record.open')}
              </Button>
            )}
          </Group>
        }
      >
        {t('breaches.intro')}
      </PageHeader>
      <Group align="flex-end" wrap="wrap" gap="sm" role="search" aria-label={t('breaches.filters')}>
        <Select
          label={t('breaches.statusFilter')}
          placeholder={t('breaches.anyStatus')}
          clearable
          data={INCIDENT_STATUSES.map((s) => ({ value: s, label: t(`breaches.status.${s}`) }))}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          w={200}
        />
        <ProcessorPicker
          label={t('breaches.processor')}
          clearable
          value={processorId}
          onChange={(id) => {
            setProcessorId(id);
            setPage(1);
          }}
        />
      </Group>
      <ListState
        isLoading={list.isLoading}
        error={list.error}
        empty={!items.length}
        emptyText={status || processorId ? t('breaches.noneMatch') : t('breaches.none')}
      >
        <SimpleTable
          // What a narrow screen shows before it scrolls: the breach, where it stands, its notification.
          head={[
            t('breaches.breach'),
            t('breaches.state'),
            t('breaches.authority'),
            t('breaches.risk'),
            t('breaches.processor'),
            t('breaches.awareAt'),
          ]}
          rows={items.map((i) => [
            <Anchor component={Link} to={`/breaches/${i.id}`} key="l">
              {i.title}
            </Anchor>,
            <IncidentStatusBadge value={i.status} key="s" />,
            <Stack gap={2} key="n">
              <NoticeBadge value={i.authorityNotice} />
              {(i.authorityNotice === 'pending' || i.authorityNotice === 'overdue') && (
                <Text size="xs" c="dimmed">
                  {t('breaches.by', { deadline: formatDateTime(i.notificationDeadline) })}
                </Text>
              )}
            </Stack>,
            i.riskLevel ? t(`breaches.riskLevel.${i.riskLevel}`) : t('breaches.notAssessed'),
            i.processorName ?? t('breaches.own'),
            formatDateTime(i.awareAt),
          ])}
        />
        {list.data && (
          <Pager page={page} total={list.data.total} pageSize={list.data.pageSize} onChange={setPage} />
        )}
      </ListState>
    </Stack>
  );
}
