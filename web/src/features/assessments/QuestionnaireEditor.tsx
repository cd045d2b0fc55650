import {
  Accordion,
  Badge,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../shared/api/client';
import { fieldErrors } from '../../shared/ui';
import { Rows } from '../records/Rows';

export type TemplateDefinition = Schemas['CreateTemplateDto'];
type Question = Schemas['QuestionDto'];
type Area = Schemas['AreaDto'];
type AnswerType = Question['answerType'];
type Scalar = boolean | number | string;

const ANSWER_TYPES: AnswerType[] = ['boolean', 'choice', 'number', 'date', 'text'];
/** What a number question expects, as a person says it. */
const NUMBER_RULES = ['min', 'max', 'equals'] as const;

const blankQuestion = (id: string, area: string): Question => ({
  id,
  area,
  text: '',
  answerType: 'boolean',
  weight: 1,
  critical: false,
  expected: { equals: true },
});

/** An id not yet taken: … */
function nextId(questions: Question[]): string {
  const taken = new Set(questions.map((q) => q.id));
  for (let n = questions.length + 1; ; n++) {
    const id = `Q-${String(n).padStart(2, '0')}`;
    if (!taken.has(id)) return id;
  }
}

/** `expected` and `showIf` are free-form objects in the API; here they are read as what they hold. */
const record = (value: unknown) => (value ?? {}) as Record<string, unknown>;

/** A yes/no or option value as a select's string. */
const asText = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;

/**
 * The value an answer is compared with (`expected.equals`, `showIf.equals`), as an input that fits the
 * question's answer type: yes or no, one of its options, a number, or text.
 */
function AnswerValue({
  label,
  question,
  value,
  onChange,
  error,
}: {
  label: string;
  question: Question | undefined;
  value: unknown;
  onChange: (value: Scalar | undefined) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  if (question?.answerType === 'boolean' || question?.answerType === 'choice') {
    const data =
      question.answerType === 'boolean'
        ? [
            { value: 'true', label: t('questionnaires.editor.yes') },
            { value: 'false', label: t('questionnaires.editor.no') },
          ]
        : (question.options ?? []).map((o) => ({ value: o, label: o }));
    return (
      <Select
        label={label}
        data={data}
        value={asText(value)}
        error={error}
        onChange={(v) =>
          onChange(v === null ? undefined : question.answerType === 'boolean' ? v === 'true' : v)
        }
      />
    );
  }
  if (question?.answerType === 'number')
    return (
      <NumberInput
        label={label}
        value={typeof value === 'number' ? value : ''}
        error={error}
        onChange={(v) => onChange(typeof v === 'number' ? v : undefined)}
      />
    );
  return (
    <TextInput
      label={label}
      value={typeof value === 'string' ? value : ''}
      error={error}
      onChange={(e) => onChange(e.currentTarget.value || undefined)}
    />
  );
}

/** What a good answer is (`expected`), in the terms of the question's answer type. */
function ExpectedInput({
  question: q,
  set,
  error,
}: {
  question: Question;
  set: (patch: Partial<Question>) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const expected = record(q.expected);
  if (q.answerType === 'number') {
    const rule = NUMBER_RULES.find((r) => r in expected) ?? null;
    return (
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('questionnaires.editor.numberRule')}
          data={NUMBER_RULES.map((r) => ({ value: r, label: t(`questionnaires.editor.numberRules.${r}`) }))}
          clearable
          value={rule}
          error={error}
          onChange={(r) => set({ expected: r ? { [r]: rule ? expected[rule] : 0 } : undefined })}
        />
        {rule && (
          <NumberInput
            label={t('questionnaires.editor.numberValue')}
            value={typeof expected[rule] === 'number' ? expected[rule] : ''}
            onChange={(v) => set({ expected: { [rule]: typeof v === 'number' ? v : 0 } })}
          />
        )}
      </SimpleGrid>
    );
  }
  if (q.answerType === 'choice')
    return (
      <MultiSelect
        label={t('questionnaires.editor.acceptable')}
        description={t('questionnaires.editor.acceptableHint')}
        data={q.options ?? []}
        value={Array.isArray(expected.oneOf) ? (expected.oneOf as string[]) : []}
        error={error}
        onChange={(v) => set({ expected: v.length ? { oneOf: v } : undefined })}
      />
    );
  if (q.answerType === 'date')
    return (
      <NumberInput
        label={t('questionnaires.editor.withinMonths')}
        description={t('questionnaires.editor.withinMonthsHint')}
        min={1}
        value={typeof expected.withinMonths === 'number' ? expected.withinMonths : ''}
        error={error}
        onChange={(v) => set({ expected: typeof v === 'number' ? { withinMonths: v } : undefined })}
      />
    );
  return (
    <AnswerValue
      label={t(
        q.answerType === 'boolean'
          ? 'questionnaires.editor.expectedAnswer'
          : 'questionnaires.editor.expectedText',
      )}
      question={q}
      value={expected.equals}
      error={error}
      onChange={(v) => set({ expected: v === undefined ? undefined : { equals: v } })}
    />
  );
}

/** When the question is shown (`showIf`): always, after an earlier answer, or for certain services. */
function ShowIfInput({
  question: q,
  earlier,
  set,
  error,
}: {
  question: Question;
  earlier: Question[];
  set: (patch: Partial<Question>) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const showIf = record(q.showIf);
  const kind = 'service' in showIf ? 'service' : 'questionId' in showIf ? 'answer' : 'always';
  const on = earlier.find((e) => e.id === showIf.questionId);
  return (
    <Stack gap="xs">
      <Select
        label={t('questionnaires.editor.showIf')}
        data={(['always', 'answer', 'service'] as const).map((k) => ({
          value: k,
          label: t(`questionnaires.editor.showIfKinds.${k}`),
        }))}
        allowDeselect={false}
        value={kind}
        error={error}
        onChange={(k) =>
          set({
            showIf:
              k === 'service'
                ? { service: '' }
                : k === 'answer'
                  ? { questionId: earlier.at(-1)?.id ?? '', equals: true }
                  : undefined,
          })
        }
      />
      {kind === 'service' && (
        <TextInput
          label={t('questionnaires.editor.serviceKeyword')}
          description={t('questionnaires.editor.serviceKeywordHint')}
          value={typeof showIf.service === 'string' ? showIf.service : ''}
          onChange={(e) => set({ showIf: { service: e.currentTarget.value } })}
        />
      )}
      {kind === 'answer' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('questionnaires.editor.showIfQuestion')}
            data={earlier.map((e) => ({ value: e.id, label: `${e.id}: ${e.text}` }))}
            searchable
            value={asText(showIf.questionId)}
            onChange={(id) => set({ showIf: { questionId: id ?? '', equals: true } })}
          />
          <AnswerValue
            label={t('questionnaires.editor.showIfEquals')}
            question={on}
            value={showIf.equals}
            onChange={(v) =>
              set({
                showIf: {
                  questionId: typeof showIf.questionId === 'string' ? showIf.questionId : '',
                  equals: v ?? '',
                },
              })
            }
          />
        </SimpleGrid>
      )}
    </Stack>
  );
}

/**
 * A questionnaire edited in the console, question by question, and published as a new version (or, for a
 * copy of the shipped one, as the organisation's own). The server checks it whole and names each problem;
 * the question a problem is in is marked.
 */
export function QuestionnaireEditor({
  initial,
  keyFixed,
  pending,
  error,
  problems,
  onPublish,
  onCancel,
}: {
  initial: TemplateDefinition;
  /** The key of an own questionnaire stays: publishing makes its next version. */
  keyFixed: boolean;
  pending: boolean;
  error: unknown;
  /** The server's problems, listed above the form. */
  problems: React.ReactNode;
  onPublish: (definition: TemplateDefinition) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<TemplateDefinition>(initial);
  const [open, setOpen] = useState<string | null>(null);
  const field = fieldErrors(error);
  const setQuestion = (i: number, patch: Partial<Question>) =>
    setDraft((d) => ({ ...d, questions: d.questions.map((q, j) => (j === i ? { ...q, ...patch } : q)) }));
  const move = (i: number, by: number) =>
    setDraft((d) => {
      const questions = [...d.questions];
      const [q] = questions.splice(i, 1);
      questions.splice(i + by, 0, q);
      return { ...d, questions };
    });
  const areaOptions = draft.areas.map((a) => ({ value: a.key, label: a.name || a.key }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onPublish({ ...draft, description: draft.description?.trim() || undefined });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {problems}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('questionnaires.editor.name')}
            required
            value={draft.name}
            error={field('name')}
            onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
          />
          <TextInput
            label={t('questionnaires.editor.key')}
            description={t(keyFixed ? 'questionnaires.editor.keyFixed' : 'questionnaires.editor.keyHint')}
            required
            readOnly={keyFixed}
            value={draft.key}
            error={field('key')}
            onChange={(e) => setDraft({ ...draft, key: e.currentTarget.value })}
          />
        </SimpleGrid>
        <Textarea
          label={t('questionnaires.editor.description')}
          autosize
          minRows={2}
          value={draft.description ?? ''}
          error={field('description')}
          onChange={(e) => setDraft({ ...draft, description: e.currentTarget.value })}
        />

        <Title order={3} size="h5">
          {t('questionnaires.editor.areas')}
        </Title>
        <Rows<Area>
          title={t('questionnaires.editor.areasHint')}
          items={draft.areas}
          onChange={(areas) => setDraft({ ...draft, areas })}
          blank={{ key: '', name: '' }}
          addLabel={t('questionnaires.editor.addArea')}
          removeLabel={(i) => t('questionnaires.editor.removeArea', { n: i + 1 })}
          error={field('areas')}
          cols={2}
          render={(a, setRow, i) => (
            <>
              <TextInput
                label={t('questionnaires.editor.areaName', { n: i + 1 })}
                value={a.name}
                onChange={(e) => setRow({ name: e.currentTarget.value })}
              />
              <TextInput
                label={t('questionnaires.editor.areaKey', { n: i + 1 })}
                value={a.key}
                onChange={(e) => setRow({ key: e.currentTarget.value })}
              />
            </>
          )}
        />

        <Title order={3} size="h5">
          {t('questionnaires.editor.questions', { count: draft.questions.length })}
        </Title>
        {field('questions') && !draft.questions.some((_, i) => field(`questions[${i}]`)) && (
          <Text size="sm" c="red">
            {field('questions')}
          </Text>
        )}
        <Accordion value={open} onChange={setOpen} variant="separated">
          {draft.questions.map((q, i) => {
            const set = (patch: Partial<Question>) => setQuestion(i, patch);
            const at = (name: string) => field(`questions[${i}].${name}`);
            const problem = field(`questions[${i}]`);
            return (
              <Accordion.Item key={i} value={String(i)}>
                <Accordion.Control>
                  <Group gap="xs" wrap="nowrap">
                    <Text span size="xs" c="dimmed" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                      {q.id}
                    </Text>
                    <Text span size="sm" lineClamp={1} style={{ flex: 1, minWidth: 0 }}>
                      {q.text || t('questionnaires.editor.noText')}
                    </Text>
                    {q.critical && (
                      <Badge size="xs" variant="filled" color="red.2" style={{ flexShrink: 0 }}>
                        {t('questionnaires.critical')}
                      </Badge>
                    )}
                    {problem && (
                      <Badge size="xs" variant="outline" color="red.9" style={{ flexShrink: 0 }}>
                        {t('questionnaires.editor.hasProblem')}
                      </Badge>
                    )}
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  <Stack>
                    <SimpleGrid cols={{ base: 1, sm: 3 }}>
                      <TextInput
                        label={t('questionnaires.editor.id')}
                        required
                        value={q.id}
                        error={at('id')}
                        onChange={(e) => set({ id: e.currentTarget.value })}
                      />
                      <Select
                        label={t('questionnaires.editor.area')}
                        required
                        data={areaOptions}
                        value={q.area || null}
                        error={at('area')}
                        onChange={(v) => set({ area: v ?? '' })}
                      />
                      <Select
                        label={t('questionnaires.editor.answerType')}
                        required
                        allowDeselect={false}
                        data={ANSWER_TYPES.map((a) => ({
                          value: a,
                          label: t(`questionnaires.editor.answerTypes.${a}`),
                        }))}
                        value={q.answerType}
                        error={at('answerType')}
                        // What a good answer is depends on the type: it starts again with the type.
                        onChange={(v) =>
                          v &&
                          v !== q.answerType &&
                          set({ answerType: v, expected: undefined, options: undefined })
                        }
                      />
                    </SimpleGrid>
                    <Textarea
                      label={t('questionnaires.editor.text')}
                      required
                      autosize
                      minRows={2}
                      value={q.text}
                      error={at('text')}
                      onChange={(e) => set({ text: e.currentTarget.value })}
                    />
                    {q.answerType === 'choice' && (
                      <TagsInput
                        label={t('questionnaires.editor.options')}
                        description={t('questionnaires.editor.optionsHint')}
                        required
                        value={q.options ?? []}
                        error={at('options')}
                        onChange={(options) => set({ options })}
                      />
                    )}
                    <ExpectedInput question={q} set={set} error={at('expected')} />
                    <SimpleGrid cols={{ base: 1, sm: 3 }}>
                      <NumberInput
                        label={t('questionnaires.editor.weight')}
                        description={t('questionnaires.editor.weightHint')}
                        min={0}
                        max={10}
                        allowDecimal={false}
                        value={q.weight}
                        error={at('weight')}
                        onChange={(v) => set({ weight: typeof v === 'number' ? v : 0 })}
                      />
                      {q.answerType === 'number' && (
                        <TextInput
                          label={t('questionnaires.editor.unit')}
                          value={q.unit ?? ''}
                          error={at('unit')}
                          onChange={(e) => set({ unit: e.currentTarget.value || undefined })}
                        />
                      )}
                    </SimpleGrid>
                    <Checkbox
                      label={t('questionnaires.editor.criticalLabel')}
                      checked={q.critical}
                      onChange={(e) => set({ critical: e.currentTarget.checked })}
                    />
                    <ShowIfInput
                      question={q}
                      earlier={draft.questions.slice(0, i)}
                      set={set}
                      error={at('showIf')}
                    />
                    <Textarea
                      label={t('questionnaires.editor.guidance')}
                      autosize
                      minRows={2}
                      value={q.guidance ?? ''}
                      error={at('guidance')}
                      onChange={(e) => set({ guidance: e.currentTarget.value || undefined })}
                    />
                    <TextInput
                      label={t('questionnaires.editor.reference')}
                      value={q.reference ?? ''}
                      error={at('reference')}
                      onChange={(e) => set({ reference: e.currentTarget.value || undefined })}
                    />
                    <Group gap="xs">
                      <Button size="xs" variant="default" disabled={i === 0} onClick={() => move(i, -1)}>
                        {t('questionnaires.editor.moveUp')}
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        disabled={i === draft.questions.length - 1}
                        onClick={() => move(i, 1)}
                      >
                        {t('questionnaires.editor.moveDown')}
                      </Button>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        onClick={() => {
                          setOpen(null);
                          setDraft((d) => ({ ...d, questions: d.questions.filter((_, j) => j !== i) }));
                        }}
                      >
                        {t('questionnaires.editor.removeQuestion', { id: q.id })}
                      </Button>
                    </Group>
                  </Stack>
                </Accordion.Panel>
              </Accordion.Item>
            );
          })}
        </Accordion>
        <Group>
          <Button
            variant="default"
            onClick={() => {
              const id = nextId(draft.questions);
              setDraft((d) => ({
                ...d,
                questions: [
                  ...d.questions,
                  blankQuestion(id, d.questions.at(-1)?.area ?? d.areas[0]?.key ?? ''),
                ],
              }));
              setOpen(String(draft.questions.length));
            }}
          >
            {t('questionnaires.editor.addQuestion')}
          </Button>
        </Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={pending}>
            {t('questionnaires.editor.publish')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
