import { defineJob, JobPayload, safeJobId } from '../platform/queue/job';

/** Jobs the processors feature causes; the agreements feature handles this one (it knows the DPA). */
export interface SubProcessorAddedPayload extends JobPayload {
  organizationId: string;
  processorId: string;
  parentId: string;
  /** The day the sub-processor was notified: the objection window counts from it. */
  addedOn: string;
  addedBy: string | null;
  /** The processor's version when it was placed under the parent: moving it again is new work. */
  version: number;
}

export const SubProcessorAddedJob = defineJob<SubProcessorAddedPayload>({
  queue: 'processors',
  name: 'processor.subprocessor-added',
  jobId: (p) => safeJobId('subprocessor-added', p.processorId, p.parentId, String(p.version)),
});
