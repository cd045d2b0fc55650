import type { AnswerValue, Question } from './hooks';

/**
 * The ids of the questions shown, in order, as the server decides them: a condition on an earlier
 * answer holds when that question is shown and its answer equals the value; a condition on the service
 * when the processor's services mention the keyword, or are not described yet. Hidden questions are
 * neither required nor scored.
 */
export function visibleQuestionIds(
  questions: Question[],
  valueOf: (id: string) => AnswerValue | undefined,
  services: string | undefined,
): Set<string> {
  const shown = new Set<string>();
  const described = services?.trim().toLowerCase();
  for (const q of questions) {
    const c = q.showIf;
    if (!c) shown.add(q.id);
    else if ('service' in c) {
      if (!described || described.includes(c.service.toLowerCase())) shown.add(q.id);
    } else if (shown.has(c.questionId) && valueOf(c.questionId) === c.equals) shown.add(q.id);
  }
  return shown;
}
