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
 */
export function Questionnaire({
  areas,
  questions,
  answers,
  editable,
  save,
}: {
  areas: Area[];
  questions: Question[];
  answers: { questionId: string; value: AnswerValue }[];
  editable: boolean;
  save: AnswerSaver;
}) {
  const { t } = useTranslation();
  const stored = useMemo(() => new Map(answers.map((a) => [a.questionId, a.value])), [answers]);
  const [draft, setDraft] = useState<Map<string, AnswerValue | undefined>>(new Map());
  const pending = useRef(new Map<string, AnswerValue>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const flush = () => {
    const changed = [...pending.current].map(([questionId, value]) => ({ questionId, value }));
    pending.current.clear();
    if (changed.length) save.mutate(changed);
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
      <Tabs defaultValue={areas[0]?.key} orientation="horizontal" keepMounted={false}>
        <Tabs.List style={{ flexWrap: 'wrap' }}>
          {areas.map((area) => {
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
        {areas.map((area) => (
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
