import { IllegalTransition } from '../platform/errors/domain-error';
import {
  PROCESSOR_STATUSES,
  PROCESSOR_TRANSITIONS,
  assertProcessorTransition,
} from '../processors/processor-lifecycle';
import {
  ASSESSMENT_STATUSES,
  ASSESSMENT_TRANSITIONS,
  assertAssessmentTransition,
} from './assessment-lifecycle';

describe('assessment lifecycle', () => {
  const allowed: [string, string][] = [
    ['draft', 'submitted'],
    ['submitted', 'in_review'],
    ['in_review', 'approved'],
    ['in_review', 'rejected'],
    ['in_review', 'changes_requested'],
    ['changes_requested', 'draft'],
  ];

  it('allows exactly the transitions of DESIGN.md', () => {
    const actual = ASSESSMENT_STATUSES.flatMap((from) =>
      ASSESSMENT_TRANSITIONS[from].map((to) => [from, to]),
    );
    expect(actual.sort()).toEqual(allowed.sort());
  });

  it.each(
    ASSESSMENT_STATUSES.flatMap((from) =>
      ASSESSMENT_STATUSES.filter((to) => !ASSESSMENT_TRANSITIONS[from].includes(to)).map((to) => [from, to]),
    ),
  )('refuses %s → %s with the allowed ones', (from, to) => {
    expect(() => assertAssessmentTransition(from, to)).toThrow(IllegalTransition);
    try {
      assertAssessmentTransition(from, to);
    } catch (error) {
      expect((error as IllegalTransition).extensions).toEqual({
        from,
        to,
        allowed: ASSESSMENT_TRANSITIONS[from],
      });
    }
  });

  it('keeps approved and rejected final', () => {
    expect(ASSESSMENT_TRANSITIONS.approved).toEqual([]);
    expect(ASSESSMENT_TRANSITIONS.rejected).toEqual([]);
  });
});

describe('processor lifecycle', () => {
  it('follows proposed → under_assessment → approved | rejected → active → offboarding → offboarded', () => {
    expect(() => assertProcessorTransition('proposed', 'under_assessment')).not.toThrow();
    expect(() => assertProcessorTransition('under_assessment', 'approved')).not.toThrow();
    expect(() => assertProcessorTransition('under_assessment', 'rejected')).not.toThrow();
    expect(() => assertProcessorTransition('approved', 'active')).not.toThrow();
    expect(() => assertProcessorTransition('active', 'offboarding')).not.toThrow();
    expect(() => assertProcessorTransition('offboarding', 'offboarded')).not.toThrow();
    expect(() => assertProcessorTransition('rejected', 'under_assessment')).not.toThrow();
  });

  it.each(
    PROCESSOR_STATUSES.flatMap((from) =>
      PROCESSOR_STATUSES.filter((to) => !PROCESSOR_TRANSITIONS[from].includes(to)).map((to) => [from, to]),
    ),
  )('refuses %s → %s', (from, to) => {
    expect(() => assertProcessorTransition(from, to)).toThrow(IllegalTransition);
  });
});
