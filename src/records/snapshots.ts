import type { ProcessingActivity } from './processing-activity.entity';
import type { ProcessorRecordEntry } from './processor-record-entry.entity';
import type { ActivitySnapshot, ProcessorEntrySnapshot } from './record-types';
import type { HistoryOptions } from '../platform/history/record-history.service';
import type { RecordEntityType } from '../platform/history/record-version.entity';

/** What the history keeps of an activity, and what every view and export reads. */
export function activitySnapshot(a: ProcessingActivity): ActivitySnapshot {
  return {
    id: a.id,
    name: a.name,
    businessFunction: a.businessFunction,
    purposes: a.purposes,
    purposeDescription: a.purposeDescription,
    legalBases: a.legalBases,
    legitimateInterest: a.legitimateInterest,
    legitimateInterestsAssessment: a.legitimateInterestsAssessment,
    consentRecord: a.consentRecord,
    rightsAvailable: a.rightsAvailable,
    automatedDecisionMaking: a.automatedDecisionMaking,
    dataSubjectCategories: a.dataSubjectCategories,
    dataCategories: a.dataCategories,
    dataLocation: a.dataLocation,
    retention: a.retention,
    retentionByCategory: a.retentionByCategory,
    securityMeasures: a.securityMeasures,
    dpiaRequired: a.dpiaRequired,
    dpiaProgress: a.dpiaProgress,
    dpiaReference: a.dpiaReference,
    breachRecord: a.breachRecord,
    jointControllers: a.jointControllers,
    dataSource: a.dataSource,
    processorIds: a.processorIds,
    otherRecipients: a.otherRecipients,
    archivedAt: a.archivedAt?.toISOString() ?? null,
    version: a.version,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export function processorEntrySnapshot(e: ProcessorRecordEntry): ProcessorEntrySnapshot {
  return {
    id: e.id,
    controllerName: e.controllerName,
    controllerAddress: e.controllerAddress,
    controllerContact: e.controllerContact,
    controllerRepresentative: e.controllerRepresentative,
    controllerDpo: e.controllerDpo,
    processingCategories: e.processingCategories,
    transfers: e.transfers,
    securityMeasures: e.securityMeasures,
    contractReference: e.contractReference,
    archivedAt: e.archivedAt?.toISOString() ?? null,
    version: e.version,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

/**
 * What the history keeps of a part of the record: its snapshot, sorted by `label`, archived once
 * `archivedAt` is set, each version from the part's own `updatedAt` (the instant of the change).
 */
function partHistory<T extends { archivedAt: Date | null; updatedAt: Date }>(
  entityType: RecordEntityType,
  label: (part: T) => string,
  data: (part: T) => object,
): HistoryOptions<T> {
  return {
    entityType,
    label,
    data,
    archived: (part) => part.archivedAt !== null,
    at: (part) => part.updatedAt,
  };
}

export const ACTIVITY_HISTORY = partHistory<ProcessingActivity>(
  'processing_activity',
  (activity) => activity.name,
  activitySnapshot,
);

export const PROCESSOR_ENTRY_HISTORY = partHistory<ProcessorRecordEntry>(
  'processor_record_entry',
  (entry) => entry.controllerName,
  processorEntrySnapshot,
);
