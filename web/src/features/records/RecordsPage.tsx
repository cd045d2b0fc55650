import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { can, WRITE } from '../../app/areas';
import { formatDate, formatDateTime, today } from '../../shared/format';
import { ListState, PageHeader, Pager, SimpleTable } from '../../shared/ui';
import { useMe } from '../auth/session';
import { ExportsSection } from './ExportsSection';
import { useActivities } from './hooks';
import { ProcessorRecordSection } from './ProcessorRecordSection';
import { ProfileSection } from './ProfileSection';
import { VocabulariesSection } from './VocabulariesSection';

function Activities({ asOf, canWrite }: { asOf?: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const list = useActivities({ q: q || undefined, asOf, page });
  const suffix = asOf ? `?asOf=${asOf}` : '';
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="activities-heading">
      <Stack>
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h3" id="activities-heading">
            {t('records.activities.title')}
          </Title>
          {canWrite && !asOf && (
            <Button component={Link} to="/records/activities/new">
              {t('records.activities.new')}
            </Button>
          )}
        </Group>
        <TextInput
          label={t('records.activities.search')}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
          maw={360}
        />
        <ListState
          isLoading={list.isLoading}
          error={list.error}
          empty={!list.data?.items.length}
          emptyText={asOf ? t('records.activities.noneThen') : t('records.activities.none')}
        >
          <SimpleTable
            minWidth={680}
            head={[
              t('records.activities.name'),
              t('records.activities.businessFunction'),
              t('records.activities.legalBases'),
              t('records.activities.attention'),
              t('records.activities.updated'),
            ]}
            rows={(list.data?.items ?? []).map((a) => [
              <Anchor component={Link} to={`/records/activities/${a.id}${suffix}`} key="name">
                {a.name}
              </Anchor>,
              a.businessFunction ?? '—',
              a.legalBases.map((b) => t(`records.bases.${b}.short`)).join(', '),
              a.flags.length ? (
                <Badge color="orange.2" variant="filled" radius="sm">
                  {t('records.activities.flagCount', { count: a.flags.length })}
                </Badge>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('records.activities.noFlags')}
                </Text>
              ),
              formatDateTime(a.updatedAt),
            ])}
          />
          {list.data && (
            <Pager page={page} total={list.data.total} pageSize={list.data.pageSize} onChange={setPage} />
          )}
        </ListState>
      </Stack>
    </Card>
  );
}

/**
 * The records of processing (Art. 30): the organisation profile, the activities, the processor record
 * and the exports; with a past day, everything as it stood at the end of that day. A second tab holds
 * the organisation's own vocabulary terms (`?tab=vocabularies`), which the record's pickers offer.
 */
export default function RecordsPage() {
  const { t } = useTranslation();
  const { me } = useMe();
  const [params, setParams] = useSearchParams();
  const asOf = params.get('asOf') || undefined;
  const tab = params.get('tab') === 'vocabularies' ? 'vocabularies' : 'record';
  const canWrite = can(me.roles, WRITE.records);
  // Both live in the address, so a tab or a past day can be linked to and survives a reload.
  const setParam = (name: 'asOf' | 'tab', value: string | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  return (
    <Stack>
      <PageHeader title={t('records.title')}>{t('records.intro')}</PageHeader>
      <Tabs
        value={tab}
        onChange={(value) => setParam('tab', value === 'vocabularies' ? value : undefined)}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="record">{t('vocabularies.tabs.record')}</Tabs.Tab>
          <Tabs.Tab value="vocabularies">{t('vocabularies.tabs.vocabularies')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="record">
          <Stack>
            <Group align="flex-end" wrap="wrap">
              <TextInput
                type="date"
                label={t('records.asOf')}
                description={t('records.asOfHint')}
                max={today()}
                value={asOf ?? ''}
                onChange={(e) => setParam('asOf', e.currentTarget.value || undefined)}
                w={{ base: '100%', xs: 260 }}
              />
              {asOf && (
                <Button variant="default" onClick={() => setParam('asOf', undefined)}>
                  {t('records.backToToday')}
                </Button>
              )}
            </Group>
            {asOf && (
              <Alert color="blue" variant="light" title={t('records.pastTitle', { date: formatDate(asOf) })}>
                {t('records.pastText')}
              </Alert>
            )}
            <ProfileSection asOf={asOf} canWrite={canWrite} />
            <Activities asOf={asOf} canWrite={canWrite} />
            <ProcessorRecordSection asOf={asOf} canWrite={canWrite} />
            <ExportsSection canExport={can(me.roles, WRITE.recordsExport)} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="vocabularies">
          <VocabulariesSection canWrite={can(me.roles, WRITE.vocabularies)} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
