import { Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../shared/api/client';
import { EventTable } from '../audit/EventTable';

const shown = (value: unknown): string =>
  value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

/** Bookkeeping a person does not read as a change of the processor. */
const BOOKKEEPING = new Set(['version', 'updatedAt', 'createdAt']);

/** The fields a change touched, each as "field: before → after". */
function changes(before: object | null, after: object | null): string[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !BOOKKEEPING.has(k));
  return keys.map((key) =>
    key in b ? `${key}: ${shown(b[key])} → ${shown(a[key])}` : `${key}: ${shown(a[key])}`,
  );
}

/** A processor's history from the audit trail: every change, who made it and what it changed. */
export function ProcessorHistory({ processorId }: { processorId: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const history = useQuery({
    queryKey: ['processors', processorId, 'history', page],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/processors/{id}/history', {
          params: { path: { id: processorId }, query: { page, pageSize: 20 } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <EventTable
      events={history}
      page={page}
      onPage={setPage}
      last={{
        header: t('audit.changes'),
        cell: (e) =>
          changes(e.before, e.after).map((line) => (
            <Text size="sm" key={line} style={{ overflowWrap: 'anywhere' }}>
              {line}
            </Text>
          )),
      }}
    />
  );
}
