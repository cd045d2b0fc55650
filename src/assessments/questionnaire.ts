import { FieldError } from '../platform/errors/domain-error';

export const ANSWER_TYPES = ['boolean', 'number', 'choice', 'text', 'date'] as const;
export type AnswerType = (typeof ANSWER_TYPES)[number];

export type Expected =
  { equals: boolean | number | string } | { min: number } | { max: number } | { oneOf: string[] };

export interface Area {
  key: string;
  name: string;
  description?: string;
}

export interface Question {
  id: string;
  area: string;
  text: string;
  answerType: AnswerType;
  options?: string[];
  weight: number;
  critical: boolean;
  expected?: Expected;
  unit?: string;
  guidance?: string;
  reference?: string;
}

export interface TemplateDefinition {
  key: string;
  name: string;
  description?: string;
  areas: Area[];
  questions: Question[];
}

export type AnswerValue = boolean | number | string;

/** A question counts towards the score when it has an expected answer and a weight. */
export function isScored(q: Question): boolean {
  return q.expected !== undefined && q.weight > 0 && q.answerType !== 'text' && q.answerType !== 'date';
}

/** Cross-field rules of a questionnaire that class-validator cannot see; each error names its field. */
export function templateProblems(def: TemplateDefinition): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string, rule = 'template') => errors.push({ field, message, rule });
  const areaKeys = new Set<string>();
  def.areas.forEach((a, i) => {
    if (areaKeys.has(a.key)) add(`areas[${i}].key`, `duplicates area ${a.key}`);
    areaKeys.add(a.key);
  });
  const ids = new Set<string>();
  def.questions.forEach((q, i) => {
    const at = `questions[${i}]`;
    if (ids.has(q.id)) add(`${at}.id`, `duplicates question ${q.id}`);
    ids.add(q.id);
    if (!areaKeys.has(q.area)) add(`${at}.area`, `is not one of the template's areas`);
    if (q.answerType === 'choice' && !(q.options && q.options.length >= 2)) {
      add(`${at}.options`, 'a choice question needs at least two options');
    }
    if (q.answerType !== 'choice' && q.options) add(`${at}.options`, 'only choice questions have options');
    const e = q.expected;
    if (!e) return;
    if (q.answerType === 'text' || q.answerType === 'date') {
      add(`${at}.expected`, `${q.answerType} questions are documented, not scored: no expected answer`);
    } else if ('equals' in e) {
      const ok =
        (q.answerType === 'boolean' && typeof e.equals === 'boolean') ||
        (q.answerType === 'number' && typeof e.equals === 'number') ||
        (q.answerType === 'choice' && typeof e.equals === 'string' && (q.options ?? []).includes(e.equals));
      if (!ok) add(`${at}.expected.equals`, `does not fit a ${q.answerType} question`);
    } else if ('min' in e || 'max' in e) {
      if (q.answerType !== 'number') add(`${at}.expected`, 'min and max apply to number questions');
    } else if ('oneOf' in e) {
      if (q.answerType !== 'choice') add(`${at}.expected`, 'oneOf applies to choice questions');
      else if (!e.oneOf.length || e.oneOf.some((o) => !(q.options ?? []).includes(o))) {
        add(`${at}.expected.oneOf`, 'must be a non-empty subset of options');
      }
    }
  });
  for (const area of areaKeys) {
    if (!def.questions.some((q) => q.area === area)) add('areas', `area ${area} has no question`);
  }
  return errors;
}

/** Why a value does not fit a question's answer type, or undefined when it fits. */
export function answerTypeProblem(q: Question, value: unknown): string | undefined {
  switch (q.answerType) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'choice':
      return typeof value === 'string' && (q.options ?? []).includes(value)
        ? undefined
        : `must be one of: ${(q.options ?? []).join(', ')}`;
    case 'text':
      return typeof value === 'string' && value.length <= 10_000
        ? undefined
        : 'must be a text of at most 10,000 characters';
    case 'date':
      return typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}$/.test(value) &&
        !Number.isNaN(Date.parse(value))
        ? undefined
        : 'must be a date as YYYY-MM-DD';
  }
}
