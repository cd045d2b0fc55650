import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  NumberInput,
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
import { download, type Schemas } from '../../shared/api/client';
import { formatDate, formatDateTime } from '../../shared/format';
import {
  Dialog,
  ErrorNotice,
  fieldErrors,
  FormProblem,
  ListState,
  PageHeader,
  PageLoader,
  Pager,
  SimpleTable,
} from '../../shared/ui';
import { useMe } from '../auth/session';
import { ProcessorPicker } from '../processors/ProcessorPicker';
import {
  CHECK_STATUSES,
  SEVERITIES,
  useAddCheck,
  useCadence,
  useChecks,
  useProcessorNames,
  useRecordResult,
  useRunSweep,
  useSetCadence,
  useSweepRuns,
  type Cadence,
  type Check,
  type CheckStatus,
  type SweepRun,
} from './hooks';

type NewFinding = Schemas['NewFindingDto'];
type Result = Schemas['RecordResultDto']['result'];

const CHECK_COLORS: Record<CheckStatus, string> = {
  scheduled: 'gray',
  due: 'blue',
  overdue: 'red',
  passed: 'green',
  failed: 'red',
  warning: 'yellow',
};

export function CheckStatusBadge({ status }: { status: CheckStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="filled" color={`${CHECK_COLORS[status]}.2`} radius="sm">
      {t(`monitoring.checkStatus.${status}`)}
    </Badge>
  );
}

function RecordResultForm({
  check,
  processor,
  onDone,
}: {
  check: Check;
  processor: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const record = useRecordResult(check.id);
  const [result, setResult] = useState<Result>('passed');
  const [notes, setNotes] = useState('');
  const [evidence, setEvidence] = useState<File[]>([]);
  const [findings, setFindings] = useState<NewFinding[]>([]);
  const field = fieldErrors(record.error);
  const setFinding = (i: number, patch: Partial<NewFinding>) =>
    setFindings((list) => list.map((f, j) => (j === i ? { ...f, ...patch } : f)));

  function submit(event: FormEvent) {
    event.preventDefault();
    record.mutate(
      {
        body: {
          result,
          notes,
          findings: findings.map((f) => ({ ...f, ...(f.dueOn ? {} : { dueOn: undefined }) })),
        },
        evidence,
      },
      {
        onSuccess: (recorded) => {
          notify(t('monitoring.record.saved', { processor, count: recorded.findings.length }), 'green');
          onDone();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormProblem error={record.error} title={t('monitoring.record.notSaved')} />
        <Select
          label={t('monitoring.record.result')}
          required
          allowDeselect={false}
          data={(['passed', 'warning', 'failed'] as const).map((r) => ({
            value: r,
            label: t(`monitoring.checkStatus.${r}`),
          }))}
          value={result}
          onChange={(v) => v && setResult(v)}
          error={field('result')}
        />
        <Textarea
          label={t('monitoring.record.notes')}
          required
          autosize
          minRows={3}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          error={field('notes')}
        />
        <FileInput
          label={t('monitoring.record.evidence')}
          description={t('monitoring.record.evidenceHint')}
          multiple
          clearable
          clearButtonProps={{ 'aria-label': t('monitoring.record.clearEvidence') }}
          value={evidence}
          onChange={setEvidence}
        />
        <Stack gap="xs" role="group" aria-label={t('monitoring.record.findings')}>
          <Text size="sm" fw={500}>
            {t('monitoring.record.findings')}
          </Text>
          {findings.map((f, i) => (
            <Group key={i} align="flex-end" wrap="nowrap" gap="xs">
              <SimpleGrid cols={{ base: 1, sm: 3 }} style={{ flex: 1 }}>
                <TextInput
                  label={t('monitoring.record.findingTitle', { n: i + 1 })}
                  required
                  value={f.title}
                  onChange={(e) => setFinding(i, { title: e.currentTarget.value })}
                  error={field(`findings.${i}.title`) ?? field(`findings[${i}].title`)}
                />
                <Select
                  label={t('monitoring.record.severity', { n: i + 1 })}
                  allowDeselect={false}
                  data={SEVERITIES.map((s) => ({ value: s, label: t(`monitoring.severity.${s}`) }))}
                  value={f.severity}
                  onChange={(v) => v && setFinding(i, { severity: v })}
                />
                <TextInput
                  type="date"
                  label={t('monitoring.record.findingDue', { n: i + 1 })}
                  value={f.dueOn ?? ''}
                  onChange={(e) => setFinding(i, { dueOn: e.currentTarget.value || undefined })}
                />
              </SimpleGrid>
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                aria-label={t('monitoring.record.removeFinding', { n: i + 1 })}
                onClick={() => setFindings((list) => list.filter((_, j) => j !== i))}
              >
                <span aria-hidden="true">✕</span>
              </ActionIcon>
            </Group>
          ))}
          {field('findings') && (
            <Text size="xs" c="red">
              {field('findings')}
            </Text>
          )}
          <Group>
            <Button
              size="xs"
              variant="light"
              onClick={() => setFindings((list) => [...list, { title: '', severity: 'medium' }])}
            >
              {t('monitoring.record.addFinding')}
            </Button>
          </Group>
        </Stack>
        <Group justify="flex-end">
          <Button type="submit" loading={record.isPending}>
            {t('monitoring.record.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type CheckType = Schemas['CreateCheckDto']['type'];
const CHECK_TYPES: CheckType[] = ['periodic_review', 'audit', 'certification_review', 'agreement_review'];

/** An ad-hoc check (an audit, a certification or agreement review) besides the planned ones. */
function AddCheckForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const add = useAddCheck();
  const [processorId, setProcessorId] = useState<string | null>(null);
  const [type, setType] = useState<CheckType>('audit');
  const [dueOn, setDueOn] = useState('');
  const field = fieldErrors(add.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!processorId) return;
    add.mutate({ processorId, body: { type, dueOn } }, { onSuccess: onDone });
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormProblem error={add.error} title={t('monitoring.add.notSaved')} />
        <ProcessorPicker
          label={t('monitoring.plan.processor')}
          required
          value={processorId}
          onChange={setProcessorId}
        />
        <Select
          label={t('monitoring.plan.type')}
          required
          allowDeselect={false}
          data={CHECK_TYPES.map((c) => ({ value: c, label: t(`monitoring.checkType.${c}`) }))}
          value={type}
          onChange={(v) => v && setType(v)}
          error={field('type')}
        />
        <TextInput
          type="date"
          label={t('monitoring.plan.dueOn')}
          required
          value={dueOn}
          onChange={(e) => setDueOn(e.currentTarget.value)}
          error={field('dueOn')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={add.isPending} disabled={!processorId || !dueOn}>
            {t('monitoring.add.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CheckPlan({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const [processorId, setProcessorId] = useState<string | null>(null);
  const [status, setStatus] = useState<CheckStatus | null>(null);
  const [page, setPage] = useState(1);
  const [recording, setRecording] = useState<Check>();
  const [adding, setAdding] = useState(false);
  const checks = useChecks({ processorId: processorId ?? undefined, status: status ?? undefined, page });
  const names = useProcessorNames((checks.data?.items ?? []).map((c) => c.processorId));
  const nameOf = (id: string) => names(id) ?? t('monitoring.unknownProcessor');
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="plan-heading">
      <Stack>
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h3" id="plan-heading">
            {t('monitoring.plan.title')}
          </Title>
          {canWrite && <Button onClick={() => setAdding(true)}>{t('monitoring.add.title')}</Button>}
        </Group>
        <Text size="sm" c="dimmed">
          {t('monitoring.plan.intro')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} maw={720}>
          <ProcessorPicker
            label={t('monitoring.plan.processor')}
            value={processorId}
            onChange={(v) => {
              setProcessorId(v);
              setPage(1);
            }}
            clearable
          />
          <Select
            label={t('monitoring.plan.status')}
            clearable
            data={CHECK_STATUSES.map((s) => ({ value: s, label: t(`monitoring.checkStatus.${s}`) }))}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
          />
        </SimpleGrid>
        <ListState
          isLoading={checks.isLoading}
          error={checks.error}
          empty={!checks.data?.items.length}
          emptyText={t('monitoring.plan.none')}
        >
          <SimpleTable
            minWidth={760}
            head={[
              t('monitoring.plan.dueOn'),
              t('monitoring.plan.processor'),
              t('monitoring.plan.type'),
              t('monitoring.plan.status'),
              t('monitoring.plan.outcome'),
              ...(canWrite ? [t('monitoring.plan.action')] : []),
            ]}
            rows={(checks.data?.items ?? []).map((c) => {
              const open = !c.performedAt;
              return [
                formatDate(c.dueOn),
                nameOf(c.processorId),
                t(`monitoring.checkType.${c.type}`),
                <CheckStatusBadge status={c.status} key="s" />,
                c.performedAt ? (
                  <Stack gap={2} key="o">
                    <Text size="xs" c="dimmed">
                      {formatDateTime(c.performedAt)}
                    </Text>
                    {c.notes && (
                      <Text size="sm" lineClamp={2}>
                        {c.notes}
                      </Text>
                    )}
                    {c.evidence.map((file) => (
                      <Anchor
                        key={file.id}
                        size="xs"
                        href={`/api/v1/monitoring-checks/${c.id}/evidence/${file.id}`}
                        aria-label={t('monitoring.plan.evidenceNamed', { name: file.filename })}
                        onClick={(event) => {
                          event.preventDefault();
                          download(
                            `/api/v1/monitoring-checks/${c.id}/evidence/${file.id}`,
                            file.filename,
                          ).catch((error: unknown) =>
                            notify(error instanceof Error ? error.message : String(error), 'red'),
                          );
                        }}
                      >
                        {file.filename}
                      </Anchor>
                    ))}
                  </Stack>
                ) : (
                  '—'
                ),
                ...(canWrite
                  ? [
                      open ? (
                        <Button
                          size="xs"
                          variant="light"
                          key="a"
                          aria-label={t('monitoring.plan.recordNamed', {
                            type: t(`monitoring.checkType.${c.type}`),
                            processor: nameOf(c.processorId),
                          })}
                          onClick={() => setRecording(c)}
                        >
                          {t('monitoring.plan.record')}
                        </Button>
                      ) : (
                        '—'
                      ),
                    ]
                  : []),
              ];
            })}
          />
          {checks.data && (
            <Pager page={page} total={checks.data.total} pageSize={checks.data.pageSize} onChange={setPage} />
          )}
        </ListState>
      </Stack>
      <Dialog opened={adding} onClose={() => setAdding(false)} title={t('monitoring.add.title')}>
        {adding && <AddCheckForm onDone={() => setAdding(false)} />}
      </Dialog>
      <Dialog
        opened={!!recording}
        onClose={() => setRecording(undefined)}
        size="lg"
        title={
          recording
            ? t('monitoring.record.title', {
                type: t(`monitoring.checkType.${recording.type}`),
                processor: nameOf(recording.processorId),
              })
            : ''
        }
      >
        {recording && (
          <RecordResultForm
            check={recording}
            processor={nameOf(recording.processorId)}
            onDone={() => setRecording(undefined)}
          />
        )}
      </Dialog>
    </Card>
  );
}

const RISKS = ['high', 'medium', 'low'] as const;

function Settings({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const cadence = useCadence();
  const save = useSetCadence();
  const [draft, setDraft] = useState<Cadence>();
  useEffect(() => {
    if (cadence.data) setDraft(cadence.data);
  }, [cadence.data]);
  const field = fieldErrors(save.error);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="settings-heading">
      <Stack>
        <Title order={2} size="h3" id="settings-heading">
          {t('monitoring.settings.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('monitoring.settings.intro')}
        </Text>
        {cadence.isLoading || !draft ? (
          cadence.error ? (
            <ErrorNotice error={cadence.error} />
          ) : (
            <PageLoader />
          )
        ) : canWrite ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate(draft, {
                onSuccess: () => notify(t('monitoring.settings.saved'), 'green'),
              });
            }}
            noValidate
          >
            <Stack>
              <FormProblem error={save.error} />
              <SimpleGrid cols={{ base: 1, xs: 3 }} maw={720}>
                {RISKS.map((risk) => (
                  <NumberInput
                    key={risk}
                    label={t(`monitoring.settings.${risk}`)}
                    suffix={` ${t('monitoring.settings.months')}`}
                    min={1}
                    max={60}
                    value={draft[risk]}
                    onChange={(v) => setDraft({ ...draft, [risk]: Number(v) || 0 })}
                    error={field(risk)}
                  />
                ))}
              </SimpleGrid>
              <Group>
                <Button type="submit" loading={save.isPending}>
                  {t('monitoring.settings.save')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : (
          <SimpleTable
            head={[t('monitoring.settings.risk'), t('monitoring.settings.every')]}
            rows={RISKS.map((risk) => [
              t(`monitoring.settings.${risk}`),
              t('monitoring.settings.monthsCount', { count: draft[risk] }),
            ])}
          />
        )}
      </Stack>
    </Card>
  );
}

function RunSummary({ run }: { run: SweepRun }) {
  const { t } = useTranslation();
  if (!run.finishedAt) return <Text size="sm">{t('monitoring.sweep.running')}</Text>;
  if (!run.stats)
    return (
      <Text size="sm" c="dimmed">
        {t('monitoring.sweep.allOrganisations')}
      </Text>
    );
  const done = Object.entries(run.stats).filter(([, n]) => n > 0);
  if (!done.length) return <Text size="sm">{t('monitoring.sweep.nothing')}</Text>;
  return (
    <Text size="sm">
      {done
        .map(([key, n]) => t(`monitoring.stats.${key}`, { count: n, defaultValue: `${key}: ${n}` }))
        .join(' · ')}
    </Text>
  );
}

function Sweep() {
  const { t } = useTranslation();
  const run = useRunSweep();
  // After a request, poll until a run newer than the last one seen has finished (or 30 s passed).
  const [waiting, setWaiting] = useState<{ since: number; previous?: string }>();
  const runs = useSweepRuns(true, waiting !== undefined);
  const latest = runs.data?.items[0];
  useEffect(() => {
    if (!waiting) return;
    if (latest?.finishedAt && latest.id !== waiting.previous) {
      setWaiting(undefined);
      return;
    }
    const timer = setTimeout(() => setWaiting(undefined), Math.max(0, waiting.since + 30_000 - Date.now()));
    return () => clearTimeout(timer);
  }, [latest, waiting]);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="sweep-heading">
      <Stack>
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h3" id="sweep-heading">
            {t('monitoring.sweep.title')}
          </Title>
          <Button
            loading={run.isPending || waiting !== undefined}
            onClick={() =>
              run.mutate(undefined, {
                onSuccess: () => {
                  setWaiting({ since: Date.now(), previous: latest?.id });
                  notify(t('monitoring.sweep.queued'));
                },
              })
            }
          >
            {t('monitoring.sweep.run')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {t('monitoring.sweep.intro')}
        </Text>
        {run.error && <ErrorNotice error={run.error} />}
        <ListState
          isLoading={runs.isLoading}
          error={runs.error}
          empty={!runs.data?.items.length}
          emptyText={t('monitoring.sweep.none')}
        >
          <SimpleTable
            head={[t('monitoring.sweep.started'), t('monitoring.sweep.trigger'), t('monitoring.sweep.did')]}
            rows={(runs.data?.items ?? []).map((r) => [
              formatDateTime(r.startedAt),
              t(`monitoring.sweep.triggers.${r.trigger}`),
              <RunSummary run={r} key="s" />,
            ])}
          />
        </ListState>
      </Stack>
    </Card>
  );
}

/** Monitoring: the check plan with results, the cadence by risk, and the daily sweep. */
export default function MonitoringPage() {
  const { t } = useTranslation();
  const { me } = useMe();
  const sweeps = can(me.roles, WRITE.sweep);
  return (
    <Stack>
      <PageHeader title={t('monitoring.title')}>{t('monitoring.intro')}</PageHeader>
      <CheckPlan canWrite={can(me.roles, WRITE.monitoring)} />
      <Settings canWrite={sweeps} />
      {sweeps && <Sweep />}
    </Stack>
  );
}
