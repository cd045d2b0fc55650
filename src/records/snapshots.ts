import type { ProcessingActivity } from './processing-activity.entity';
import type { ProcessorRecordEntry } from './processor-record-entry.entity';
import type { ActivitySnapshot, ProcessorEntrySnapshot } from './record-types';

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
