import { Anchor, Card, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorNotice, ListState, PageHeader, PageLoader, Pager } from '../../shared/ui';
import { useProcessor, useProcessors } from '../processors/hooks';
import { ProcessorSummaryTable } from '../processors/ProcessorSummaryTable';
import { DraftAgreementForm } from './DraftAgreementForm';

function Draft({ processorId }: { processorId: string }) {
  const { t } = useTranslation();
  const processor = useProcessor(processorId);
  if (processor.isLoading) return <PageLoader />;
  if (!processor.data) return <ErrorNotice error={processor.error} />;
  return (
    <Stack>
      <PageHeader title={t('agreements.draftFor', { name: processor.data.name })}>
        <Anchor component={Link} to={`/processors/${processorId}`} size="sm">
          {t('assessments.backToProcessor')}
        </Anchor>
      </PageHeader>
      <Card withBorder padding="lg">
        <DraftAgreementForm processor={processor.data} />
      </Card>
    </Stack>
  );
}

/**
 * Agreements belong to processors: this page lists the processors that may hold one (approved and
 * active), and with `?draftFor=<processor>` drafts a new one.
 */
export default function AgreementsPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const draftFor = params.get('draftFor');
  const [page, setPage] = useState(1);
  const list = useProcessors({ status: 'active', page }, !draftFor);
  const approved = useProcessors({ status: 'approved', page: 1, pageSize: 100 }, !draftFor);
  if (draftFor) return <Draft processorId={draftFor} />;
  const items = [...(approved.data?.items ?? []), ...(list.data?.items ?? [])];
  return (
    <Stack>
      <PageHeader title={t('areas.agreements')}>{t('agreements.intro')}</PageHeader>
      <ListState
        isLoading={list.isLoading || approved.isLoading}
        error={list.error ?? approved.error}
        empty={!items.length}
        emptyText={t('agreements.noProcessors')}
      >
        <ProcessorSummaryTable items={items} />
        {list.data && (
          <Pager
            page={page}
            total={list.data.total + (approved.data?.total ?? 0)}
            pageSize={list.data.pageSize}
            onChange={setPage}
          />
        )}
      </ListState>
    </Stack>
  );
}
