import { Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../../shared/api/client';
import { formatDateTime } from '../../shared/format';
import { ListState, PageHeader, Pager } from '../../shared/ui';

export type AuditEvent = Schemas['AuditEventResponse'];

export function useAuditEvents(page: number, entityId?: string) {
  return useQuery({
    queryKey: ['audit-events', entityId ?? null, page],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/audit-events', {
          params: { query: { page, pageSize: 20, ...(entityId ? { entityId } : {}) } },
        }),
      ),
  });
}

/** The trail as a table: when, who, what happened to which record; newest first. */
export function AuditTable({ entityId }: { entityId?: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const events = useAuditEvents(page, entityId);
  return (
    <ListState
      isLoading={events.isLoading}
      error={events.error}
      empty={!events.data?.items.length}
      emptyText={t('audit.empty')}
    >
      <Table.ScrollContainer minWidth={560}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.when')}</Table.Th>
              <Table.Th>{t('audit.who')}</Table.Th>
              <Table.Th>{t('audit.action')}</Table.Th>
              <Table.Th>{t('audit.entity')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.data?.items.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{formatDateTime(e.occurredAt)}</Table.Td>
                <Table.Td>
                  {typeof e.actorLabel === 'string' ? e.actorLabel : t(`audit.actor.${e.actorType}`)}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {e.action}
                  </Text>
                </Table.Td>
                <Table.Td>{e.entityType}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {events.data && (
        <Pager page={page} total={events.data.total} pageSize={events.data.pageSize} onChange={setPage} />
      )}
    </ListState>
  );
}

export default function AuditPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('areas.audit')}>{t('audit.intro')}</PageHeader>
      <AuditTable />
    </>
  );
}
