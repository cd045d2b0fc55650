import { featureErrors } from '../platform/errors/feature-errors';

/** The codes of assessments' own rules: what its services throw and its routes document. */
export const AssessmentErrors = featureErrors({
  SELF_DECISION_FORBIDDEN: [403, 'four eyes: who submitted an assessment does not decide it'],
  ASSESSMENT_IN_PROGRESS: [409, 'the processor already has an open assessment'],
  ASSESSMENT_NOT_EDITABLE: [409, 'answers change only in draft or after changes were requested'],
  CRITICAL_RISK_NOT_APPROVABLE: [409, 'an assessment rated critical is not approved'],
});
