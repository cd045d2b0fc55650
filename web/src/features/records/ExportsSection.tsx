import { Anchor, Button, Card, Group, Progress, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../shared/notify';
import { download } from '../../shared/api/client';
import { formatDate, formatDateTime, today } from '../../shared/format';
import { ErrorNotice, fieldErrors, FormProblem, ListState, Pager, SimpleTable } from '../../shared/ui';
import {
  FORMATS,
  useExport,
  useExports,
  useRequestExport,
  type ExportFormat,
  type RecordExport,
} from './hooks';

const STEP: Record<RecordExport['status'], number> = { queued: 15, running: 60, completed: 100, failed: 100 };

function DownloadLink({ item, label }: { item: RecordExport; label?: string }) {
  const { t } = useTranslation();
  const path = `/api/v1/records/exports/${item.id}/file`;
  const filename = item.filename ?? `${item.id}.${item.format}`;
  return (
    <Anchor
      href={path}
      aria-label={label}
      onClick={(event) => {
        event.preventDefault();
        download(path, filename).catch((error: unknown) =>
          notify(error instanceof Error ? error.message : String(error), 'red'),
        );
      }}
    >
      {t('records.exports.download')}
    </Anchor>
  );
}

/** The export just requested, from queued to completed, polled; finished, it offers its file. */
function ExportProgress({ id }: { id: string }) {
  const { t } = useTranslation();
  const current = useExport(id);
  const item = current.data;
  const client = useQueryClient();
  const finished = item?.status === 'completed' || item?.status === 'failed';
  useEffect(() => {
    if (finished) void client.invalidateQueries({ queryKey: ['records', 'exports'] });
  }, [finished, client]);
  return (
    <Stack gap="xs" role="status" aria-live="polite" aria-label={t('records.exports.progress')}>
      {current.error && <ErrorNotice error={current.error} />}
      {item && (
        <>
          <Text size="sm">
            {t(`records.exports.status.${item.status}`)}
            {item.status === 'failed' && item.error ? ` — ${item.error}` : ''}
          </Text>
          <Progress
            value={STEP[item.status]}
            color={item.status === 'failed' ? 'red' : item.status === 'completed' ? 'teal' : 'blue'}
            animated={item.status === 'queued' || item.status === 'running'}
            aria-hidden="true"
          />
          {item.status === 'completed' && (
            <Group gap="sm" wrap="wrap">
              <DownloadLink item={item} />
              <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
                SHA-256 {item.sha256}
              </Text>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}

/** Exports of the whole record (XLSX, CSV, JSON, PDF), now or as of a past day, and the past ones. */
export function ExportsSection({ canExport }: { canExport: boolean }) {
  const { t } = useTranslation();
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [asOf, setAsOf] = useState('');
  const [page, setPage] = useState(1);
  const [requested, setRequested] = useState<string>();
  const request = useRequestExport();
  const list = useExports(page);
  const field = fieldErrors(request.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    request.mutate({ format, ...(asOf ? { asOf } : {}) }, { onSuccess: (queued) => setRequested(queued.id) });
  }

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="exports-heading">
      <Stack>
        <Title order={2} size="h3" id="exports-heading">
          {t('records.exports.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('records.exports.intro')}
        </Text>
        {canExport && (
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <FormProblem error={request.error} title={t('records.exports.notQueued')} />
              <Group align="flex-start" wrap="wrap">
                <Select
                  label={t('records.exports.format')}
                  data={FORMATS.map((f) => ({ value: f, label: f.toUpperCase() }))}
                  value={format}
                  onChange={(v) => v && setFormat(v)}
                  allowDeselect={false}
                  error={field('format')}
                  w={{ base: '100%', xs: 160 }}
                />
                <TextInput
                  type="date"
                  label={t('records.exports.asOf')}
                  description={t('records.exports.asOfHint')}
                  max={today()}
                  value={asOf}
                  onChange={(e) => setAsOf(e.currentTarget.value)}
                  error={field('asOf')}
                  w={{ base: '100%', xs: 220 }}
                />
              </Group>
              <Group>
                <Button type="submit" loading={request.isPending}>
                  {t('records.exports.export')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        {requested && <ExportProgress id={requested} />}
        <Title order={3} size="h5">
          {t('records.exports.past')}
        </Title>
        <ListState
          isLoading={list.isLoading}
          error={list.error}
          empty={!list.data?.items.length}
          emptyText={t('records.exports.none')}
        >
          <SimpleTable
            minWidth={820}
            head={[
              t('records.exports.requested'),
              t('records.exports.format'),
              t('records.exports.stateOf'),
              t('records.exports.statusLabel'),
              'SHA-256',
              t('records.exports.file'),
            ]}
            rows={(list.data?.items ?? []).map((item) => [
              formatDateTime(item.createdAt),
              item.format.toUpperCase(),
              item.asOf ? formatDate(item.asOf) : formatDateTime(item.snapshotAt),
              t(`records.exports.status.${item.status}`),
              item.sha256 ? (
                <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }} maw={280}>
                  {item.sha256}
                </Text>
              ) : (
                '—'
              ),
              item.status === 'completed' ? (
                <DownloadLink
                  item={item}
                  label={t('records.exports.downloadNamed', { name: item.filename ?? item.format })}
                />
              ) : (
                '—'
              ),
            ])}
          />
          {list.data && (
            <Pager page={page} total={list.data.total} pageSize={list.data.pageSize} onChange={setPage} />
          )}
        </ListState>
      </Stack>
    </Card>
  );
}
