import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  RingProgress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
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
import { Questionnaire } from './Questionnaire';
import { useAssessment, useDecide, useSaveAnswers, useSubmit, type Assessment } from './hooks';

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
  const save = useSaveAnswers(id ?? '');
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
        <Questionnaire
          areas={a.areas}
          questions={a.questions}
          answers={a.answers}
          services={processor.data?.services}
          editable={editable}
          save={save}
        />
      </Card>
    </Stack>
  );
}
