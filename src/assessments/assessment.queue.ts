import { defineJob, JobPayload, safeJobId } from '../platform/queue/job';

/** Jobs of the assessments feature; handled in assessments.jobs.ts. */
export interface ScoreAssessmentPayload extends JobPayload {
  organizationId: string;
  assessmentId: string;
  /** Which submission this scores: a resubmission is new work, a retry of the same one is not. */
  submission: number;
}

export const ScoreAssessmentJob = defineJob<ScoreAssessmentPayload>({
  queue: 'assessments',
  name: 'assessment.score',
  jobId: (p) => safeJobId('assessment-score', p.assessmentId, String(p.submission)),
});
