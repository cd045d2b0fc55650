import { Button, Code, Group, Stack, Text } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, WRITE } from '../../app/areas';
import { api, call } from '../../shared/api/client';
import { formatDateTime } from '../../shared/format';
import { notify } from '../../shared/notify';
import { ErrorNotice, ListState, Pager, Section, SimpleTable } from '../../shared/ui';
import { useMe } from '../auth/session';

/**
 * The chain's signed checkpoints: each signs the head of the audit chain with the audit key held outside
 * the database, is e-mailed to the DPOs, and is held against the chain by "Verify the chain", so a trail
 * cut back or rewritten below it is found. Custos signs one every night; an admin or the DPO signs one now
 * (before an audit, after an incident).
 */
export function Checkpoints() {
  const { t } = useTranslation();
  const { me } = useMe();
  const client = useQueryClient();
  const [page, setPage] = useState(1);
  const checkpoints = useQuery({
    queryKey: ['audit-checkpoints', page],
    queryFn: () =>
      call(() => api.GET('/api/v1/audit-events/checkpoints', { params: { query: { page, pageSize: 10 } } })),
    placeholderData: keepPreviousData,
  });
  const sign = useMutation({
    mutationFn: () => call(() => api.POST('/api/v1/audit-events/checkpoints')),
    onSuccess: (checkpoint) => {
      setPage(1);
      void client.invalidateQueries({ queryKey: ['audit-checkpoints'] });
      void client.invalidateQueries({ queryKey: ['audit-events'] });
      notify(t('checkpoints.signed', { seq: checkpoint.seq }), 'green');
    },
  });
  return (
    <Section title={t('checkpoints.title')}>
      <Stack gap="sm">
        <Text size="sm">{t('checkpoints.intro')}</Text>
        {can(me.roles, WRITE.auditCheckpoint) && (
          <Group>
            <Button variant="default" onClick={() => sign.mutate()} loading={sign.isPending}>
              {t('checkpoints.sign')}
            </Button>
          </Group>
        )}
        <ErrorNotice error={sign.error} />
        <ListState
          isLoading={checkpoints.isLoading}
          error={checkpoints.error}
          empty={!checkpoints.data?.items.length}
          emptyText={t('checkpoints.empty')}
        >
          <SimpleTable
            head={[
              t('checkpoints.at'),
              t('checkpoints.trigger'),
              t('checkpoints.seq'),
              t('checkpoints.hash'),
            ]}
            rows={(checkpoints.data?.items ?? []).map((c) => [
              formatDateTime(c.createdAt),
              t(`checkpoints.triggers.${c.trigger}`, { defaultValue: c.trigger }),
              c.seq.toLocaleString(),
              <Code key="h" title={c.headHash}>
                {c.headHash.slice(0, 16)}…
              </Code>,
            ])}
          />
          {checkpoints.data && (
            <Pager
              page={page}
              total={checkpoints.data.total}
              pageSize={checkpoints.data.pageSize}
              onChange={setPage}
            />
          )}
        </ListState>
      </Stack>
    </Section>
  );
}
