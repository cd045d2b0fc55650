import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call, download } from '../../shared/api/client';
import { formatDateTime } from '../../shared/format';
import { ErrorNotice, ListState } from '../../shared/ui';

/** Who holds which role, last sign-in, MFA and password age, with what deserves a look; as CSV too. */
export function AccessReview() {
  const { t } = useTranslation();
  const review = useQuery({
    queryKey: ['access-review'],
    queryFn: () => call(() => api.GET('/api/v1/users/access-review')),
  });
  const csv = useMutation({
    mutationFn: () =>
      download(
        '/api/v1/users/access-review?format=csv',
        `access-review-${(review.data?.generatedAt ?? new Date().toISOString()).slice(0, 10)}.csv`,
      ),
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {review.data
            ? t('accessReview.introAt', { when: formatDateTime(review.data.generatedAt) })
            : t('accessReview.intro')}
        </Text>
        <Button variant="default" onClick={() => csv.mutate()} loading={csv.isPending}>
          {t('accessReview.download')}
        </Button>
      </Group>
      <ErrorNotice error={csv.error} />
      <ListState
        isLoading={review.isLoading}
        error={review.error}
        empty={!review.data?.items.length}
        emptyText={t('admin.empty')}
      >
        <Table.ScrollContainer minWidth={760}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.name')}</Table.Th>
                <Table.Th>{t('admin.roles')}</Table.Th>
                <Table.Th>{t('admin.lastLogin')}</Table.Th>
                <Table.Th>{t('admin.mfa')}</Table.Th>
                <Table.Th>{t('accessReview.passwordAge')}</Table.Th>
                <Table.Th>{t('accessReview.flags')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {review.data?.items.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    <Text size="sm">{u.name}</Text>
                    <Text size="xs" c="dimmed">
                      {u.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>{u.roles.map((r) => t(`roles.${r}`)).join(', ')}</Table.Td>
                  <Table.Td>
                    {u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t('accessReview.never')}
                  </Table.Td>
                  <Table.Td>{u.mfaEnabled ? t('accessReview.mfaOn') : t('accessReview.mfaOff')}</Table.Td>
                  <Table.Td>{t('accessReview.days', { count: u.passwordAgeDays })}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {u.flags.map((f) => (
                        <Badge key={f} color="orange.2" variant="filled" radius="sm">
                          {t(`accessReview.flag.${f}`, { defaultValue: f })}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </ListState>
    </Stack>
  );
}
