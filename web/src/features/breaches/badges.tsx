import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Incident } from './hooks';

const STATUS_COLORS: Record<Incident['status'], string> = {
  open: 'red',
  contained: 'orange',
  closed: 'gray',
};
const NOTICE_COLORS: Record<Incident['authorityNotice'], string> = {
  pending: 'blue',
  overdue: 'red',
  notified: 'green',
  notified_late: 'orange',
  not_required: 'gray',
};

/** Badges in narrow table cells show their whole text rather than an ellipsis. */
const WHOLE = { overflow: 'visible', maxWidth: 'none', textOverflow: 'clip' } as const;

/** Where the breach itself stands: open, contained, closed. */
export function IncidentStatusBadge({ value }: { value: Incident['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="filled"
      color={`${STATUS_COLORS[value]}.2`}
      c="dark.8"
      radius="sm"
      style={WHOLE}
      styles={{ label: WHOLE }}
    >
      {t(`breaches.status.${value}`)}
    </Badge>
  );
}

/** Where the notification to the supervisory authority stands (Art. 33(1)). */
export function NoticeBadge({ value }: { value: Incident['authorityNotice'] }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="filled"
      color={`${NOTICE_COLORS[value]}.2`}
      c="dark.8"
      radius="sm"
      style={WHOLE}
      styles={{ label: WHOLE }}
    >
      {t(`breaches.notice.state.${value}`)}
    </Badge>
  );
}
