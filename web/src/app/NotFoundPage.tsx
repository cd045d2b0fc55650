import { useTranslation } from 'react-i18next';
import { PageHeader } from '../shared/ui';

/** An address the console has no page for. */
export default function NotFoundPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('notFound.title')}>{t('notFound.text')}</PageHeader>;
}
