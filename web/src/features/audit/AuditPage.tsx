import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../../shared/api/client';
import { PageHeader } from '../../shared/ui';
import { EventTable } from './EventTable';

export type AuditEvent = Schemas['AuditEventResponse'];

export default function AuditPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const events = useQuery({
    queryKey: ['audit-events', page],
    queryFn: () => call(() => api.GET('/api/v1/audit-events', { params: { query: { page, pageSize: 20 } } })),
  });
  return (
    <>
      <PageHeader title={t('areas.audit')}>{t('audit.intro')}</PageHeader>
      <EventTable
        events={events}
        page={page}
        onPage={setPage}
        last={{ header: t('audit.entity'), cell: (e) => e.entityType }}
      />
    </>
  );
}
