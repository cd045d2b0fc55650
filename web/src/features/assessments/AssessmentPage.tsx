import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Progress,
  Radio,
  RingProgress,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { can, WRITE } from '../../app/areas';
import { ApiError } from '../../shared/api/client';
import { formatDate, formatDateTime } from '../../shared/format';
import { StatusBadge } from '../../shared/status';
import { ErrorNotice, PageHeader, PageLoader } from '../../shared/ui';
import { useMe } from '../auth/session';
import { useProcessor } from '../processors/hooks';
import { Evidence } from './Evidence';
import {
  useAssessment,
  useDecide,
  useSaveAnswers,
  useSubmit,
  type AnswerValue,
  type Assessment,
  type Question,
} from './hooks';

const AUTOSAVE_MS = 700;

function QuestionInput({
  question,
  value,
  onChange,
  disabled,
}: {
  question: Question;
  value: AnswerValue | undefined;
  onChange: (v: AnswerValue | undefined) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const label = (
    <>
      <Text span size="xs" c="dimmed" ff="monospace" mr={6}>
        {question.id}{' '}
      </Text>
      {question.text}
      {question.critical && (
        <Badge size="xs" color="red.2" variant="filled" ml={6}>
          {t('assessments.critical')}
        </Badge>
      )}
    </>
  );
  const description = [
    question.guidance,
    question.unit ? t('assessments.unit', { unit: question.unit }) : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  switch (question.answerType) {
    case 'boolean':
      return (
        <Radio.Group
          label={label}
          description={description || undefined}
          value={value === undefined ? null : String(value)}
          onChange={(v) => onChange(v === 'true')}
          readOnly={disabled}
        >
          <Group mt={4}>
            <Radio value="true" label={t('common.yes')} disabled={disabled} />
            <Radio value="false" label={t('common.no')} disabled={disabled} />
          </Group>
        </Radio.Group>
      );
    case 'number':
      return (
        <NumberInput
          label={label}
          description={description || undefined}
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => onChange(v === '' ? undefined : Number(v))}
          disabled={disabled}
          styles={{ wrapper: { maxWidth: 240 } }}
        />
      );
    case 'choice':
      return (
        <Select
          label={label}
          description={description || undefined}
          data={question.options ?? []}
          value={typeof value === 'string' ? value : null}
          onChange={(v) => onChange(v ?? undefined)}
          disabled={disabled}
          styles={{ wrapper: { maxWidth: 420 } }}
        />
      );
    case 'date':
      return (
        <TextInput
          type="date"
          label={label}
          description={description || undefined}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value || undefined)}
          disabled={disabled}
          styles={{ wrapper: { maxWidth: 240 } }}
        />
      );
    default:
      return (
        <Textarea
          label={label}
          description={description || undefined}
          autosize
          minRows={2}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value || undefined)}
          disabled={disabled}
        />
      );
  }
}

/** The questionnaire by area; every change is saved shortly after the user stops typing. */
function Questionnaire({ assessment, editable }: { assessment: Assessment; editable: boolean }) {
  const { t } = useTranslation();
  const save = useSaveAnswers(assessment.id);
  const stored = useMemo(
    () => new Map(assessment.answers.map((a) => [a.questionId, a.value])),
    [assessment.answers],
  );
  const [draft, setDraft] = useState<Map<string, AnswerValue | undefined>>(new Map());
  const pending = useRef(new Map<string, AnswerValue>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const flush = () => {
    const answers = [...pending.current].map(([questionId, value]) => ({ questionId, value }));
    pending.current.clear();
    if (answers.length) save.mutate(answers);
  };
  useEffect(() => () => clearTimeout(timer.current), []);

  const valueOf = (id: string) => (draft.has(id) ? draft.get(id) : stored.get(id));
  const change = (id: string, value: AnswerValue | undefined) => {
    setDraft((d) => new Map(d).set(id, value));
    if (value === undefined) return;
    pending.current.set(id, value);
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, AUTOSAVE_MS);
  };

  const answered = (q: Question) => valueOf(q.id) !== undefined;
  const total = assessment.questions.length;
  const done = assessment.questions.filter(answered).length;
  const saveState = save.isPending
    ? t('assessments.saving')
    : save.error
      ? t('assessments.saveFailed')
      : save.isSuccess
        ? t('assessments.saved')
        : '';

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm" style={{ flex: 1, minWidth: 220 }}>
          <Text size="sm" fw={500}>
            {t('assessments.progress', { done, total })}
          </Text>
          <Progress
            value={(done / Math.max(1, total)) * 100}
            style={{ flex: 1, minWidth: 120 }}
            aria-label={t('assessments.progressLabel')}
          />
        </Group>
        <Text size="sm" c={save.error ? 'red' : 'dimmed'} role="status" aria-live="polite">
          {saveState}
        </Text>
      </Group>
      {save.error && <ErrorNotice error={save.error} />}
      <Tabs defaultValue={assessment.areas[0]?.key} orientation="horizontal" keepMounted={false}>
        <Tabs.List style={{ flexWrap: 'wrap' }}>
          {assessment.areas.map((area) => {
            const qs = assessment.questions.filter((q) => q.area === area.key);
            const n = qs.filter(answered).length;
            return (
              <Tabs.Tab
                key={area.key}
                value={area.key}
                rightSection={
                  <Badge
                    size="xs"
                    variant="filled"
                    color={n === qs.length ? 'green.2' : 'gray.2'}
                  >{`${n}/${qs.length}`}</Badge>
                }
              >
                {area.name}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
        {assessment.areas.map((area) => (
          <Tabs.Panel key={area.key} value={area.key} pt="md">
            <Stack gap="lg">
              {area.description && (
                <Text size="sm" c="dimmed">
                  {area.description}
                </Text>
              )}
              {assessment.questions
                .filter((q) => q.area === area.key)
                .map((q) => (
                  <QuestionInput
                    key={q.id}
                    question={q}
                    value={valueOf(q.id)}
                    onChange={(v) => change(q.id, v)}
                    disabled={!editable}
                  />
                ))}
            </Stack>
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

function Result({ assessment }: { assessment: Assessment }) {
  const { t } = useTranslation();
  if (assessment.scoringError)
    return (
      <Alert color="red" title={t('assessments.scoringFailed')}>
        {assessment.scoringError}
      </Alert>
    );
  if (assessment.score === null)
    return (
      <Text size="sm" role="status">
        {t('assessments.scoring')}
      </Text>
    );
  const areaName = (key: string) => assessment.areas.find((a) => a.key === key)?.name ?? key;
  return (
    <Stack>
      <Group gap="xl" wrap="wrap">
        <RingProgress
          size={110}
          thickness={10}
          sections={[{ value: assessment.score, color: 'custos' }]}
          label={
            <Text ta="center" fw={700}>
              {assessment.score}
            </Text>
          }
          aria-label={t('assessments.overall', { score: assessment.score })}
        />
        <Stack gap={4}>
          <Text fw={600}>{t('assessments.overall', { score: assessment.score })}</Text>
          <Group gap="xs">
            <Text size="sm">{t('assessments.risk')}:</Text>
            <StatusBadge value={assessment.riskRating} />
          </Group>
          {assessment.riskFactors.length > 0 && (
            <Text size="xs" c="dimmed">
              {assessment.riskFactors.join(' · ')}
            </Text>
          )}
          {assessment.validUntil && (
            <Text size="sm">{t('assessments.validUntil', { date: formatDate(assessment.validUntil) })}</Text>
          )}
        </Stack>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="xs">
        {Object.entries(assessment.areaScores ?? {}).map(([key, score]) => (
          <Group key={key} justify="space-between" wrap="nowrap">
            <Text size="sm" truncate>
              {areaName(key)}
            </Text>
            <Text size="sm" fw={600}>
              {score}
            </Text>
          </Group>
        ))}
      </SimpleGrid>
      <Title order={3} size="h4">
        {t('assessments.findings', { count: assessment.findings.length })}
      </Title>
      {assessment.findings.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('processors.finding')}</Table.Th>
                <Table.Th>{t('processors.severity')}</Table.Th>
                <Table.Th>{t('processors.due')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {assessment.findings.map((f) => (
                <Table.Tr key={f.id}>
                  <Table.Td>{f.title}</Table.Td>
                  <Table.Td>
                    <StatusBadge value={f.severity} />
                  </Table.Td>
                  <Table.Td>{formatDate(f.dueOn as unknown as string)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

/** Four eyes: the person who submitted sees no decision buttons; the API refuses them anyway (403). */
function Decision({ assessment }: { assessment: Assessment }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const decide = useDecide(assessment.id);
  const [comment, setComment] = useState('');
  if (assessment.decision) {
    const d = assessment.decision as unknown as {
      decision: string;
      comment: string;
      decidedAt: string;
      decidedByName?: string;
    };
    return (
      <Alert
        color={d.decision === 'approve' ? 'green' : d.decision === 'reject' ? 'red' : 'orange'}
        title={t(`assessments.decided.${d.decision}`)}
      >
        <Text size="sm">{d.comment}</Text>
        <Text size="xs" c="dimmed">
          {formatDateTime(d.decidedAt)}
        </Text>
      </Alert>
    );
  }
  const decidable =
    assessment.status === 'in_review' || (assessment.status === 'submitted' && assessment.score !== null);
  if (!decidable || !can(me.roles, WRITE.decide)) return null;
  if (assessment.submittedBy === me.id)
    return (
      <Alert color="blue" variant="light">
        {t('assessments.fourEyes')}
      </Alert>
    );
  const field = decide.error instanceof ApiError ? decide.error.fieldError('comment') : undefined;
  return (
    <Stack>
      <Textarea
        label={t('assessments.comment')}
        required
        autosize
        minRows={2}
        value={comment}
        error={field}
        onChange={(e) => setComment(e.currentTarget.value)}
      />
      <Group wrap="wrap">
        <Button
          color="green"
          onClick={() => decide.mutate({ decision: 'approve', comment })}
          loading={decide.isPending && decide.variables?.decision === 'approve'}
        >
          {t('assessments.approve')}
        </Button>
        <Button variant="default" onClick={() => decide.mutate({ decision: 'request_changes', comment })}>
          {t('assessments.requestChanges')}
        </Button>
        <Button color="red" variant="light" onClick={() => decide.mutate({ decision: 'reject', comment })}>
          {t('assessments.reject')}
        </Button>
      </Group>
      {decide.error && !field && <ErrorNotice error={decide.error} />}
    </Stack>
  );
}

export default function AssessmentPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { me } = useMe();
  const assessment = useAssessment(id);
  const processor = useProcessor(assessment.data?.processorId);
  const submit = useSubmit(id ?? '');
  if (assessment.isLoading) return <PageLoader />;
  if (assessment.error || !assessment.data) return <ErrorNotice error={assessment.error} />;
  const a = assessment.data;
  const editable =
    (a.status === 'draft' || a.status === 'changes_requested') && can(me.roles, WRITE.assessments);
  const scored = a.status !== 'draft' && a.status !== 'changes_requested';
  return (
    <Stack gap="lg">
      <PageHeader
        title={t('assessments.titleOf', { name: processor.data?.name ?? '…' })}
        actions={
          editable && (
            <Button onClick={() => submit.mutate()} loading={submit.isPending}>
              {t('assessments.submit')}
            </Button>
          )
        }
      >
        <Group gap="xs" component="span" wrap="wrap">
          <StatusBadge value={a.status} />
          <Text span size="sm">
            {a.template.name} v{a.template.version}
          </Text>
          {processor.data && (
            <Anchor component={Link} to={`/processors/${a.processorId}`} size="sm">
              {t('assessments.backToProcessor')}
            </Anchor>
          )}
        </Group>
      </PageHeader>
      {submit.error && <ErrorNotice error={submit.error} title={t('assessments.notSubmitted')} />}
      {scored && (
        <Card withBorder padding="lg">
          <Title order={2} size="h3" mb="sm">
            {t('assessments.result')}
          </Title>
          <Result assessment={a} />
        </Card>
      )}
      {scored && (
        <Card withBorder padding="lg">
          <Title order={2} size="h3" mb="sm">
            {t('assessments.decision')}
          </Title>
          <Decision assessment={a} />
        </Card>
      )}
      <Card withBorder padding="lg">
        <Title order={2} size="h3" mb="sm">
          {t('assessments.evidence.title')}
        </Title>
        <Evidence assessment={a} editable={editable} />
      </Card>
      <Card withBorder padding="lg">
        <Title order={2} size="h3" mb="sm">
          {t('assessments.questionnaire')}
        </Title>
        <Questionnaire assessment={a} editable={editable} />
      </Card>
    </Stack>
  );
}
