import { Injectable } from '@nestjs/common';
import { OnJob } from '../platform/queue/job';
import { IncidentDeadlineJob, IncidentDeadlinePayload } from './incidents.queue';
import { IncidentsService } from './incidents.service';

@Injectable()
export class IncidentJobs {
  constructor(private readonly incidents: IncidentsService) {}

  @OnJob(IncidentDeadlineJob)
  deadline(payload: IncidentDeadlinePayload): Promise<void> {
    return this.incidents.remindDeadline(payload);
  }
}
