import { Anchor, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '../../shared/format';
import { ErrorNotice, PageHeader, PageLoader } from '../../shared/ui';
import { useProcessor } from '../processors/hooks';
import { useTransferDecision } from './hooks';
import { DecisionFacts } from './DecisionFacts';
import { Destinations } from './Destinations';
import { Answer } from './Reasons';

/** A stored decision: what was asked, the answer, and the facts it rested on at the time. */
export default function TransferDecisionPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const decision = useTransferDecision(id);
  const processor = useProcessor(decision.data?.processorId);
  if (decision.isLoading) return <PageLoader />;
  if (decision.error || !decision.data) return <ErrorNotice error={decision.error} />;
  const d = decision.data;
  return (
    <Stack gap="lg">
      <PageHeader title={t('transfers.decisionTitle')}>
        {t('transfers.decisionOf', { date: formatDateTime(d.checkedAt) })}
      </PageHeader>
      <Card withBorder padding="lg">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <div>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase">
              {t('transfers.processor')}
            </Text>
            <Anchor component={Link} to={`/processors/${d.processorId}`}>
              {processor.data?.name ?? d.processorId}
            </Anchor>
          </div>
          <div>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase">
              {t('transfers.purpose')}
            </Text>
            <Text size="sm">{d.purpose}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase">
              {t('transfers.dataCategories')}
            </Text>
            <Text size="sm">{d.dataCategories.join(', ')}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase">
              {t('transfers.destinationCountry')}
            </Text>
            <Text size="sm">{d.destinationCountry ?? '—'}</Text>
          </div>
        </SimpleGrid>
      </Card>
      <Answer eligible={d.eligible} reasons={d.reasons} processorId={d.processorId} />
      {d.destinations.length > 0 && (
        <Card withBorder padding="lg">
          <Destinations destinations={d.destinations} />
        </Card>
      )}
      <Card withBorder padding="lg">
        <Title order={2} size="h3" mb="xs">
          {t('transfers.facts')}
        </Title>
        <Text size="xs" c="dimmed" mb="xs">
          {t('transfers.ruleSet', { version: d.ruleSetVersion })}
        </Text>
        <DecisionFacts facts={d.facts} />
      </Card>
    </Stack>
  );
}
