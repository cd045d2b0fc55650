import { Badge, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../shared/api/client';
import { SimpleTable } from '../../shared/ui';

type Destination = Schemas['DestinationBasisResponse'];

const CLASSIFICATION_COLOR: Record<Destination['classification'], string> = {
  eea: 'teal.2',
  adequate: 'teal.2',
  third_country: 'yellow.2',
};

/**
 * Where the data would go and on what basis (Chapter V): per destination and recipient, EEA, adequate
 * (which decision) or third country with the tool and TIA relied on, or why there is no basis.
 */
export function Destinations({ destinations }: { destinations: Destination[] }) {
  const { t } = useTranslation();
  if (destinations.length === 0) return null;
  return (
    <Stack gap="xs" component="section" aria-labelledby="destinations-heading">
      <Title order={3} size="h5" id="destinations-heading">
        {t('transfers.destinations.title')}
      </Title>
      <SimpleTable
        minWidth={640}
        head={[
          t('transfers.destinations.destination'),
          t('transfers.destinations.recipient'),
          t('transfers.destinations.classification'),
          t('transfers.destinations.basis'),
        ]}
        rows={destinations.map((d) => [
          `${d.destinationName} (${d.destination})`,
          <Stack gap={0} key="r">
            <Text size="sm">{d.recipientName}</Text>
            <Text size="xs" c="dimmed">
              {t(`transfers.destinations.legs.${d.leg}`)}
            </Text>
          </Stack>,
          <Badge
            key="c"
            variant="filled"
            radius="sm"
            color={d.problem ? 'red.2' : CLASSIFICATION_COLOR[d.classification]}
            style={{ overflow: 'visible' }}
            styles={{ label: { overflow: 'visible' } }}
          >
            {t(`transfers.destinations.classifications.${d.classification}`)}
          </Badge>,
          <Text size="sm" key="b">
            {d.explanation}
          </Text>,
        ])}
      />
    </Stack>
  );
}
