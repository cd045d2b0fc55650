import { Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useProcessor } from '../processors/hooks';
import type { Offboarding } from './hooks';

/** Badges in narrow table cells show their whole text rather than an ellipsis. */
const WHOLE = { overflow: 'visible', maxWidth: 'none', textOverflow: 'clip' } as const;

const COLORS: Record<string, string> = { requested: 'blue', overdue: 'red', confirmed: 'green' };

export function OffboardingStatusBadge({ value }: { value: Offboarding['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="filled"
      color={`${COLORS[value] ?? 'gray'}.2`}
      c="dark.8"
      radius="sm"
      style={WHOLE}
      styles={{ label: WHOLE }}
    >
      {t(`offboarding.status.${value}`)}
    </Badge>
  );
}

/** A processor's name where an answer carries only its id (cached: each processor is fetched once). */
export function ProcessorName({ id }: { id: string }) {
  const processor = useProcessor(id);
  return <Text span>{processor.data?.name ?? '…'}</Text>;
}
