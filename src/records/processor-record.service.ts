import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import type { RequestContext, TenantScope } from '../platform/context/request-context';
import { refuseNulls, Tenancy, TenantRepository } from '../platform/tenancy/tenant-repository';
import { FieldError, NotFound, ValidationFailed } from '../platform/errors/domain-error';
import { Page } from '../platform/http/pagination';
import { VocabulariesService } from '../vocabularies/vocabularies.service';
import { resolveAsOf } from '../platform/history/as-of';
import { ProcessorRecordEntry } from './processor-record-entry.entity';
import { RecordHistory, VersionRow } from '../platform/history/record-history.service';
import type {
  ContactDetails,
  ControllerTransfer,
  ProcessorEntrySnapshot,
  Representative,
} from './record-types';
import { PROCESSOR_ENTRY_HISTORY, processorEntrySnapshot } from './snapshots';
import { RecordsErrors } from './records.errors';

export interface ProcessorEntryInput {
  controllerName: string;
  controllerAddress?: string | null;
  controllerContact: ContactDetails;
  controllerRepresentative?: Representative | null;
  controllerDpo?: ContactDetails | null;
  processingCategories: string[];
  transfers?:
    { country: string; safeguard: ControllerTransfer['safeguard']; reference?: string | null }[] | null;
  securityMeasures: string;
  contractReference?: string | null;
}

type EntryFields = Omit<
  ProcessorRecordEntry,
  'id' | 'organizationId' | 'archivedAt' | 'createdBy' | 'updatedBy' | 'version' | 'createdAt' | 'updatedAt'
>;

const REQUIRED: readonly (keyof ProcessorEntryInput)[] = [
  'controllerName',
  'controllerContact',
  'processingCategories',
  'securityMeasures',
];

/** The processor record (Art. 30(2)): each controller the organisation processes for, with history. */
@Injectable()
export class ProcessorRecordService {
  private readonly entries: TenantRepository<ProcessorRecordEntry>;

  constructor(
    tenancy: Tenancy,
    private readonly dataSource: DataSource,
    private readonly history: RecordHistory,
    private readonly vocabularies: VocabulariesService,
    private readonly clock: Clock,
  ) {
    this.entries = tenancy.repository(
      ProcessorRecordEntry,
      'Processor record entry',
      'processor_record_entry',
      { history: PROCESSOR_ENTRY_HISTORY },
    );
  }

  async create(ctx: RequestContext, input: ProcessorEntryInput): Promise<ProcessorEntrySnapshot> {
    this.validate(input);
    const saved = await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      return this.entries.insert(manager, ctx, {
        ...normalize(input),
        createdBy: ctx.actor.id,
        updatedBy: ctx.actor.id,
        createdAt: now,
        updatedAt: now,
      });
    });
    return processorEntrySnapshot(saved);
  }

  async update(
    ctx: RequestContext,
    id: string,
    changes: Partial<ProcessorEntryInput> & { version?: number },
  ): Promise<ProcessorEntrySnapshot> {
    const { version, ...given } = changes;
    refuseNulls(given, REQUIRED);
    const saved = await this.dataSource.transaction(async (manager) => {
      const entry = await this.entries.getForUpdate(ctx, id, manager, { expectVersion: version });
      if (entry.archivedAt) {
        throw RecordsErrors.conflict(
          'ENTRY_ARCHIVED',
          'The processor record entry is archived; it no longer changes.',
        );
      }
      const merged: ProcessorEntryInput = {
        ...processorEntrySnapshot(entry),
        ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
      };
      this.validate(merged);
      return this.entries.applyChanges(manager, ctx, entry, normalize(merged), {
        stamp: { updatedBy: ctx.actor.id, updatedAt: this.clock.now() },
      });
    });
    return processorEntrySnapshot(saved);
  }

  async archive(ctx: RequestContext, id: string): Promise<ProcessorEntrySnapshot> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const entry = await this.entries.getById(ctx, id, manager, true);
      if (entry.archivedAt) return entry;
      const now = this.clock.now();
      return this.entries.update(
        manager,
        ctx,
        entry,
        { archivedAt: now, updatedAt: now, updatedBy: ctx.actor.id },
        'processor_record_entry.archived',
      );
    });
    return processorEntrySnapshot(saved);
  }

  async get(scope: TenantScope, id: string, asOf?: string): Promise<ProcessorEntrySnapshot> {
    const when = resolveAsOf(asOf, this.clock.now());
    if (!when.asOf) return processorEntrySnapshot(await this.entries.getById(scope, id));
    const version = await this.history.at(scope, 'processor_record_entry', id, when.at);
    if (!version) throw new NotFound('Processor record entry', id);
    return version.data as unknown as ProcessorEntrySnapshot;
  }

  async list(
    scope: TenantScope,
    query: { page: number; pageSize: number; asOf?: string; includeArchived?: boolean },
  ): Promise<Page<ProcessorEntrySnapshot>> {
    const when = resolveAsOf(query.asOf, this.clock.now());
    if (when.asOf) {
      const page = await this.history.page(scope, 'processor_record_entry', when.at, query);
      return {
        items: page.items.map((v) => v.data as unknown as ProcessorEntrySnapshot),
        total: page.total,
        page: query.page,
        pageSize: query.pageSize,
      };
    }
    const page = await this.entries.page(scope, query, {
      where: query.includeArchived ? {} : { archivedAt: IsNull() },
      order: { controllerName: 'ASC', id: 'ASC' },
    });
    return { ...page, items: page.items.map(processorEntrySnapshot) };
  }

  async versions(scope: TenantScope, id: string): Promise<VersionRow[]> {
    await this.entries.getById(scope, id);
    return this.history.versions(scope, 'processor_record_entry', id);
  }

  private validate(input: ProcessorEntryInput): void {
    const errors: FieldError[] = [];
    const contact = input.controllerContact;
    if (!contact.email && !contact.phone) {
      errors.push({
        field: 'controllerContact',
        message: 'needs an e-mail address or a phone number (Art. 30(2)(a))',
        rule: 'contact',
      });
    }
    const seen = new Set<string>();
    (input.transfers ?? []).forEach((t, i) => {
      const field = `transfers[${i}].country`;
      if (!this.vocabularies.isCountry(t.country)) {
        errors.push({
          field,
          message: 'is not an ISO 3166-1 alpha-2 country code',
          rule: 'isISO31661Alpha2',
        });
      } else if (this.vocabularies.destination(t.country, false, this.clock.today()) === 'eea') {
        errors.push({ field, message: 'is in the EEA, where no transfer is recorded', rule: 'thirdCountry' });
      }
      if (seen.has(t.country)) errors.push({ field, message: 'is listed already', rule: 'unique' });
      seen.add(t.country);
    });
    if (errors.length) throw new ValidationFailed(errors);
  }
}

function normalize(input: ProcessorEntryInput): EntryFields {
  return {
    controllerName: input.controllerName,
    controllerAddress: input.controllerAddress || null,
    controllerContact: {
      name: input.controllerContact.name ?? null,
      email: input.controllerContact.email ?? null,
      phone: input.controllerContact.phone ?? null,
    },
    controllerRepresentative: input.controllerRepresentative ?? null,
    controllerDpo: input.controllerDpo ?? null,
    processingCategories: [...new Set(input.processingCategories.map((c) => c.trim()))],
    transfers: (input.transfers ?? []).map((t) => ({
      country: t.country,
      safeguard: t.safeguard,
      reference: t.reference ?? null,
    })),
    securityMeasures: input.securityMeasures,
    contractReference: input.contractReference || null,
  };
}
