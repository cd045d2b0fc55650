import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, string> = {
  proposed: 'gray',
  under_assessment: 'blue',
  approved: 'teal',
  rejected: 'red',
  active: 'green',
  offboarding: 'orange',
  offboarded: 'gray',
  draft: 'gray',
  submitted: 'blue',
  in_review: 'blue',
  changes_requested: 'orange',
  sent: 'blue',
  signed: 'teal',
  expired: 'orange',
  terminated: 'red',
  superseded: 'gray',
  pending: 'gray',
  objection_window: 'orange',
  authorized: 'green',
  objected: 'red',
  low: 'green',
  medium: 'yellow',
  high: 'orange',
  critical: 'red',
};

/** A status in words and colour; the words come from the catalogue (`status.<value>`). */
export function StatusBadge({ value }: { value: string | null | undefined }) {
  const { t } = useTranslation();
  if (!value) return <>—</>;
  return (
    <Badge variant="filled" color={`${COLORS[value] ?? 'gray'}.2`} radius="sm">
      {t(`status.${value}`, { defaultValue: value })}
    </Badge>
  );
}
