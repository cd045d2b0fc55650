import { Injectable } from '@nestjs/common';
import { JobContext, OnJob } from '../platform/queue/job';
import { ScoreAssessmentJob, ScoreAssessmentPayload } from './assessment.queue';
import { AssessmentsService } from './assessments.service';

@Injectable()
export class AssessmentJobs {
  constructor(private readonly assessments: AssessmentsService) {}

  @OnJob(ScoreAssessmentJob)
  async score(payload: ScoreAssessmentPayload, context: JobContext): Promise<void> {
    try {
      await this.assessments.score(payload.organizationId, payload.assessmentId, payload.submission);
    } catch (error) {
      if (context.isFinalAttempt) {
        await this.assessments.recordScoringFailure(
          payload.organizationId,
          payload.assessmentId,
          (error as Error).message,
        );
      }
      throw error;
    }
  }
}
