import { Anchor, Button, Group, Select, Table, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can, WRITE } from '../../app/areas';
import { formatDate } from '../../shared/format';
import { StatusBadge } from '../../shared/status';
import { Dialog, ListState, PageHeader, Pager } from '../../shared/ui';
import { useCountryOptions } from '../../shared/vocabularies';
import { useMe } from '../auth/session';
import { useProcessors, type ProcessorStatus, type RiskRating } from './hooks';
import { NewProcessorForm } from './NewProcessorForm';

const STATUSES: ProcessorStatus[] = [
  'proposed',
  'under_assessment',
  'approved',
  'rejected',
  'active',
  'offboarding',
  'offboarded',
];
const RISKS: RiskRating[] = ['low', 'medium', 'high', 'critical'];

export default function ProcessorsPage() {
  const { t } = useTranslation();
  const { me } = useMe();
  const countries = useCountryOptions();
  const [q, setQ] = useState('');
  const [search] = useDebouncedValue(q, 300);
  const [status, setStatus] = useState<ProcessorStatus | null>(null);
  const [country, setCountry] = useState<string | null>(null);
  const [risk, setRisk] = useState<RiskRating | null>(null);
  const [page, setPage] = useState(1);
  const [opened, { open, close }] = useDisclosure();
  const list = useProcessors({
    q: search || undefined,
    status: status ?? undefined,
    country: country ?? undefined,
    riskRating: risk ?? undefined,
    page,
  });

  return (
    <>
      <PageHeader
        title={t('areas.processors')}
        actions={can(me.roles, WRITE.processors) && <Button onClick={open}>{t('processors.new')}</Button>}
      >
        {t('processors.intro')}
      </PageHeader>
      <Group mb="md" align="flex-end" wrap="wrap">
        <TextInput
          label={t('processors.search')}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setPage(1);
          }}
          w={{ base: '100%', sm: 260 }}
        />
        <Select
          label={t('processors.status')}
          clearable
          data={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          w={{ base: '100%', sm: 200 }}
        />
        <Select
          label={t('processors.countryFilter')}
          clearable
          searchable
          data={countries}
          value={country}
          onChange={(v) => {
            setCountry(v);
            setPage(1);
          }}
          w={{ base: '100%', sm: 220 }}
        />
        <Select
          label={t('processors.risk')}
          clearable
          data={RISKS.map((r) => ({ value: r, label: t(`status.${r}`) }))}
          value={risk}
          onChange={(v) => {
            setRisk(v);
            setPage(1);
          }}
          w={{ base: '100%', sm: 160 }}
        />
      </Group>
      <ListState
        isLoading={list.isLoading}
        error={list.error}
        empty={!list.data?.items.length}
        emptyText={t('processors.empty')}
      >
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('processors.name')}</Table.Th>
                <Table.Th>{t('processors.status')}</Table.Th>
                <Table.Th>{t('processors.country')}</Table.Th>
                <Table.Th>{t('processors.risk')}</Table.Th>
                <Table.Th>{t('processors.validUntil')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data?.items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/processors/${p.id}`}>
                      {p.name}
                    </Anchor>
                    {p.parentId && (
                      <Anchor component={Link} to={`/processors/${p.parentId}`} size="xs" c="dimmed" ml={6}>
                        {t('processors.subOf')}
                      </Anchor>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge value={p.status} />
                  </Table.Td>
                  <Table.Td>{p.country}</Table.Td>
                  <Table.Td>
                    <StatusBadge value={p.riskRating} />
                  </Table.Td>
                  <Table.Td>{formatDate(p.assessmentValidUntil)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {list.data && (
          <Pager page={page} total={list.data.total} pageSize={list.data.pageSize} onChange={setPage} />
        )}
      </ListState>
      <Dialog opened={opened} onClose={close} title={t('processors.new')} size="lg">
        <NewProcessorForm onDone={close} />
      </Dialog>
    </>
  );
}
