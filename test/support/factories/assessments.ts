import { TestApp } from '../test-app';
import { eventually } from '../wait';

/** Assessments: answers good and bad, reading one, waiting for a decision, and an approval end to end. */

export interface TemplateQuestion {
  id: string;
  area: string;
  text: string;
  answerType: 'boolean' | 'number' | 'choice' | 'text' | 'date';
  options?: string[];
  weight: number;
  critical: boolean;
  expected?: { equals?: unknown; min?: number; max?: number; oneOf?: string[]; withinMonths?: number };
  showIf?: { questionId: string; equals: unknown } | { service: string };
}

export interface AnswerInput {
  questionId: string;
  value: unknown;
  comment?: string;
}

/** The test clock's first day: a date question scored by its age is answered relative to it. */
export const TEST_START_DAY = '2026-01-15';

/**
 * The answer that meets a question's expectation (text → 'documented'; date → '2026-01-01', or `today`
 * when it is scored by its age).
 */
export function perfectAnswer(q: TemplateQuestion, today = TEST_START_DAY): unknown {
  const e = q.expected ?? {};
  if (q.answerType === 'text') return 'documented';
  if (q.answerType === 'date') return e.withinMonths !== undefined ? today : '2026-01-01';
  if (e.equals !== undefined) return e.equals;
  if (e.min !== undefined) return e.min;
  if (e.max !== undefined) return e.max;
  if (e.oneOf?.length) return e.oneOf[0];
  if (q.answerType === 'boolean') return true;
  if (q.answerType === 'number') return 1;
  return q.options?.[0];
}

/**
 * The answer that fails a question's expectation where it has one (text and unscored dates as
 * perfectAnswer; a date scored by its age → 2000-01-01).
 */
export function badAnswer(q: TemplateQuestion, today = TEST_START_DAY): unknown {
  const e = q.expected ?? {};
  if (q.answerType === 'date' && e.withinMonths !== undefined) return '2000-01-01';
  if (q.answerType === 'text' || q.answerType === 'date') return perfectAnswer(q, today);
  if (q.answerType === 'boolean') return e.equals === undefined ? false : !e.equals;
  if (q.answerType === 'number') {
    if (e.min !== undefined) return Math.max(0, e.min - 5);
    if (e.max !== undefined) return e.max * 10 + 1;
    return e.equals !== undefined ? Number(e.equals) + 1 : 0;
  }
  if (q.answerType === 'choice') {
    const good = new Set(e.oneOf ?? (e.equals !== undefined ? [e.equals] : []));
    return q.options?.find((o) => !good.has(o)) ?? q.options?.[0];
  }
  return perfectAnswer(q, today);
}

/** The reason answersFor gives for a critical question that has no evidence attached. */
export const NO_EVIDENCE_REASON = 'No document to attach: confirmed in clause 7 of the signed agreement.';

/**
 * Answers for every question, conditional ones included (an answer to a hidden question is kept but
 * neither required nor scored): perfect ones, except those listed in `fail` (or all when fail = 'all').
 * A critical question's answer carries, as its comment, why no evidence is attached. `today` is the
 * day a date scored by its age is measured from (the test clock's day).
 */
export function answersFor(
  questions: TemplateQuestion[],
  fail: 'none' | 'all' | ((q: TemplateQuestion) => boolean) = 'none',
  today = TEST_START_DAY,
): AnswerInput[] {
  const failing = (q: TemplateQuestion): boolean =>
    fail === 'all' ? true : fail === 'none' ? false : fail(q);
  return questions.map((q) => ({
    questionId: q.id,
    value: failing(q) ? badAnswer(q, today) : perfectAnswer(q, today),
    ...(q.critical ? { comment: NO_EVIDENCE_REASON } : {}),
  }));
}

/** GET /assessments/:id; fails the test unless it answers 200. */
export async function getAssessment(
  t: TestApp,
  accessToken: string,
  id: string,
): Promise<Record<string, unknown> & { id: string; status: string; questions: TemplateQuestion[] }> {
  const res = await t.as(accessToken).get(`/assessments/${id}`);
  if (res.status !== 200)
    throw new Error(`GET /assessments/${id} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Polls GET /assessments/:id (flushing the outbox between tries) until its status is no longer one of
 * `from`; fails after `timeoutMs`. Returns the assessment as it then is.
 */
export async function waitForAssessment(
  t: TestApp,
  accessToken: string,
  id: string,
  from: string[] = ['submitted'],
  timeoutMs = 15_000,
): Promise<Record<string, unknown> & { id: string; status: string; questions: TemplateQuestion[] }> {
  return eventually(
    async () => {
      await t.flushOutbox();
      const assessment = await getAssessment(t, accessToken, id);
      if (from.includes(assessment.status))
        throw new Error(`assessment ${id} still ${assessment.status} after ${timeoutMs} ms`);
      return assessment;
    },
    { timeoutMs, intervalMs: 150 },
  );
}

/**
 * Takes a processor's assessment to approval the way people do: legal creates it, answers (perfectly
 * unless `fail` says otherwise) and submits; the worker scores it; the decider (dpo) approves.
 * Returns the approved assessment.
 */
export async function approveAssessment(
  t: TestApp,
  legalToken: string,
  deciderToken: string,
  processorId: string,
  fail: Parameters<typeof answersFor>[1] = 'none',
): Promise<Record<string, unknown> & { id: string; status: string; riskRating: string; validUntil: string }> {
  const created = await t.as(legalToken).post(`/processors/${processorId}/assessments`, {});
  if (created.status !== 201)
    throw new Error(
      `POST /processors/:id/assessments answered ${created.status}: ${JSON.stringify(created.body)}`,
    );
  const id: string = created.body.id;
  const put = await t.as(legalToken).put(`/assessments/${id}/answers`, {
    answers: answersFor(created.body.questions as TemplateQuestion[], fail, t.clock.today()),
  });
  if (put.status !== 200) throw new Error(`PUT answers answered ${put.status}: ${JSON.stringify(put.body)}`);
  const submit = await t.as(legalToken).post(`/assessments/${id}/submit`, {});
  if (submit.status !== 202)
    throw new Error(`submit answered ${submit.status}: ${JSON.stringify(submit.body)}`);
  const scored = await waitForAssessment(t, legalToken, id);
  if (scored.status !== 'in_review') throw new Error(`assessment ${id} is ${scored.status} after scoring`);
  const decided = await t
    .as(deciderToken)
    .post(`/assessments/${id}/decision`, { decision: 'approve', comment: 'Sufficient guarantees' });
  if (decided.status !== 200)
    throw new Error(`approval answered ${decided.status}: ${JSON.stringify(decided.body)}`);
  return decided.body;
}
