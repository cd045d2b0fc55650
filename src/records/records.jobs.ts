import { Injectable } from '@nestjs/common';
import { JobContext, OnJob } from '../platform/queue/job';
import { RecordExportsService } from './record-exports.service';
import { ExportRecordsJob, ExportRecordsPayload } from './records.queue';

@Injectable()
export class RecordJobs {
  constructor(private readonly exports: RecordExportsService) {}

  /** Makes the file; on the last failed attempt the export is marked failed with the reason. */
  @OnJob(ExportRecordsJob)
  async export(payload: ExportRecordsPayload, context: JobContext): Promise<void> {
    try {
      await this.exports.run(payload.organizationId, payload.exportId);
    } catch (error) {
      if (context.isFinalAttempt) {
        await this.exports.recordFailure(payload.organizationId, payload.exportId, (error as Error).message);
      }
      throw error;
    }
  }
}
