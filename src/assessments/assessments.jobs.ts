import { Injectable } from '@nestjs/common';
import { OnJob, OnJobFailed } from '../platform/queue/job';
import { ScoreAssessmentJob, ScoreAssessmentPayload } from './assessment.queue';
import { AssessmentsService } from './assessments.service';

@Injectable()
export class AssessmentJobs {
  constructor(private readonly assessments: AssessmentsService) {}

  @OnJob(ScoreAssessmentJob)
  async score(payload: ScoreAssessmentPayload): Promise<void> {
    await this.assessments.score(payload.organizationId, payload.assessmentId, payload.submission);
  }

  /** Scoring failed for good: the assessment says so, with the reason. */
  @OnJobFailed(ScoreAssessmentJob)
  async scoringFailed(payload: ScoreAssessmentPayload, error: Error): Promise<void> {
    await this.assessments.recordScoringFailure(payload.organizationId, payload.assessmentId, error.message);
  }
}
