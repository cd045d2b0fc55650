import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useServerNow } from '../../shared/clock';
import { formatDateTime } from '../../shared/format';
import type { Incident } from './hooks';

const HOUR = 3_600_000;

/** `71 h 59 min 58 s`: hours, minutes and seconds of a span, the hours not wrapped into days. */
function span(ms: number, t: (k: string, o?: Record<string, unknown>) => string): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  return t('breaches.countdown.span', {
    h: Math.floor(s / 3600),
    m: String(Math.floor((s % 3600) / 60)).padStart(2, '0'),
    s: String(s % 60).padStart(2, '0'),
  });
}

/**
 * The time left until the 72-hour deadline, ticking each second. It counts on the server's clock (the
 * answer's `asOf`), not the device's, so a wrong laptop clock cannot show time that is not there.
 */
export function Countdown({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const now = useServerNow(incident.asOf).getTime();
  const deadline = Date.parse(incident.notificationDeadline);
  const notice = incident.authorityNotice;
  const deadlineText = formatDateTime(incident.notificationDeadline);

  if (notice === 'notified' || notice === 'notified_late' || notice === 'not_required') {
    return (
      <Alert
        color={notice === 'notified_late' ? 'orange' : 'green'}
        title={t(`breaches.countdown.${notice}`)}
        variant="light"
      >
        {notice === 'not_required'
          ? t('breaches.countdown.notRequiredText', { deadline: deadlineText })
          : t('breaches.countdown.notifiedText', {
              at: formatDateTime(incident.authorityNotifiedAt),
              deadline: deadlineText,
            })}
      </Alert>
    );
  }
  const left = deadline - now;
  const overdue = left < 0;
  return (
    <Alert
      color={overdue ? 'red' : left < 24 * HOUR ? 'orange' : 'blue'}
      variant="light"
      title={overdue ? t('breaches.countdown.overdueTitle') : t('breaches.countdown.title')}
    >
      {/* A timer is not announced each second; its text is there whenever a reader asks for it. */}
      <Text role="timer" aria-label={t('breaches.countdown.label')} fz={28} fw={700} ff="monospace" lh={1.2}>
        {overdue
          ? t('breaches.countdown.overdueBy', { span: span(left, t) })
          : t('breaches.countdown.left', { span: span(left, t) })}
      </Text>
      <Text size="sm" mt={4}>
        {overdue
          ? t('breaches.countdown.overdueText', { deadline: deadlineText })
          : t('breaches.countdown.deadline', { deadline: deadlineText })}
      </Text>
    </Alert>
  );
}
