import { Injectable } from '@nestjs/common';
import { OnJob, OnJobFailed } from '../platform/queue/job';
import { RecordExportsService } from './record-exports.service';
import { ExportRecordsJob, ExportRecordsPayload } from './records.queue';

@Injectable()
export class RecordJobs {
  constructor(private readonly exports: RecordExportsService) {}

  /** Makes the file. */
  @OnJob(ExportRecordsJob)
  async export(payload: ExportRecordsPayload): Promise<void> {
    await this.exports.run(payload.organizationId, payload.exportId);
  }

  /** The last attempt failed: the export is marked failed with the reason. */
  @OnJobFailed(ExportRecordsJob)
  async exportFailed(payload: ExportRecordsPayload, error: Error): Promise<void> {
    await this.exports.recordFailure(payload.organizationId, payload.exportId, error.message);
  }
}
