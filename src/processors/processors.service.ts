import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, EntityManager, In, IsNull } from 'typeorm';
import { addDays, Clock } from '../platform/clock/clock';
import type { RequestContext, TenantScope } from '../platform/context/request-context';
import { Tenancy, TenantRepository } from '../platform/tenancy/tenant-repository';
import { FieldError, ValidationFailed } from '../platform/errors/domain-error';
import { Page, Shortlist } from '../platform/http/pagination';
import { VocabulariesService } from '../vocabularies/vocabularies.service';
import { Certification, Contact, Processor, RISK_RATINGS, type RiskRating } from './processor.entity';
import { assertProcessorTransition, PROCESSOR_STATUSES, ProcessorStatus } from './processor-lifecycle';
import { SubProcessorAddedJob } from './processors.queue';
import { effectiveAuthorization } from './subprocessor-authorization';
import { OutboxService } from '../platform/queue/outbox.service';
import { RecordHistory } from '../platform/history/record-history.service';
import { ProcessorsAsOf } from './processors-as-of';
import { PROCESSOR_HISTORY } from './processor-history';
import type { AdequacyScopeConfirmation, DpfCertification } from './transfer-facts';
import { ClauseInput, normalizeClauses } from '../clauses/clauses';
import { OrganizationsService } from '../identity/organizations.service';
import { UsersService } from '../identity/users.service';
import { MailService } from '../platform/mail/mail.service';
import { acceptUpload, UploadedFile } from '../platform/storage/uploads';
import { compareSubProcessorLists, ListDifference, readSubProcessorList } from './subprocessor-list';
import { likeEscaped } from '../platform/database/like';
import { ProcessorErrors } from './processors.errors';

/**
 * How many levels a walk of the sub-processor tree goes down or up. Moving a processor under one of its
 * own sub-processors is refused, so a walk ends at a leaf or a top; the bound keeps it finite should a
 * loop ever reach the table another way.
 */
const TREE_DEPTH = 100;

export interface ProcessorInput {
  name: string;
  legalName?: string | null;
  registrationNumber?: string | null;
  vatId?: string | null;
  country: string;
  processingCountries: string[];
  services?: string;
  website?: string | null;
  contactEmail: string;
  privacyContact?: Contact | null;
  dpoContact?: Contact | null;
  certifications?: Certification[];
  intendedDataCategories?: string[];
  dpfCertified?: boolean;
  dpfCertification?: DpfCertification | null;
  adequacyScopeConfirmations?: AdequacyScopeConfirmation[];
  parentId?: string | null;
  postalAddress?: string | null;
  contactPerson?: Contact | null;
  /** For a sub-processor: the day the processor gave notice of it (today when omitted). */
  subprocessorNoticeOn?: string | null;
}

export interface FlowDownInput {
  signedOn: string;
  document: string;
  clauses: ClauseInput;
}

export interface ProcessorFilter {
  status?: ProcessorStatus;
  country?: string;
  q?: string;
  riskRating?: RiskRating;
  parentId?: string;
  includeArchived?: boolean;
  page: number;
  pageSize: number;
}

@Injectable()
export class ProcessorsService {
  private readonly processors: TenantRepository<Processor>;

  constructor(
    tenancy: Tenancy,
    private readonly dataSource: DataSource,
    private readonly vocabularies: VocabulariesService,
    private readonly outbox: OutboxService,
    private readonly history: RecordHistory,
    private readonly clock: Clock,
    private readonly mail: MailService,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
  ) {
    this.processors = tenancy.repository(Processor, 'Processor', 'processor', { history: PROCESSOR_HISTORY });
  }

  private async validate(scope: TenantScope, input: Partial<ProcessorInput>): Promise<void> {
    const errors: FieldError[] = [];
    if (input.country !== undefined)
      errors.push(
        ...this.vocabularies
          .unknownCountries([input.country], 'country')
          .map((e) => ({ ...e, field: 'country' })),
      );
    if (input.processingCountries)
      errors.push(...this.vocabularies.unknownDestinations(input.processingCountries, 'processingCountries'));
    input.adequacyScopeConfirmations?.forEach((c, i) => {
      const today = this.clock.today();
      const decision = this.vocabularies.adequacyOn(c.destination, today);
      if (!decision || decision.scope === 'full' || decision.condition === 'dpf_certified')
        errors.push({
          field: `adequacyScopeConfirmations[${i}].destination`,
          message:
            'has no partial adequacy decision in force whose scope could be confirmed (the US is covered by dpfCertification)',
          rule: 'partialAdequacy',
        });
      if (c.confirmedOn > today)
        errors.push({
          field: `adequacyScopeConfirmations[${i}].confirmedOn`,
          message: 'must not be in the future',
          rule: 'notFuture',
        });
    });
    const dpf = input.dpfCertification;
    if (dpf) {
      if (dpf.lastConfirmedOn > this.clock.today())
        errors.push({
          field: 'dpfCertification.lastConfirmedOn',
          message: 'must not be in the future',
          rule: 'notFuture',
        });
      if (dpf.certifiedOn && dpf.certifiedOn > dpf.lastConfirmedOn)
        errors.push({
          field: 'dpfCertification.certifiedOn',
          message: 'must not be after lastConfirmedOn',
          rule: 'dateOrder',
        });
    }
    if (input.intendedDataCategories) {
      errors.push(
        ...(await this.vocabularies.unknownKeys(
          scope,
          'data-categories',
          input.intendedDataCategories,
          'intendedDataCategories',
        )),
      );
    }
    input.certifications?.forEach((c, i) => {
      if (c.validFrom && c.validFrom > c.validUntil) {
        errors.push({
          field: `certifications[${i}].validUntil`,
          message: 'must not be before validFrom',
          rule: 'dateOrder',
        });
      }
    });
    if (input.subprocessorNoticeOn) {
      if (!input.parentId) {
        errors.push({
          field: 'subprocessorNoticeOn',
          message: 'is only for a sub-processor (with parentId)',
          rule: 'subProcessorOnly',
        });
      } else if (input.subprocessorNoticeOn > this.clock.today()) {
        errors.push({
          field: 'subprocessorNoticeOn',
          message: 'must not be in the future',
          rule: 'notInFuture',
        });
      }
    }
    if (errors.length) throw new ValidationFailed(errors);
  }

  async create(ctx: RequestContext, input: ProcessorInput): Promise<Processor> {
    await this.validate(ctx, input);
    return this.dataSource.transaction(async (manager) => {
      if (input.parentId) await this.processors.getById(ctx, input.parentId, manager);
      const processor = await this.processors.insert(manager, ctx, {
        ...input,
        services: input.services?.trim() ?? '',
        processingCountries: [...new Set(input.processingCountries)],
        intendedDataCategories: [...new Set(input.intendedDataCategories ?? [])],
        certifications: input.certifications ?? [],
        ...this.dpfFields(input),
        adequacyScopeConfirmations: input.adequacyScopeConfirmations ?? [],
        parentId: input.parentId ?? null,
        postalAddress: input.postalAddress?.trim() || null,
        contactPerson: input.contactPerson ?? null,
        subprocessorNoticeOn: input.parentId ? (input.subprocessorNoticeOn ?? this.clock.today()) : null,
        status: 'proposed',
        authorizationStatus: input.parentId ? 'pending' : null,
      });
      if (processor.parentId) await this.announceSubProcessor(manager, ctx, processor, processor.parentId);
      return processor;
    });
  }

  /**
   * The DPF fields kept in step: a certification with its dates and scope, or — from a client that only
   * says `dpfCertified: true` — one confirmed today for non-HR data, which the user completes later.
   */
  private dpfFields(
    input: Pick<ProcessorInput, 'dpfCertified' | 'dpfCertification'>,
    current?: Processor,
  ): Pick<Processor, 'dpfCertified' | 'dpfCertification'> {
    if (input.dpfCertification !== undefined) {
      const c = input.dpfCertification;
      return {
        dpfCertified: c !== null,
        dpfCertification: c && {
          certifiedOn: c.certifiedOn ?? null,
          lastConfirmedOn: c.lastConfirmedOn,
          scope: [...new Set(c.scope)],
          reference: c.reference ?? null,
        },
      };
    }
    if (input.dpfCertified === false) return { dpfCertified: false, dpfCertification: null };
    if (input.dpfCertified === true)
      return {
        dpfCertified: true,
        dpfCertification: current?.dpfCertification ?? {
          certifiedOn: null,
          lastConfirmedOn: this.clock.today(),
          scope: ['non_hr'],
          reference: null,
        },
      };
    return { dpfCertified: false, dpfCertification: null };
  }

  /** A new sub-processor: the controller's authorisation starts (window or explicit), through the outbox. */
  private async announceSubProcessor(
    manager: EntityManager,
    ctx: RequestContext,
    processor: Processor,
    parentId: string,
  ) {
    await this.outbox.enqueue(manager, SubProcessorAddedJob, {
      organizationId: ctx.organizationId,
      processorId: processor.id,
      parentId,
      // The objection window runs from the processor's notice, not from its registration in Custos.
      addedOn: processor.subprocessorNoticeOn ?? this.clock.today(),
      addedBy: ctx.actor.id,
      version: processor.version,
    });
  }

  /**
   * Legal's explicit authorisation of, or objection to, a sub-processor. An objection states its reasons
   * and is sent to the processor that engages the sub-processor, with legal as the one to reply to.
   */
  async decideAuthorization(
    ctx: RequestContext,
    id: string,
    decision: 'authorize' | 'object',
    note?: string,
  ): Promise<Processor> {
    if (decision === 'object' && !note?.trim()) {
      throw ValidationFailed.field(
        'note',
        'is required to object: give the processor the reasons',
        'required',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const processor = await this.processors.getById(ctx, id, manager, true);
      const today = this.clock.today();
      const current = effectiveAuthorization(processor, today);
      if (current === 'not_applicable') {
        throw ProcessorErrors.conflict(
          'NOT_A_SUBPROCESSOR',
          'Only a sub-processor (a processor with a parent) is authorised.',
        );
      }
      if (current === 'authorized' || current === 'objected') {
        throw ProcessorErrors.conflict('AUTHORIZATION_DECIDED', `The sub-processor is already ${current}.`, {
          current,
        });
      }
      const saved = await this.processors.update(
        manager,
        ctx,
        processor,
        {
          authorizationStatus: decision === 'authorize' ? 'authorized' : 'objected',
          authorizationDecidedAt: this.clock.now(),
          authorizationDecidedBy: ctx.actor.id,
          authorizationNote: note?.trim() || null,
        },
        decision === 'authorize' ? 'processor.subprocessor_authorized' : 'processor.subprocessor_objected',
      );
      if (decision === 'object' && processor.parentId) {
        const parent = await this.processors.getById(ctx, processor.parentId, manager);
        await this.sendObjection(manager, ctx, parent, saved);
      }
      return saved;
    });
  }

  private async sendObjection(
    manager: EntityManager,
    ctx: RequestContext,
    parent: Processor,
    sub: Processor,
  ): Promise<void> {
    const [organization, sender] = await Promise.all([
      this.organizations.get(ctx.organizationId),
      ctx.actor.id ? this.users.findById(ctx, ctx.actor.id, manager) : null,
    ]);
    const to = [
      ...new Set([parent.contactEmail, parent.contactPerson?.email].filter((e): e is string => !!e)),
    ];
    await this.mail.queue(manager, {
      organizationId: ctx.organizationId,
      idempotencyKey: `subprocessor-objection:${sub.id}:${sub.version}`,
      to,
      replyTo: sender?.email,
      template: 'subprocessor-objection',
      context: {
        controllerName: organization.name,
        parentName: parent.name,
        contactName: parent.contactPerson?.name ?? null,
        subName: sub.name,
        subCountry: sub.country,
        services: sub.services,
        noticeOn: sub.subprocessorNoticeOn ?? '',
        reasons: sub.authorizationNote ?? '',
        senderName: sender?.name ?? organization.name,
        senderEmail: sender?.email ?? null,
      },
    });
  }

  /**
   * Compares the processor's published sub-processor list (CSV) with the sub-processors Custos knows for
   * it, and lists the differences for legal. Nothing is changed.
   */
  async compareSubProcessorList(
    scope: TenantScope,
    id: string,
    file: UploadedFile | undefined,
  ): Promise<{ listed: number; known: number; differences: ListDifference[] }> {
    const processor = await this.processors.getById(scope, id);
    const upload = acceptUpload(file, ['text/csv', 'text/plain']);
    const codes = new Set(this.vocabularies.countries().items.map((c) => c.code));
    const listed = readSubProcessorList(upload.buffer.toString('utf8'), (code) => codes.has(code));
    const known = await this.processors.find(scope, {
      where: { parentId: processor.id, archivedAt: IsNull() },
      order: { name: 'ASC' },
    });
    return {
      listed: listed.length,
      known: known.length,
      differences: compareSubProcessorLists(listed, known),
    };
  }

  /** Records the contract between a sub-processor and the processor that engages it (Art. 28(4)). */
  async recordFlowDown(ctx: RequestContext, id: string, input: FlowDownInput): Promise<Processor> {
    if (input.signedOn > this.clock.today()) {
      throw ValidationFailed.field('signedOn', 'must not be in the future', 'notInFuture');
    }
    return this.dataSource.transaction(async (manager) => {
      const processor = await this.processors.getById(ctx, id, manager, true);
      if (!processor.parentId) {
        throw ProcessorErrors.conflict(
          'NOT_A_SUBPROCESSOR',
          'Only a sub-processor (a processor with a parent) has a flow-down contract.',
        );
      }
      return this.processors.update(
        manager,
        ctx,
        processor,
        {
          flowDownContract: {
            signedOn: input.signedOn,
            document: input.document.trim(),
            clauses: normalizeClauses(input.clauses),
            recordedAt: this.clock.now().toISOString(),
            recordedBy: ctx.actor.id,
          },
        },
        'processor.flow_down_recorded',
      );
    });
  }

  async list(scope: TenantScope, filter: ProcessorFilter): Promise<Page<Processor>> {
    const qb = this.processors.query(scope, 'p');
    if (!filter.includeArchived) qb.andWhere('p.archived_at IS NULL');
    if (filter.status) qb.andWhere('p.status = :status', { status: filter.status });
    if (filter.country) {
      qb.andWhere('(p.country = :country OR :country = ANY(p.processing_countries))', {
        country: filter.country,
      });
    }
    if (filter.riskRating) qb.andWhere('p.risk_rating = :risk', { risk: filter.riskRating });
    if (filter.parentId) qb.andWhere('p.parent_id = :parentId', { parentId: filter.parentId });
    if (filter.q) {
      const like = `%${likeEscaped(filter.q)}%`;
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('p.name ILIKE :like', { like })
            .orWhere('p.legal_name ILIKE :like', { like })
            .orWhere('p.services ILIKE :like', { like }),
        ),
      );
    }
    const [items, total] = await qb
      .orderBy('p.name', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .skip((filter.page - 1) * filter.pageSize)
      .take(filter.pageSize)
      .getManyAndCount();
    return { items, total, page: filter.page, pageSize: filter.pageSize };
  }

  /** Processor names by id, for lists that name the processor they concern. */
  async names(scope: TenantScope, ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.processors
      .query(scope, 'p')
      .select(['p.id', 'p.name'])
      .andWhere('p.id = ANY(:ids)', { ids: unique })
      .getMany();
    return new Map(rows.map((p) => [p.id, p.name]));
  }

  /**
   * Processors whose approved assessment ends within the coming days or has already ended, the
   * soonest first (archived and offboarded ones need none).
   */
  async assessmentsRunningOut(
    scope: TenantScope,
    days: number,
    limit: number,
  ): Promise<Shortlist<Processor>> {
    const [items, total] = await this.activeQuery(scope)
      .andWhere('p.approved_assessment_id IS NOT NULL AND p.assessment_valid_until <= :until', {
        until: addDays(this.clock.today(), days),
      })
      .orderBy('p.assessment_valid_until', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .take(limit)
      .getManyAndCount();
    return { items, total };
  }

  /** Sub-processors announced and still open to objection (Art. 28(2)), the window closing soonest first. */
  async objectionWindows(scope: TenantScope, limit: number): Promise<Shortlist<Processor>> {
    const [items, total] = await this.activeQuery(scope)
      .andWhere(`p.authorization_status = 'objection_window' AND p.objection_window_ends_on >= :today`, {
        today: this.clock.today(),
      })
      .orderBy('p.objection_window_ends_on', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .take(limit)
      .getManyAndCount();
    return { items, total };
  }

  /** How many of the organisation's processors (not archived) stand at each risk rating and status. */
  async tally(scope: TenantScope): Promise<{
    byRisk: { key: RiskRating | 'unrated'; count: number }[];
    byStatus: { key: ProcessorStatus; count: number }[];
  }> {
    const rows = await this.activeQuery(scope)
      .select(`coalesce(p.risk_rating, 'unrated')`, 'risk')
      .addSelect('p.status', 'status')
      .addSelect('count(*)::int', 'count')
      .groupBy('1')
      .addGroupBy('2')
      .getRawMany<{ risk: RiskRating | 'unrated'; status: ProcessorStatus; count: number }>();
    const sum = <K extends string>(keys: readonly K[], key: (r: (typeof rows)[number]) => K) =>
      keys.map((k) => ({ key: k, count: rows.filter((r) => key(r) === k).reduce((n, r) => n + r.count, 0) }));
    return {
      byRisk: sum([...RISK_RATINGS, 'unrated'] as const, (r) => r.risk),
      byStatus: sum(PROCESSOR_STATUSES, (r) => r.status),
    };
  }

  private activeQuery(scope: TenantScope) {
    return this.processors.query(scope, 'p').andWhere('p.archived_at IS NULL');
  }

  /**
   * The organisation's processors as they stood at an instant (archived ones too), from their history,
   * in the registry's order: name, then id, as PostgreSQL collates them.
   */
  async asOf(scope: TenantScope, at: Date): Promise<ProcessorsAsOf> {
    const versions = await this.history.allAt(scope, 'processor', at);
    const times = this.dataSource
      .getMetadata(Processor)
      .columns.filter((c) => c.type === 'timestamptz')
      .map((c) => c.propertyName);
    const processors = versions.map(({ data }) => {
      const processor = this.processors.create(data);
      for (const key of times) {
        const value = data[key];
        Object.assign(processor, { [key]: typeof value === 'string' ? new Date(value) : null });
      }
      return processor;
    });
    return new ProcessorsAsOf(at, processors);
  }

  get(scope: TenantScope, id: string, manager?: EntityManager): Promise<Processor> {
    return this.processors.getById(scope, id, manager);
  }

  /** The processor locked for update in the caller's transaction (a feature about to move it on). */
  lockForUpdate(scope: TenantScope, id: string, manager: EntityManager): Promise<Processor> {
    return this.processors.getById(scope, id, manager, true);
  }

  /**
   * The processors of `ids` that are not archived, locked for update in id order (two callers locking
   * overlapping sets in that order never deadlock).
   */
  lockUnarchivedForUpdate(scope: TenantScope, ids: string[], manager: EntityManager): Promise<Processor[]> {
    return this.processors.find(
      scope,
      {
        where: { id: In(ids), archivedAt: IsNull() },
        order: { id: 'ASC' },
        lock: { mode: 'pessimistic_write' },
      },
      manager,
    );
  }

  async update(
    ctx: RequestContext,
    id: string,
    changes: Partial<ProcessorInput> & { version?: number },
  ): Promise<Processor> {
    const { version, ...fields } = changes;
    await this.validate(ctx, fields);
    return this.dataSource.transaction(async (manager) => {
      const processor = await this.processors.getForUpdate(ctx, id, manager, { expectVersion: version });
      if (processor.archivedAt)
        throw ProcessorErrors.conflict('PROCESSOR_ARCHIVED', 'An archived processor cannot be changed.');
      const newParent =
        fields.parentId !== undefined && fields.parentId !== null && fields.parentId !== processor.parentId
          ? fields.parentId
          : undefined;
      if (newParent) await this.assertNoCycle(manager, ctx, processor.id, newParent);
      if (fields.processingCountries) fields.processingCountries = [...new Set(fields.processingCountries)];
      const changes: Partial<Processor> = { ...fields };
      if (fields.dpfCertification !== undefined || fields.dpfCertified !== undefined)
        Object.assign(changes, this.dpfFields(fields, processor));
      // Placed under another processor it is a new sub-processor there: its authorisation starts anew.
      if (newParent || fields.parentId === null) {
        Object.assign(changes, {
          authorizationStatus: newParent ? 'pending' : null,
          objectionWindowEndsOn: null,
          authorizationBasis: null,
          subprocessorNoticeOn: newParent ? this.clock.today() : null,
        });
      }
      const saved = await this.processors.applyChanges(manager, ctx, processor, changes);
      if (newParent) await this.announceSubProcessor(manager, ctx, saved, newParent);
      return saved;
    });
  }

  /** A processor is archived, never deleted: agreements, assessments and the trail keep pointing at it. */
  async archive(ctx: RequestContext, id: string): Promise<Processor> {
    return this.dataSource.transaction(async (manager) => {
      const processor = await this.processors.getById(ctx, id, manager, true);
      if (processor.archivedAt) return processor;
      if (processor.status === 'active' || processor.status === 'offboarding') {
        throw ProcessorErrors.conflict(
          'PROCESSOR_ENGAGED',
          `A processor that is ${processor.status} cannot be archived; end its agreements and offboard it first.`,
        );
      }
      return this.processors.update(
        manager,
        ctx,
        processor,
        { archivedAt: this.clock.now() },
        'processor.archived',
      );
    });
  }

  /** Moves a processor along its lifecycle in the caller's transaction; 409 with the allowed moves otherwise. */
  async transition(
    manager: EntityManager,
    ctx: RequestContext,
    processor: Processor,
    to: ProcessorStatus,
    extra: Partial<Processor> = {},
  ): Promise<Processor> {
    assertProcessorTransition(processor.status, to);
    return this.processors.update(
      manager,
      ctx,
      processor,
      { ...extra, status: to },
      'processor.status_changed',
    );
  }

  async setFields(
    manager: EntityManager,
    ctx: RequestContext,
    processor: Processor,
    fields: Partial<Processor>,
  ): Promise<Processor> {
    return this.processors.update(manager, ctx, processor, fields);
  }

  private async assertNoCycle(
    manager: EntityManager,
    scope: TenantScope,
    processorId: string,
    parentId: string,
  ): Promise<void> {
    await this.processors.getById(scope, parentId, manager);
    if ((await this.lineage(scope, parentId, manager)).includes(processorId)) {
      throw ProcessorErrors.conflict(
        'CIRCULAR_CHAIN',
        'A processor cannot be a sub-processor of itself or of its own sub-processors.',
      );
    }
  }

  /**
   * The sub-processor tree of organisation `org` from the processors whose ids are `ids` (SQL
   * placeholders or expressions), as three queries for a `WITH RECURSIVE` list: `${name}_roots`, those
   * processors' rows; `${name}_down(root, id, parent_id, depth)`, each root (depth 0) and its
   * sub-processors not archived, at any depth; `${name}_up(root, id, parent_id, depth)`, each root and every
   * processor above it. Every statement that walks the tree takes its walk from here; PostgreSQL runs
   * only the queries a statement reads.
   */
  treeSql(name: string, org: string, ids: string): string {
    const walk = (direction: string, join: string, where: string) =>
      `${name}_${direction}(root, id, parent_id, depth) AS (
         SELECT id, id, parent_id, 0 FROM ${name}_roots
         UNION ALL
         SELECT t.root, p.id, p.parent_id, t.depth + 1 FROM processor p JOIN ${name}_${direction} t ON ${join}
          WHERE p.organization_id = ${org}${where} AND t.depth < ${TREE_DEPTH})`;
    return `${name}_roots AS (SELECT * FROM processor WHERE organization_id = ${org} AND id = ANY(${ids})),
       ${walk('down', 'p.parent_id = t.id', ' AND p.archived_at IS NULL')},
       ${walk('up', 'p.id = t.parent_id', '')}`;
  }

  /** The processor and every sub-processor beneath it, at any depth. */
  async chain(scope: TenantScope, processorId: string, manager?: EntityManager): Promise<Processor[]> {
    const ids = await this.walk('down', scope, processorId, manager);
    if (ids.length === 0) return [];
    return this.processors.find(scope, { where: { id: In(ids) } }, manager);
  }

  /** The ids of the processor and of every processor above it, nearest first. */
  lineage(scope: TenantScope, processorId: string, manager?: EntityManager): Promise<string[]> {
    return this.walk('up', scope, processorId, manager);
  }

  private async walk(
    direction: 'down' | 'up',
    scope: TenantScope,
    processorId: string,
    manager?: EntityManager,
  ): Promise<string[]> {
    // eslint-disable-next-line no-restricted-syntax -- the tree walk (treeSql), shared with the gate's statement
    const rows = await (manager ?? this.dataSource.manager).query<{ id: string }[]>(
      `WITH RECURSIVE ${this.treeSql('tree', '$1', 'ARRAY[$2::uuid]')}
       SELECT id FROM tree_${direction} ORDER BY depth`,
      [scope.organizationId, processorId],
    );
    return rows.map((r) => r.id);
  }
}
