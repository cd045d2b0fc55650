import { Injectable } from '@nestjs/common';
import { AgreementsService } from '../agreements/agreements.service';
import { AssessmentsService } from '../assessments/assessments.service';
import type { TenantScope } from '../platform/context/request-context';
import { Processor } from '../processors/processor.entity';
import { ProcessorsAsOf } from '../processors/processors-as-of';
import { ProcessorsService } from '../processors/processors.service';
import { effectiveAuthorization } from '../processors/subprocessor-authorization';
import { VocabulariesService } from '../vocabularies/vocabularies.service';
import type { AsOf } from '../platform/history/as-of';
import type { RecordLabels } from './export/labels';
import { IncidentsService } from '../incidents/incidents.service';
import type { ExportMeta, ProcessorSummary, RecordSource } from './export/record-source';
import { ProcessingActivitiesService } from './processing-activities.service';
import { RecordHistory } from '../platform/history/record-history.service';
import type { ActivitySnapshot, ProcessorEntrySnapshot } from './record-types';
import { RecordsProfileService } from '../organization-profile/records-profile.service';

const ACTIVITY_BATCH = 500;
const PROCESSOR_BATCH = 100;

/** Reads the record as of an instant for the exports, batch by batch. */
@Injectable()
export class RecordReader {
  constructor(
    private readonly history: RecordHistory,
    private readonly activities: ProcessingActivitiesService,
    private readonly profiles: RecordsProfileService,
    private readonly processors: ProcessorsService,
    private readonly incidents: IncidentsService,
    private readonly agreements: AgreementsService,
    private readonly assessments: AssessmentsService,
    private readonly vocabularies: VocabulariesService,
  ) {}

  async open(
    scope: TenantScope,
    when: AsOf,
    meta: Omit<ExportMeta, 'day' | 'asOf' | 'snapshotAt'>,
  ): Promise<RecordSource> {
    const [profile, labels, activityCount, processorEntryCount] = await Promise.all([
      this.profiles.at(scope, when.at),
      this.labels(scope),
      this.history.count(scope, 'processing_activity', when.at),
      this.history.count(scope, 'processor_record_entry', when.at),
    ]);
    const past = await this.activities.processorsAt(scope, when);
    const facts = await this.activities.facts(scope, when, past);
    const history = this.history;
    return {
      meta: { ...meta, asOf: when.asOf, snapshotAt: when.at.toISOString(), day: when.day },
      profile,
      labels,
      activityCount,
      processorEntryCount,
      async *activities() {
        for await (const batch of history.batches(scope, 'processing_activity', when.at, ACTIVITY_BATCH)) {
          const snapshots = batch.map((v) => v.data as unknown as ActivitySnapshot);
          await facts.load(snapshots.flatMap((a) => a.processorIds));
          yield snapshots.map((activity) => ({ activity, derived: facts.derive(activity) }));
        }
      },
      async *processorEntries() {
        for await (const batch of history.batches(scope, 'processor_record_entry', when.at, ACTIVITY_BATCH)) {
          yield batch.map((v) => v.data as unknown as ProcessorEntrySnapshot);
        }
      },
      processors: () => this.processorSummaries(scope, when, past),
    };
  }

  private async labels(scope: TenantScope): Promise<RecordLabels> {
    const names = async (vocabulary: 'data-categories' | 'data-subjects' | 'data-uses') =>
      new Map((await this.vocabularies.list(scope, vocabulary)).items.map((t) => [t.key, t.name]));
    return {
      dataCategories: await names('data-categories'),
      dataSubjects: await names('data-subjects'),
      dataUses: await names('data-uses'),
      countries: new Map(
        [...this.vocabularies.countries().items, ...this.vocabularies.internationalOrganisations().items].map(
          (c) => [c.code, c.name],
        ),
      ),
      specialCategoryOf: (key) => this.vocabularies.specialCategoryOf(key),
    };
  }

  /** Every processor that was not archived at the instant, with its agreement and assessment on the day. */
  private async *processorSummaries(
    scope: TenantScope,
    when: AsOf,
    past: ProcessorsAsOf | null,
  ): AsyncGenerator<ProcessorSummary[]> {
    if (past) {
      const listed = past.listed();
      const names = new Map(past.all.map((p) => [p.id, p.name]));
      for (let start = 0; start < listed.length; start += PROCESSOR_BATCH) {
        yield this.summarise(scope, when, listed.slice(start, start + PROCESSOR_BATCH), names);
      }
      return;
    }
    const names = new Map<string, string>();
    for (let page = 1; ; page++) {
      const { items } = await this.processors.list(scope, {
        includeArchived: true,
        page,
        pageSize: PROCESSOR_BATCH,
      });
      const processors = items.filter((p) => !p.archivedAt || p.archivedAt > when.at);
      for (const p of items) names.set(p.id, p.name);
      const missingParents = processors
        .map((p) => p.parentId)
        .filter((id): id is string => !!id && !names.has(id));
      if (missingParents.length) {
        const parents = await this.processors.names(scope, missingParents);
        for (const [id, name] of parents) names.set(id, name);
      }
      if (processors.length) yield this.summarise(scope, when, processors, names);
      if (items.length < PROCESSOR_BATCH) return;
    }
  }

  private async summarise(
    scope: TenantScope,
    when: AsOf,
    processors: Processor[],
    names: ReadonlyMap<string, string>,
  ): Promise<ProcessorSummary[]> {
    const ids = processors.map((p) => p.id);
    const agreements = await this.agreements.forProcessors(scope, ids);
    const breaches = await this.incidents.countsAt(scope, ids, when.at);
    const assessments = await this.assessments.summariesFor(scope, ids);
    return processors.map((p) => {
      const theirs = agreements.filter((a) => a.processorId === p.id);
      // The one that governs on the day; else the latest, so that its status (draft, expired…) shows.
      const governing = this.agreements.governing(theirs, when.day) ?? theirs[0];
      const own = assessments.filter((a) => a.processorId === p.id);
      const assessment = own.find((a) => a.id === p.approvedAssessmentId) ?? own[0];
      return {
        id: p.id,
        name: p.name,
        legalName: p.legalName,
        parentId: p.parentId,
        parentName: p.parentId ? (names.get(p.parentId) ?? null) : null,
        status: p.status,
        country: p.country,
        processingCountries: p.processingCountries,
        thirdCountries: this.thirdCountries(p, when.day),
        dpfCertified: p.dpfCertified,
        dpfCertification: p.dpfCertification ?? null,
        adequacyScopeConfirmations: p.adequacyScopeConfirmations ?? [],
        authorization: p.parentId ? effectiveAuthorization(p, when.day) : null,
        agreement: governing
          ? {
              id: governing.id,
              title: governing.title,
              reference: governing.reference,
              status: this.agreements.status(governing, when.day),
              effectiveFrom: governing.effectiveFrom,
              expiresOn: governing.expiresOn,
              transferMechanisms: governing.transferMechanisms,
            }
          : null,
        assessment: assessment
          ? {
              id: assessment.id,
              status: assessment.status,
              decision: assessment.decision,
              score: assessment.score,
              riskRating: assessment.riskRating,
              validUntil: assessment.validUntil,
              validOnDay:
                assessment.status === 'approved' &&
                !!assessment.validUntil &&
                assessment.validUntil >= when.day,
            }
          : null,
        archivedAt: p.archivedAt?.toISOString() ?? null,
        breaches: breaches.get(p.id) ?? { total: 0, open: 0 },
        postalAddress: p.postalAddress ?? null,
        contactPerson: p.contactPerson?.name
          ? [p.contactPerson.name, p.contactPerson.email, p.contactPerson.phone].filter(Boolean).join(', ')
          : null,
        flowDown: p.flowDownContract
          ? { signedOn: p.flowDownContract.signedOn, document: p.flowDownContract.document }
          : null,
      };
    });
  }

  /** Processing countries with neither the EEA nor an adequacy decision that reaches this processor. */
  private thirdCountries(p: Processor, day: string): string[] {
    return p.processingCountries.filter((c) => {
      if (this.vocabularies.isEea(c)) return false;
      const decision = this.vocabularies.adequacyOn(c, day);
      if (!decision) return true;
      if (decision.condition === 'dpf_certified') return !p.dpfCertification;
      return (
        decision.scope !== 'full' && !(p.adequacyScopeConfirmations ?? []).some((x) => x.destination === c)
      );
    });
  }
}
