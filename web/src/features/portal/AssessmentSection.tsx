import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format';
import { ErrorNotice, PageLoader } from '../../shared/ui';
import { EvidenceFiles } from '../assessments/Evidence';
import { visibleQuestionIds } from '../assessments/conditions';
import { Questionnaire } from '../assessments/Questionnaire';
import {
  downloadPortalEvidence,
  usePortalAssessment,
  useSavePortalAnswers,
  useSubmitPortalAssessment,
  useUploadPortalEvidence,
} from './api';

/** The questionnaire of the link's assessment: answers saved as they go, evidence, and sending it. */
export function AssessmentSection({ token, organization }: { token: string; organization: string }) {
  const { t } = useTranslation();
  const assessment = usePortalAssessment(token);
  const save = useSavePortalAnswers(token);
  const upload = useUploadPortalEvidence(token);
  const submit = useSubmitPortalAssessment(token);
  const sent = useRef<HTMLDivElement>(null);
  const status = assessment.data?.status;
  // Once sent, the confirmation takes the place of the form: bring it into view and to the keyboard.
  useEffect(() => {
    if (submit.isSuccess) sent.current?.focus();
  }, [submit.isSuccess, status]);
  if (assessment.isLoading) return <PageLoader />;
  if (!assessment.data) return <ErrorNotice error={assessment.error} />;
  const a = assessment.data;
  const editable = a.status === 'draft' || a.status === 'changes_requested';
  const values = new Map(a.answers.map((x) => [x.questionId, x.value]));
  const shown = visibleQuestionIds(a.questions, (id) => values.get(id), a.services);
  const left = a.questions.filter((q) => shown.has(q.id) && !values.has(q.id)).length;

  if (!editable)
    return (
      <Stack>
        <Alert
          ref={sent}
          tabIndex={-1}
          color="green"
          variant="light"
          title={t('portal.assessment.sentTitle')}
          role="status"
        >
          {t('portal.assessment.sent', {
            organization,
            date: formatDateTime(a.submittedAt),
          })}
        </Alert>
        <Title order={3} size="h5">
          {t('portal.assessment.documents')}
        </Title>
        <EvidenceFiles
          evidence={a.evidence}
          editable={false}
          upload={upload}
          onDownload={(e) => void downloadPortalEvidence(e)}
        />
      </Stack>
    );

  return (
    <Stack gap="lg">
      {a.status === 'changes_requested' && (
        <Alert color="orange" variant="light" title={t('portal.assessment.changesTitle')}>
          {t('portal.assessment.changes', { organization })}
        </Alert>
      )}
      <Text size="sm">{t('portal.assessment.intro')}</Text>
      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('portal.assessment.answers')}
        </Title>
        <Questionnaire
          areas={a.areas}
          questions={a.questions}
          answers={a.answers}
          services={a.services}
          editable
          save={save}
        />
      </Stack>
      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('portal.assessment.documents')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('portal.assessment.documentsIntro')}
        </Text>
        <EvidenceFiles
          evidence={a.evidence}
          editable
          upload={upload}
          onDownload={(e) => void downloadPortalEvidence(e)}
        />
      </Stack>
      <Stack gap="xs">
        <Text size="sm">
          {left > 0 ? t('portal.assessment.left', { count: left }) : t('portal.assessment.ready')}
        </Text>
        <Group>
          <Button onClick={() => submit.mutate()} loading={submit.isPending} disabled={save.isPending}>
            {t('portal.assessment.send')}
          </Button>
        </Group>
        <ErrorNotice error={submit.error} title={t('portal.assessment.notSent')} />
      </Stack>
    </Stack>
  );
}
