import { Card, SimpleGrid, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { areasFor } from '../../app/areas';
import { useMe } from '../auth/session';
import { PageHeader } from '../../shared/ui';

/** The start page: the areas this user works in, each with a line on what is done there. */
export default function DashboardPage() {
  const { t } = useTranslation();
  const { me } = useMe();
  const areas = areasFor(me.roles).filter((a) => a.key !== 'dashboard');
  return (
    <>
      <PageHeader title={t('dashboard.title', { name: me.name })}>{t('dashboard.intro')}</PageHeader>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {areas.map((area) => (
          <Card key={area.key} withBorder padding="lg" component={Link} to={area.path}>
            <Title order={2} size="h3" mb={4}>
              {t(`areas.${area.key}`)}
            </Title>
            <Text size="sm" c="dimmed">
              {t(`dashboard.areas.${area.key}`)}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </>
  );
}
