import { Anchor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../shared/format';
import { StatusBadge } from '../../shared/status';
import { SimpleTable } from '../../shared/ui';
import type { Processor } from './hooks';

/** Processors as a short table (name, status, country, assessment validity), each linking to its page. */
export function ProcessorSummaryTable({ items }: { items: Processor[] }) {
  const { t } = useTranslation();
  return (
    <SimpleTable
      head={[
        t('processors.name'),
        t('processors.status'),
        t('processors.country'),
        t('processors.validUntil'),
      ]}
      rows={items.map((p) => [
        <Anchor component={Link} to={`/processors/${p.id}`} key="l">
          {p.name}
        </Anchor>,
        <StatusBadge value={p.status} key="s" />,
        p.country,
        formatDate(p.assessmentValidUntil),
      ])}
    />
  );
}
