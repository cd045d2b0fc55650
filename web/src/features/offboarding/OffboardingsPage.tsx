import { Anchor, Group, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../shared/format';
import { ListState, PageHeader, Pager, SimpleTable } from '../../shared/ui';
import { ProcessorPicker } from '../processors/ProcessorPicker';
import { useOffboardings } from './hooks';
import { OffboardingStatusBadge, ProcessorName } from './parts';

/** Every end of contract: what the processor must return or destroy, by when, and its certificate. */
export default function OffboardingsPage() {
  const { t } = useTranslation();
  const [processorId, setProcessorId] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const list = useOffboardings({ processorId: processorId ?? undefined, page });
  const items = list.data?.items ?? [];
  return (
    <Stack>
      <PageHeader title={t('areas.offboarding')}>{t('offboarding.intro')}</PageHeader>
      <Group align="flex-end" role="search" aria-label={t('offboarding.filters')}>
        <ProcessorPicker
          label={t('offboarding.processor')}
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
        emptyText={processorId ? t('offboarding.noneMatch') : t('offboarding.none')}
      >
        <SimpleTable
          head={[
            t('offboarding.processor'),
            t('offboarding.state'),
            t('offboarding.handling'),
            t('offboarding.dueOn'),
            t('offboarding.certificate'),
          ]}
          rows={items.map((o) => [
            <Anchor component={Link} to={`/offboarding/${o.id}`} key="l">
              <ProcessorName id={o.processorId} />
            </Anchor>,
            <OffboardingStatusBadge value={o.status} key="s" />,
            t(`offboarding.handlingOf.${o.dataHandling}`),
            formatDate(o.dueOn),
            o.certificateNumber ?? '—',
          ])}
        />
        {list.data && (
          <Pager page={page} total={list.data.total} pageSize={list.data.pageSize} onChange={setPage} />
        )}
      </ListState>
    </Stack>
  );
}
