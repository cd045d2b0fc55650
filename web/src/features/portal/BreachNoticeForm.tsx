import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format';
import { BreachNoticeForm as NoticeForm } from '../breaches/BreachNoticeForm';
import { useReportIncident } from './api';
import { SentNotice } from './SentNotice';

/** The processor's contact sends a breach notice; `reportedAt` is the moment it arrives. */
export function BreachNoticeForm({ organization }: { organization: string }) {
  const { t } = useTranslation();
  const report = useReportIncident();
  const [round, setRound] = useState(0);

  if (report.data)
    return (
      <SentNotice
        title={t('portal.breach.sentTitle')}
        againLabel={t('portal.breach.another')}
        onAgain={() => {
          report.reset();
          setRound((r) => r + 1);
        }}
      >
        {t('portal.breach.sent', {
          organization,
          title: report.data.title,
          time: formatDateTime(report.data.reportedAt),
          id: report.data.id,
        })}
      </SentNotice>
    );

  return (
    <NoticeForm
      key={round}
      voice="processor"
      intro={t('portal.breach.intro', { organization })}
      submitLabel={t('portal.breach.send')}
      problemTitle={t('portal.notSent')}
      pending={report.isPending}
      error={report.error}
      onSubmit={(body) => report.mutate(body)}
    />
  );
}
