import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { AgreementsService } from '../agreements/agreements.service';
import { TransferImpactAssessmentsService } from '../agreements/transfer-impact-assessments.service';
import { Clock } from '../platform/clock/clock';
import type { RequestContext, TenantScope } from '../platform/context/request-context';
import { refuseNulls, Tenancy, TenantRepository } from '../platform/tenancy/tenant-repository';
import { FieldError, NotFound, ValidationFailed } from '../platform/errors/domain-error';
import { Page } from '../platform/http/pagination';
import { ProcessorsAsOf } from '../processors/processors-as-of';
import { ProcessorsService } from '../processors/processors.service';
import { coveredByAny } from '../vocabularies/vocabulary-rules';
import { VocabulariesService } from '../vocabularies/vocabularies.service';
import { AsOf, resolveAsOf } from '../platform/history/as-of';
import { DerivedParts } from './derivation';
import { LegalBasis, legalBasisProblems } from './legal-bases';
import { ProcessingActivity } from './processing-activity.entity';
import { RecordFacts } from './record-facts';
import { RecordHistory, VersionRow } from '../platform/history/record-history.service';
import type {
  ActivitySnapshot,
  DataSubjectRight,
  DpiaProgress,
  JointController,
  OtherRecipient,
  RetentionLimit,
} from './record-types';
import { ACTIVITY_HISTORY, activitySnapshot } from './snapshots';
import { likeEscaped } from '../platform/database/like';
import { RecordsErrors } from './records.errors';

export interface ActivityInput {
  name: string;
  businessFunction?: string | null;
  purposes: string[];
  purposeDescription?: string | null;
  legalBases: LegalBasis[];
  legitimateInterest?: string | null;
  legitimateInterestsAssessment?: string | null;
  consentRecord?: string | null;
  rightsAvailable?: DataSubjectRight[] | null;
  automatedDecisionMaking?: string | null;
  dataLocation?: string | null;
  dpiaProgress?: DpiaProgress | null;
  breachRecord?: string | null;
  dataSubjectCategories: string[];
  dataCategories: string[];
  retention: string;
  retentionByCategory?: RetentionLimit[] | null;
  securityMeasures: string;
  dpiaRequired?: boolean | null;
  dpiaReference?: string | null;
  jointControllers?: JointController[] | null;
  dataSource?: string | null;
  processorIds: string[];
  otherRecipients?:
    | {
        name: string;
        type: OtherRecipient['type'];
        country?: string | null;
        safeguard?: OtherRecipient['safeguard'];
      }[]
    | null;
}

export type ActivityChanges = Partial<ActivityInput> & { version?: number };

export interface ActivityView {
  activity: ActivitySnapshot;
  derived: DerivedParts;
}

const REQUIRED: readonly (keyof ActivityInput)[] = [
  'name',
  'purposes',
  'legalBases',
  'dataSubjectCategories',
  'dataCategories',
  'retention',
  'securityMeasures',
  'processorIds',
];

type ActivityFields = Omit<
  ProcessingActivity,
  'id' | 'organizationId' | 'archivedAt' | 'createdBy' | 'updatedBy' | 'version' | 'createdAt' | 'updatedAt'
>;

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** The controller's record (Art. 30(1)): activities, their history and their derived parts. */
@Injectable()
export class ProcessingActivitiesService {
  private readonly activities: TenantRepository<ProcessingActivity>;

  constructor(
    tenancy: Tenancy,
    private readonly dataSource: DataSource,
    private readonly history: RecordHistory,
    private readonly processors: ProcessorsService,
    private readonly agreements: AgreementsService,
    private readonly tias: TransferImpactAssessmentsService,
    private readonly vocabularies: VocabulariesService,
    private readonly clock: Clock,
  ) {
    this.activities = tenancy.repository(ProcessingActivity, 'Processing activity', 'processing_activity', {
      history: ACTIVITY_HISTORY,
    });
  }

  /** The live activities that name a processor as recipient: what its end of contract must cover. */
  async usingProcessor(
    scope: TenantScope,
    processorId: string,
    manager?: EntityManager,
  ): Promise<{ names: string[]; dataCategories: string[]; dataSubjectCategories: string[] }> {
    const rows = await this.activities
      .query(scope, 'a', manager)
      .select(['a.id', 'a.name', 'a.dataCategories', 'a.dataSubjectCategories'])
      .andWhere('a.archived_at IS NULL AND CAST(:processorId AS uuid) = ANY(a.processor_ids)', {
        processorId,
      })
      .orderBy('a.name')
      .getMany();
    return {
      names: rows.map((r) => r.name),
      dataCategories: unique(rows.flatMap((r) => r.dataCategories)),
      dataSubjectCategories: unique(rows.flatMap((r) => r.dataSubjectCategories)),
    };
  }

  /**
   * Facts for deriving recipients, transfers and flags as of `when`, kept for one request or export. For
   * a past day the processors are those of that day (`past`, or read here from their history).
   */
  async facts(scope: TenantScope, when: AsOf, past?: ProcessorsAsOf | null): Promise<RecordFacts> {
    const then = past === undefined ? await this.processorsAt(scope, when) : past;
    return new RecordFacts(
      scope,
      when.day,
      then ? (id) => Promise.resolve(then.chain(id)) : (id) => this.processors.chain(scope, id),
      this.agreements,
      this.tias,
      this.vocabularies,
    );
  }

  /** The processors as they stood at the instant of a past day; null when the record asked for is today's. */
  async processorsAt(scope: TenantScope, when: AsOf): Promise<ProcessorsAsOf | null> {
    return when.day < this.clock.today() ? this.processors.asOf(scope, when.at) : null;
  }

  async create(ctx: RequestContext, input: ActivityInput): Promise<ActivityView> {
    await this.validate(ctx, input);
    const fields = this.normalize(input);
    const saved = await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      return this.activities.insert(manager, ctx, {
        ...fields,
        createdBy: ctx.actor.id,
        updatedBy: ctx.actor.id,
        createdAt: now,
        updatedAt: now,
      });
    });
    return this.view(ctx, activitySnapshot(saved), resolveAsOf(null, this.clock.now()));
  }

  async update(ctx: RequestContext, id: string, changes: ActivityChanges): Promise<ActivityView> {
    const { version, ...given } = changes;
    refuseNulls(given, REQUIRED);
    const saved = await this.dataSource.transaction(async (manager) => {
      const activity = await this.activities.getForUpdate(ctx, id, manager, { expectVersion: version });
      if (activity.archivedAt) {
        throw RecordsErrors.conflict(
          'ACTIVITY_ARCHIVED',
          'The processing activity is archived; it no longer changes.',
        );
      }
      const merged: ActivityInput = { ...activitySnapshot(activity), ...stripUndefined(given) };
      await this.validate(ctx, merged);
      return this.activities.applyChanges(manager, ctx, activity, this.normalize(merged), {
        stamp: { updatedBy: ctx.actor.id, updatedAt: this.clock.now() },
      });
    });
    return this.view(ctx, activitySnapshot(saved), resolveAsOf(null, this.clock.now()));
  }

  /** Archived, never deleted: the record as of an earlier date still shows it. */
  async archive(ctx: RequestContext, id: string): Promise<ActivityView> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const activity = await this.activities.getById(ctx, id, manager, true);
      if (activity.archivedAt) return activity;
      const now = this.clock.now();
      return this.activities.update(
        manager,
        ctx,
        activity,
        { archivedAt: now, updatedAt: now, updatedBy: ctx.actor.id },
        'processing_activity.archived',
      );
    });
    return this.view(ctx, activitySnapshot(saved), resolveAsOf(null, this.clock.now()));
  }

  /** The activity now, or as it stood at the end of `asOf`; 404 if it did not exist then. */
  async get(scope: TenantScope, id: string, asOf?: string): Promise<ActivityView> {
    const when = resolveAsOf(asOf, this.clock.now());
    if (!when.asOf) {
      const activity = await this.activities.getById(scope, id);
      return this.view(scope, activitySnapshot(activity), when);
    }
    const version = await this.history.at(scope, 'processing_activity', id, when.at);
    if (!version) throw new NotFound('Processing activity', id);
    return this.view(scope, version.data as unknown as ActivitySnapshot, when);
  }

  async list(
    scope: TenantScope,
    query: { page: number; pageSize: number; asOf?: string; q?: string; includeArchived?: boolean },
  ): Promise<Page<ActivityView>> {
    const when = resolveAsOf(query.asOf, this.clock.now());
    const facts = await this.facts(scope, when);
    let snapshots: ActivitySnapshot[];
    let total: number;
    if (when.asOf) {
      const page = await this.history.page(scope, 'processing_activity', when.at, query);
      snapshots = page.items.map((v) => v.data as unknown as ActivitySnapshot);
      total = page.total;
    } else {
      const qb = this.activities.query(scope, 'a');
      if (!query.includeArchived) qb.andWhere('a.archived_at IS NULL');
      if (query.q) {
        const like = `%${likeEscaped(query.q)}%`;
        qb.andWhere(
          new Brackets((w) =>
            w.where('a.name ILIKE :like', { like }).orWhere('a.business_function ILIKE :like', { like }),
          ),
        );
      }
      const [items, count] = await qb
        .orderBy('a.name', 'ASC')
        .addOrderBy('a.id', 'ASC')
        .skip((query.page - 1) * query.pageSize)
        .take(query.pageSize)
        .getManyAndCount();
      snapshots = items.map(activitySnapshot);
      total = count;
    }
    await facts.load(snapshots.flatMap((a) => a.processorIds));
    return {
      items: snapshots.map((activity) => ({ activity, derived: facts.derive(activity) })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async versions(scope: TenantScope, id: string): Promise<VersionRow[]> {
    await this.activities.getById(scope, id);
    return this.history.versions(scope, 'processing_activity', id);
  }

  private async view(scope: TenantScope, activity: ActivitySnapshot, when: AsOf): Promise<ActivityView> {
    const facts = await this.facts(scope, when);
    await facts.load(activity.processorIds);
    return { activity, derived: facts.derive(activity) };
  }

  /** The stored shape: optional parts defaulted, lists without duplicates. */
  private normalize(input: ActivityInput): ActivityFields {
    return {
      name: input.name,
      businessFunction: input.businessFunction || null,
      purposes: unique(input.purposes),
      purposeDescription: input.purposeDescription || null,
      legalBases: unique(input.legalBases),
      legitimateInterest: input.legitimateInterest || null,
      legitimateInterestsAssessment: input.legitimateInterestsAssessment || null,
      consentRecord: input.consentRecord || null,
      rightsAvailable: unique(input.rightsAvailable ?? []),
      automatedDecisionMaking: input.automatedDecisionMaking || null,
      dataLocation: input.dataLocation || null,
      dpiaProgress: input.dpiaProgress ?? null,
      breachRecord: input.breachRecord || null,
      dataSubjectCategories: unique(input.dataSubjectCategories),
      dataCategories: unique(input.dataCategories),
      retention: input.retention,
      retentionByCategory: input.retentionByCategory ?? [],
      securityMeasures: input.securityMeasures,
      dpiaRequired: input.dpiaRequired ?? false,
      dpiaReference: input.dpiaReference || null,
      jointControllers: input.jointControllers ?? [],
      dataSource: input.dataSource || null,
      processorIds: unique(input.processorIds.map((id) => id.toLowerCase())),
      otherRecipients: (input.otherRecipients ?? []).map((r) => ({
        name: r.name,
        type: r.type,
        country: r.country ?? null,
        safeguard: r.safeguard ?? null,
      })),
    };
  }

  /** Every problem at once, each naming its field; nothing is stored while one remains. */
  private async validate(scope: TenantScope, a: ActivityInput): Promise<void> {
    const errors: FieldError[] = [];
    const retentionByCategory = a.retentionByCategory ?? [];
    const otherRecipients = a.otherRecipients ?? [];
    errors.push(...(await this.vocabularies.unknownKeys(scope, 'data-uses', a.purposes, 'purposes')));
    errors.push(
      ...(await this.vocabularies.unknownKeys(
        scope,
        'data-subjects',
        a.dataSubjectCategories,
        'dataSubjectCategories',
      )),
    );
    errors.push(
      ...(await this.vocabularies.unknownKeys(scope, 'data-categories', a.dataCategories, 'dataCategories')),
    );
    errors.push(...legalBasisProblems(a, (key) => this.vocabularies.specialCategoryOf(key)));
    const limited = new Set<string>();
    retentionByCategory.forEach((r, i) => {
      const field = `retentionByCategory[${i}].dataCategory`;
      if (!coveredByAny(a.dataCategories, r.dataCategory)) {
        errors.push({ field, message: 'is not one of the activity’s data categories', rule: 'dataCategory' });
      }
      if (limited.has(r.dataCategory)) errors.push({ field, message: 'has a limit already', rule: 'unique' });
      limited.add(r.dataCategory);
    });
    otherRecipients.forEach((r, i) => {
      if (r.country && !this.vocabularies.isDestination(r.country)) {
        errors.push({
          field: `otherRecipients[${i}].country`,
          message: 'is not an ISO 3166-1 alpha-2 country code',
          rule: 'isISO31661Alpha2',
        });
      }
    });
    if (a.processorIds.length) {
      const known = await this.processors.names(
        scope,
        a.processorIds.map((id) => id.toLowerCase()),
      );
      a.processorIds.forEach((id, i) => {
        if (!known.has(id.toLowerCase())) {
          errors.push({
            field: `processorIds[${i}]`,
            message: 'is not a processor of this organisation',
            rule: 'processor',
          });
        }
      });
    }
    if (errors.length) throw new ValidationFailed(errors);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
