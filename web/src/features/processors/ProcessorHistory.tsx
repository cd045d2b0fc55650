import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../shared/api/client';
import { ChangeLines } from '../audit/ChangeDiff';
import { EventTable } from '../audit/EventTable';

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
        cell: (e) => <ChangeLines before={e.before} after={e.after} />,
      }}
    />
  );
}
