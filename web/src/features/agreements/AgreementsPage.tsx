import { Anchor, Card, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorNotice, ListState, PageHeader, PageLoader, Pager, Section } from '../../shared/ui';
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

/** The processors of one status, a page at a time. */
function ProcessorsIn({
  status,
  title,
  emptyText,
}: {
  status: 'approved' | 'active';
  title: string;
  emptyText: string;
}) {
  const [page, setPage] = useState(1);
  const list = useProcessors({ status, page });
  return (
    <Section title={title}>
      <ListState
        isLoading={list.isLoading}
        error={list.error}
        empty={!list.data?.items.length}
        emptyText={emptyText}
      >
        <ProcessorSummaryTable items={list.data?.items ?? []} />
        {list.data && (
          <Pager page={page} total={list.data.total} pageSize={list.data.pageSize} onChange={setPage} />
        )}
      </ListState>
    </Section>
  );
}

/**
 * Agreements belong to processors: this page lists the processors that may hold one, those approved
 * and waiting for an agreement in force and those active under one, each with its own pages; with
 * `?draftFor=<processor>` it drafts a new one.
 */
export default function AgreementsPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const draftFor = params.get('draftFor');
  if (draftFor) return <Draft processorId={draftFor} />;
  return (
    <Stack>
      <PageHeader title={t('areas.agreements')}>{t('agreements.intro')}</PageHeader>
      <ProcessorsIn
        status="approved"
        title={t('agreements.approvedTitle')}
        emptyText={t('agreements.noApproved')}
      />
      <ProcessorsIn
        status="active"
        title={t('agreements.activeTitle')}
        emptyText={t('agreements.noActive')}
      />
    </Stack>
  );
}
