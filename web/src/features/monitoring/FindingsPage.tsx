import {
  Badge,
  Box,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../shared/notify';
import { can, WRITE } from '../../app/areas';
import { formatDate } from '../../shared/format';
import { Dialog, fieldErrors, FormProblem, ListState, PageHeader, Pager } from '../../shared/ui';
import { useMe } from '../auth/session';
import { ProcessorPicker } from '../processors/ProcessorPicker';
import {
  FINDING_MOVES,
  FINDING_STATUSES,
  OPEN_FINDING_STATUSES,
  useFindings,
  useProcessorNames,
  useUpdateFinding,
  type Finding,
  type FindingStatus,
} from './hooks';

const SEVERITY_COLORS: Record<Finding['severity'], string> = {
  low: 'green',
  medium: 'yellow',
  high: 'orange',
  critical: 'red',
};

function ChangeStatusForm({
  finding,
  acceptsRisk,
  onDone,
}: {
  finding: Finding;
  acceptsRisk: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateFinding(finding.id);
  // Accepting a risk, and closing a critical finding, is the DPO's decision: others are not offered it.
  const moves = FINDING_MOVES[finding.status].filter(
    (s) => acceptsRisk || (s !== 'risk_accepted' && !(finding.severity === 'critical' && s === 'resolved')),
  );
  const [status, setStatus] = useState<FindingStatus | null>(moves[0] ?? null);
  const [owner, setOwner] = useState(finding.owner ?? '');
  const [dueOn, setDueOn] = useState(finding.dueOn ?? '');
  const [resolution, setResolution] = useState(finding.resolution ?? '');
  const field = fieldErrors(update.error);
  const closing = status === 'resolved' || status === 'risk_accepted';

  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate(
      {
        ...(status ? { status } : {}),
        owner: owner.trim() || null,
        dueOn: dueOn || null,
        resolution: resolution.trim() || null,
        version: finding.version,
      },
      {
        onSuccess: (saved) => {
          notify(t('findings.moved', { title: saved.title, status: t(`status.${saved.status}`) }), 'green');
          onDone();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormProblem error={update.error} title={t('findings.notSaved')} />
        <Select
          label={t('findings.newStatus')}
          data={moves.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          value={status}
          allowDeselect={false}
          onChange={(v) => setStatus(v)}
          error={field('status')}
          description={!acceptsRisk ? t('findings.dpoOnly') : undefined}
        />
        <TextInput
          label={t('findings.owner')}
          value={owner}
          onChange={(e) => setOwner(e.currentTarget.value)}
          error={field('owner')}
        />
        <TextInput
          type="date"
          label={t('findings.dueOn')}
          value={dueOn}
          onChange={(e) => setDueOn(e.currentTarget.value)}
          error={field('dueOn')}
        />
        <Textarea
          label={status === 'risk_accepted' ? t('findings.whyAccepted') : t('findings.resolution')}
          required={closing}
          autosize
          minRows={2}
          value={resolution}
          onChange={(e) => setResolution(e.currentTarget.value)}
          error={field('resolution')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            {t('findings.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function FindingCard({
  finding,
  processor,
  canWrite,
  onChange,
}: {
  finding: Finding;
  processor: string;
  canWrite: boolean;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm" component="li" style={{ listStyle: 'none' }}>
      <Stack gap={6}>
        <Text fw={600} size="sm">
          {finding.title}
        </Text>
        <Group gap={6} wrap="wrap">
          <Badge color={`${SEVERITY_COLORS[finding.severity]}.2`} variant="filled" radius="sm">
            {t(`monitoring.severity.${finding.severity}`)}
          </Badge>
          {finding.overdue && (
            <Badge color="red.9" variant="filled" radius="sm">
              {t('findings.overdue')}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {processor} · {t(`findings.source.${finding.source}`)}
        </Text>
        <Text size="xs">
          {t('findings.due', { date: formatDate(finding.dueOn) })}
          {finding.owner ? ` · ${t('findings.ownedBy', { owner: finding.owner })}` : ''}
        </Text>
        {finding.resolution && (
          <Text size="xs" c="dimmed" lineClamp={3}>
            {finding.resolution}
          </Text>
        )}
        {canWrite && (
          <Group>
            <Button
              size="xs"
              variant="light"
              aria-label={t('findings.changeNamed', { title: finding.title })}
              onClick={onChange}
            >
              {t('findings.change')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function Column({
  status,
  processorId,
  canWrite,
  onChange,
}: {
  status: FindingStatus;
  processorId?: string;
  canWrite: boolean;
  onChange: (finding: Finding) => void;
}) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const list = useFindings({ status, processorId, page });
  // Every overdue finding of the column counts, not only those of the page shown (only open ones can be).
  const open = OPEN_FINDING_STATUSES.includes(status);
  const late = useFindings({ status, processorId, overdue: true, page: 1, pageSize: 1 }, open);
  const items = list.data?.items ?? [];
  const names = useProcessorNames(items.map((f) => f.processorId));
  const nameOf = (id: string) => names(id) ?? t('monitoring.unknownProcessor');
  const overdue = open ? (late.data?.total ?? 0) : 0;
  const total = list.data?.total ?? 0;
  const pageSize = list.data?.pageSize ?? 20;
  // A finding moved to another column can leave this page empty: go back to the last page with any.
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  useEffect(() => {
    if (list.data && !list.isPlaceholderData && page > lastPage) setPage(lastPage);
  }, [list.data, list.isPlaceholderData, page, lastPage]);
  return (
    <Card
      withBorder
      padding="md"
      bg="var(--mantine-color-default-hover)"
      component="section"
      aria-labelledby={`col-${status}`}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} size="h4" id={`col-${status}`}>
            {t(`status.${status}`)}{' '}
            <Text span c="dimmed" size="sm">
              ({list.data?.total ?? 0})
            </Text>
          </Title>
          {overdue > 0 && (
            <Badge color="red.2" variant="filled" radius="sm">
              {t('findings.overdueCount', { count: overdue })}
            </Badge>
          )}
        </Group>
        <ListState
          isLoading={list.isLoading}
          error={list.error}
          empty={!items.length}
          emptyText={t('findings.none')}
        >
          <Stack gap="xs" component="ul" p={0} m={0}>
            {items.map((f) => (
              <FindingCard
                key={f.id}
                finding={f}
                processor={nameOf(f.processorId)}
                canWrite={canWrite}
                onChange={() => onChange(f)}
              />
            ))}
          </Stack>
          {total > pageSize && <Pager page={page} total={total} pageSize={pageSize} onChange={setPage} />}
        </ListState>
      </Stack>
    </Card>
  );
}

/** Findings as a board by status, overdue ones marked; legal and the DPO move them (the DPO accepts risks). */
export default function FindingsPage() {
  const { t } = useTranslation();
  const { me } = useMe();
  const [processorId, setProcessorId] = useState<string | null>(null);
  const [changing, setChanging] = useState<Finding>();
  const canWrite = can(me.roles, WRITE.monitoring);
  return (
    <Stack>
      <PageHeader title={t('findings.title')}>{t('findings.intro')}</PageHeader>
      <Box maw={420}>
        <ProcessorPicker
          label={t('findings.processor')}
          value={processorId}
          onChange={setProcessorId}
          clearable
        />
      </Box>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
        {FINDING_STATUSES.map((status) => (
          <Column
            key={`${status}:${processorId ?? ''}`}
            status={status}
            processorId={processorId ?? undefined}
            canWrite={canWrite}
            onChange={setChanging}
          />
        ))}
      </SimpleGrid>
      <Dialog
        opened={!!changing}
        onClose={() => setChanging(undefined)}
        title={changing ? t('findings.changeTitle', { title: changing.title }) : ''}
      >
        {changing && (
          <ChangeStatusForm
            finding={changing}
            acceptsRisk={can(me.roles, WRITE.acceptRisk)}
            onDone={() => setChanging(undefined)}
          />
        )}
      </Dialog>
    </Stack>
  );
}
