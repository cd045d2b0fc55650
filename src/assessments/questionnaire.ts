import { FieldError } from '../platform/errors/domain-error';

export const ANSWER_TYPES = ['boolean', 'number', 'choice', 'text', 'date'] as const;
export type AnswerType = (typeof ANSWER_TYPES)[number];

export type Expected =
  | { equals: boolean | number | string }
  | { min: number }
  | { max: number }
  | { oneOf: string[] }
  | { withinMonths: number };

/**
 * When a question is shown: an earlier question's answer equals a value, or the processor's services
 * mention a keyword (case-insensitive); while its services are not described, every such question is
 * shown, since none can be ruled out. A hidden question is neither required nor scored.
 */
export type ShowIf = { questionId: string; equals: boolean | number | string } | { service: string };

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
  showIf?: ShowIf;
}

export interface TemplateDefinition {
  key: string;
  name: string;
  description?: string;
  areas: Area[];
  questions: Question[];
}

export type AnswerValue = boolean | number | string;

/** A question counts towards the score when it has an expected answer and a weight (dates: an age). */
export function isScored(q: Question): boolean {
  if (q.expected === undefined || q.weight <= 0 || q.answerType === 'text') return false;
  return q.answerType !== 'date' || 'withinMonths' in q.expected;
}

/** What a question's condition can look at besides earlier answers. */
export interface QuestionContext {
  /** The processor's services, as registered (blank: not described yet). */
  services?: string;
}

/**
 * The ids of the questions shown, in order: a question whose condition points at a hidden question is
 * hidden too, and an unknown or later question never shows it.
 */
export function visibleQuestionIds(
  questions: readonly Question[],
  answers: Readonly<Record<string, AnswerValue | undefined>>,
  context: QuestionContext = {},
): Set<string> {
  const shown = new Set<string>();
  const services = context.services?.trim().toLowerCase();
  for (const q of questions) {
    const c = q.showIf;
    if (!c) shown.add(q.id);
    else if ('service' in c) {
      if (!services || services.includes(c.service.toLowerCase())) shown.add(q.id);
    } else if (shown.has(c.questionId) && answers[c.questionId] === c.equals) shown.add(q.id);
  }
  return shown;
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
    if (q.showIf) showIfProblems(def.questions, i, ids, add);
    if (ids.has(q.id)) add(`${at}.id`, `duplicates question ${q.id}`);
    ids.add(q.id);
    if (!areaKeys.has(q.area)) add(`${at}.area`, `is not one of the template's areas`);
    if (q.answerType === 'choice' && !(q.options && q.options.length >= 2)) {
      add(`${at}.options`, 'a choice question needs at least two options');
    }
    if (q.answerType !== 'choice' && q.options) add(`${at}.options`, 'only choice questions have options');
    const e = q.expected;
    if (!e) return;
    if (q.answerType === 'date') {
      if (!('withinMonths' in e) || Object.keys(e).length !== 1) {
        add(`${at}.expected`, 'a date question is scored only by its age: {withinMonths}');
      } else if (!Number.isInteger(e.withinMonths) || e.withinMonths < 1 || e.withinMonths > 240) {
        add(`${at}.expected.withinMonths`, 'must be a whole number of months from 1 to 240');
      }
    } else if (q.answerType === 'text') {
      add(`${at}.expected`, 'text questions are documented, not scored: no expected answer');
    } else if ('withinMonths' in e) {
      add(`${at}.expected`, 'withinMonths applies to date questions');
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

/** A condition must point at an earlier question, with a value that question can take. */
function showIfProblems(
  questions: readonly Question[],
  index: number,
  earlierIds: ReadonlySet<string>,
  add: (field: string, message: string, rule?: string) => void,
): void {
  const at = `questions[${index}].showIf`;
  const c: unknown = questions[index].showIf;
  if (typeof c !== 'object' || c === null || Array.isArray(c)) {
    add(at, 'must be {questionId, equals} or {service}', 'showIf');
    return;
  }
  const keys = Object.keys(c).sort().join(',');
  if (keys === 'service') {
    const service = (c as { service: unknown }).service;
    if (typeof service !== 'string' || !service.trim() || service.length > 100) {
      add(`${at}.service`, 'must be a keyword of 1-100 characters', 'showIf');
    }
    return;
  }
  if (keys !== 'equals,questionId') {
    add(at, 'must be {questionId, equals} or {service}', 'showIf');
    return;
  }
  const { questionId, equals } = c as { questionId: unknown; equals: unknown };
  const target = questions.find((q) => q.id === questionId);
  if (typeof questionId !== 'string' || !target) {
    add(`${at}.questionId`, 'is not a question of this template', 'showIf');
  } else if (!earlierIds.has(questionId)) {
    add(`${at}.questionId`, 'must be an earlier question', 'showIf');
  } else if (typeof equals !== 'boolean' && typeof equals !== 'number' && typeof equals !== 'string') {
    add(`${at}.equals`, 'must be a boolean, number or string', 'showIf');
  } else {
    const problem = answerTypeProblem(target, equals);
    if (problem) add(`${at}.equals`, `${problem} (the answer type of ${questionId})`, 'showIf');
  }
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
