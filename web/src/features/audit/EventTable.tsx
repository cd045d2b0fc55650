import { Table, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format';
import { ListState, Pager } from '../../shared/ui';

interface Event {
  occurredAt: string;
  actorType: string;
  actorLabel: string | null;
  action: string;
}

/**
 * Events of the audit trail as a paged table, newest first: when, who, what, and one column of the
 * caller's (the record on the trail's page, the changed fields on a record's history).
 */
export function EventTable<E extends Event>({
  events,
  page,
  onPage,
  last,
}: {
  events: UseQueryResult<{ items: E[]; total: number; pageSize: number }>;
  page: number;
  onPage: (page: number) => void;
  last: { header: string; cell: (event: E) => ReactNode };
}) {
  const { t } = useTranslation();
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
              <Table.Th>{last.header}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.data?.items.map((e, i) => (
              <Table.Tr key={`${e.occurredAt}-${i}`}>
                <Table.Td>{formatDateTime(e.occurredAt)}</Table.Td>
                <Table.Td>{e.actorLabel ?? t(`audit.actor.${e.actorType}`)}</Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {e.action}
                  </Text>
                </Table.Td>
                <Table.Td>{last.cell(e)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {events.data && (
        <Pager page={page} total={events.data.total} pageSize={events.data.pageSize} onChange={onPage} />
      )}
    </ListState>
  );
}
