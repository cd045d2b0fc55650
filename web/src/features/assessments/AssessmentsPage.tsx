import { Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListState, PageHeader, Pager, Section } from '../../shared/ui';
import { useProcessors } from '../processors/hooks';
import { ProcessorSummaryTable } from '../processors/ProcessorSummaryTable';
import { Questionnaires } from './Questionnaires';

/**
 * Assessments start from a processor's page; this page lists the processors being assessed now, each
 * leading to its assessments, and the questionnaires assessments are run against.
 */
export default function AssessmentsPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const list = useProcessors({ status: 'under_assessment', page });
  return (
    <Stack>
      <PageHeader title={t('areas.assessments')}>{t('assessments.intro')}</PageHeader>
      <ListState
        isLoading={list.isLoading}
        error={list.error}
        empty={!list.data?.items.length}
        emptyText={t('assessments.noneUnderAssessment')}
      >
        <ProcessorSummaryTable items={list.data?.items ?? []} />
        {list.data && (
          <Pager page={page} total={list.data.total} pageSize={list.data.pageSize} onChange={setPage} />
        )}
      </ListState>
      <Section title={t('questionnaires.title')}>
        <Questionnaires />
      </Section>
    </Stack>
  );
}
