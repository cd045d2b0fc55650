import { Alert, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Brand } from '../../app/Brand';
import { PageHeader } from '../../shared/ui';

/** Areas whose pages come in the console's part 2 (records, monitoring, …) and the public pages. */
export default function ReservedPage({ area, standalone = false }: { area: string; standalone?: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack>
      {standalone && <Brand size="lg" />}
      <PageHeader title={t(`reserved.${area}.title`)}>{t(`reserved.${area}.text`)}</PageHeader>
      {area !== 'notFound' && (
        <Alert variant="light" color="gray">
          {t('reserved.comingSoon')}
        </Alert>
      )}
    </Stack>
  );
}
