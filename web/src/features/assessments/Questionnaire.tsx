import {
  Badge,
  Group,
  NumberInput,
  Progress,
  Radio,
  Select,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../shared/api/client';
import { ErrorNotice } from '../../shared/ui';
import { visibleQuestionIds } from './conditions';
import type { AnswerValue, Question } from './hooks';

const AUTOSAVE_MS = 700;

type Area = Schemas['AreaDto'];
type AnswerInput = Schemas['AnswerDto'];

/** What the questionnaire needs of a save: the console's mutation or the portal's, both fit. */
export interface AnswerSaver {
  mutate: (answers: AnswerInput[]) => void;
  isPending: boolean;
  isSuccess: boolean;
  error: unknown;
}

/**
 * A critical question needs evidence uploaded for it or, in its answer's comment, the reason there is
 * none; the comment is saved with the answer.
 */
function QuestionField(props: {
  question: Question;
  value: AnswerValue | undefined;
  comment: string;
  onChange: (v: AnswerValue | undefined) => void;
  onComment: (comment: string) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  if (!props.question.critical) return <QuestionInput {...props} />;
  return (
    <Stack gap={6}>
      <QuestionInput {...props} />
      <Textarea
        label={t('assessments.noEvidenceReason', { id: props.question.id })}
        description={t('assessments.noEvidenceReasonHint')}
        autosize
        minRows={1}
        value={props.comment}
        onChange={(e) => props.onComment(e.currentTarget.value)}
        disabled={props.disabled}
      />
    </Stack>
  );
}

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

/**
 * The questionnaire by area, with progress; every change is saved shortly after the person stops
 * typing. Legal's assessment page and the processor portal both show it, each with its own save.
 * A question whose condition is not met (an earlier answer, or the processor's `services`) is hidden.
 */
export function Questionnaire({
  areas,
  questions: allQuestions,
  answers,
  services,
  editable,
  save,
}: {
  areas: Area[];
  questions: Question[];
  answers: { questionId: string; value: AnswerValue; comment?: string | null }[];
  services: string | undefined;
  editable: boolean;
  save: AnswerSaver;
}) {
  const { t } = useTranslation();
  const stored = useMemo(() => new Map(answers.map((a) => [a.questionId, a.value])), [answers]);
  const storedComments = useMemo(
    () => new Map(answers.map((a) => [a.questionId, a.comment ?? ''])),
    [answers],
  );
  const [draft, setDraft] = useState<Map<string, AnswerValue | undefined>>(new Map());
  const [draftComments, setDraftComments] = useState<Map<string, string>>(new Map());
  const pending = useRef(new Map<string, AnswerInput>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const flush = () => {
    const changed = [...pending.current.values()];
    pending.current.clear();
    if (changed.length) save.mutate(changed);
  };
  useEffect(() => () => clearTimeout(timer.current), []);

  const valueOf = (id: string) => (draft.has(id) ? draft.get(id) : stored.get(id));
  const commentOf = (id: string) =>
    draftComments.has(id) ? (draftComments.get(id) ?? '') : (storedComments.get(id) ?? '');
  // An answer is saved with its comment: saving one without the other would clear it.
  const queue = (id: string, value: AnswerValue | undefined, comment: string) => {
    if (value === undefined) return;
    pending.current.set(id, { questionId: id, value, ...(comment.trim() ? { comment } : {}) });
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, AUTOSAVE_MS);
  };
  const change = (id: string, value: AnswerValue | undefined) => {
    setDraft((d) => new Map(d).set(id, value));
    queue(id, value, commentOf(id));
  };
  const changeComment = (id: string, comment: string) => {
    setDraftComments((d) => new Map(d).set(id, comment));
    queue(id, valueOf(id), comment);
  };

  const shown = visibleQuestionIds(allQuestions, valueOf, services);
  const questions = allQuestions.filter((q) => shown.has(q.id));
  const shownAreas = areas.filter((area) => questions.some((q) => q.area === area.key));
  const answered = (q: Question) => valueOf(q.id) !== undefined;
  const total = questions.length;
  const done = questions.filter(answered).length;
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
      {save.error ? <ErrorNotice error={save.error} /> : null}
      <Tabs defaultValue={shownAreas[0]?.key} orientation="horizontal" keepMounted={false}>
        <Tabs.List style={{ flexWrap: 'wrap' }}>
          {shownAreas.map((area) => {
            const qs = questions.filter((q) => q.area === area.key);
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
        {shownAreas.map((area) => (
          <Tabs.Panel key={area.key} value={area.key} pt="md">
            <Stack gap="lg">
              {area.description && (
                <Text size="sm" c="dimmed">
                  {area.description}
                </Text>
              )}
              {questions
                .filter((q) => q.area === area.key)
                .map((q) => (
                  <QuestionField
                    key={q.id}
                    question={q}
                    value={valueOf(q.id)}
                    comment={commentOf(q.id)}
                    onChange={(v) => change(q.id, v)}
                    onComment={(c) => changeComment(q.id, c)}
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
