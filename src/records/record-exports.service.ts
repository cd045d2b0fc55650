import { Injectable, Logger } from '@nestjs/common';
import { ReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { UsersService } from '../identity/users.service';
import { AuditService } from '../platform/audit/audit.service';
import { Clock } from '../platform/clock/clock';
import { type RequestContext, systemContext, type TenantScope } from '../platform/context/request-context';
import { Tenancy, TenantRepository } from '../platform/tenancy/tenant-repository';
import { Page } from '../platform/http/pagination';
import { consoleUrl } from '../platform/mail/console-url';
import { MailService } from '../platform/mail/mail.service';
import { OutboxService } from '../platform/queue/outbox.service';
import { FileStorage } from '../platform/storage/file-storage.service';
import { resolveAsOf } from '../platform/history/as-of';
import { csvExport } from './export/csv.writer';
import { jsonExport, recordHash } from './export/json.writer';
import { pdfExport } from './export/pdf.writer';
import type { RecordSource } from './export/record-source';
import { xlsxExport } from './export/xlsx.writer';
import { ExportFormat, RecordExport } from './record-export.entity';
import { RecordReader } from './record-reader.service';
import { ExportRecordsJob } from './records.queue';
import { RecordsErrors } from './records.errors';

const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  pdf: 'application/pdf',
};

const FORMAT_NAMES: Readonly<Record<ExportFormat, string>> = {
  xlsx: 'Excel workbook (XLSX)',
  csv: 'CSV',
  json: 'JSON',
  pdf: 'PDF',
};

export interface MadeFile {
  stream: Readable;
  /** Known once the stream was read to its end (JSON), or before it starts (PDF). */
  dataSha256: Promise<string | null>;
}

/** Exports of the whole record: requested here, made by a queued job, downloaded by the organisation. */
@Injectable()
export class RecordExportsService {
  private readonly logger = new Logger(RecordExportsService.name);
  private readonly exports: TenantRepository<RecordExport>;

  constructor(
    tenancy: Tenancy,
    private readonly dataSource: DataSource,
    private readonly reader: RecordReader,
    private readonly storage: FileStorage,
    private readonly outbox: OutboxService,
    private readonly mail: MailService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.exports = tenancy.repository(RecordExport, 'Export', 'records_export');
  }

  /** Queues an export of the record now or as of the end of a past day; the job goes with the row. */
  async request(ctx: RequestContext, input: { format: ExportFormat; asOf?: string }): Promise<RecordExport> {
    const now = this.clock.now();
    const when = resolveAsOf(input.asOf, now);
    return this.dataSource.transaction(async (manager) => {
      const created = await this.exports.insert(manager, ctx, {
        format: input.format,
        asOf: when.asOf,
        snapshotAt: when.at,
        status: 'queued',
        requestedBy: ctx.actor.id,
        requestedByLabel: ctx.actor.label,
        createdAt: now,
      });
      await this.outbox.enqueue(manager, ExportRecordsJob, {
        organizationId: ctx.organizationId,
        exportId: created.id,
      });
      return created;
    });
  }

  get(scope: TenantScope, id: string): Promise<RecordExport> {
    return this.exports.getById(scope, id);
  }

  list(scope: TenantScope, page: { page: number; pageSize: number }): Promise<Page<RecordExport>> {
    return this.exports.page(scope, page, { order: { createdAt: 'DESC', id: 'DESC' } });
  }

  /** The file of a completed export; downloading the whole record is itself recorded in the audit trail. */
  async file(ctx: RequestContext, id: string): Promise<{ export: RecordExport; stream: ReadStream }> {
    const found = await this.exports.getById(ctx, id);
    if (found.status !== 'completed' || !found.storageKey) {
      throw RecordsErrors.conflict(
        'EXPORT_NOT_READY',
        `The export is ${found.status}; its file is not available.`,
        {
          status: found.status,
        },
      );
    }
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, ctx, {
        action: 'records_export.downloaded',
        entityType: 'records_export',
        entityId: found.id,
        after: { format: found.format, sha256: found.sha256, asOf: found.asOf },
      }),
    );
    return { export: found, stream: this.storage.stream(found.storageKey) };
  }

  /**
   * The job's part: make the file, store it with its SHA-256, and tell the requester. Running it again
   * after it completed changes nothing; a run that died midway is simply made again.
   */
  async run(organizationId: string, id: string): Promise<void> {
    const ctx = systemContext(organizationId, 'records-export');
    const started = await this.dataSource.transaction(async (manager) => {
      const row = await this.exports.getById(ctx, id, manager, true);
      if (row.status === 'completed' || row.status === 'failed') return undefined;
      return this.exports.update(
        manager,
        ctx,
        row,
        { status: 'running', startedAt: this.clock.now(), attempts: row.attempts + 1 },
        'records_export.started',
      );
    });
    if (!started) return;
    const generatedAt = this.clock.now();
    const when = {
      at: started.snapshotAt,
      asOf: started.asOf,
      day: started.asOf ?? started.snapshotAt.toISOString().slice(0, 10),
    };
    const source = await this.reader.open(ctx, when, {
      exportId: started.id,
      generatedAt: generatedAt.toISOString(),
    });
    const made = await this.make(started.format, source);
    const key = `${organizationId}/records/exports/${started.id}.${started.format}`;
    const stored = await this.storage.put(key, made.stream);
    const dataSha256 = await made.dataSha256;
    const filename = `record-of-processing-${when.day}-${started.id.slice(0, 8)}.${started.format}`;
    await this.dataSource.transaction(async (manager) => {
      const row = await this.exports.getById(ctx, id, manager, true);
      if (row.status === 'completed') return;
      const done = await this.exports.update(
        manager,
        ctx,
        row,
        {
          status: 'completed',
          storageKey: stored.key,
          sha256: stored.sha256,
          size: String(stored.size),
          filename,
          contentType: CONTENT_TYPES[row.format],
          dataSha256,
          activityCount: source.activityCount,
          error: null,
          completedAt: this.clock.now(),
        },
        'records_export.completed',
      );
      await this.notify(manager, done, source);
    });
  }

  /** Makes the file's bytes as a stream; the PDF first hashes the data it will show (one extra read). */
  async make(format: ExportFormat, source: RecordSource): Promise<MadeFile> {
    switch (format) {
      case 'csv':
        return { stream: csvExport(source), dataSha256: Promise.resolve(null) };
      case 'xlsx':
        return { stream: xlsxExport(source), dataSha256: Promise.resolve(null) };
      case 'json': {
        const made = jsonExport(source);
        return { stream: made.stream, dataSha256: made.dataSha256 };
      }
      case 'pdf': {
        const hash = await recordHash(source);
        return { stream: pdfExport(source, { dataSha256: hash }), dataSha256: Promise.resolve(hash) };
      }
    }
  }

  private async notify(
    manager: Parameters<MailService['queue']>[0],
    done: RecordExport,
    source: RecordSource,
  ): Promise<void> {
    if (done.requestedBy === null) return;
    const scope = { organizationId: done.organizationId };
    const requester = await this.users.findById(scope, done.requestedBy);
    // An export an integration (API key) asked for is announced to the DPOs, who answer for the record.
    const dpos = requester ? [] : await this.users.withRole(scope, 'dpo');
    const to = requester?.active ? [requester.email] : dpos.map((u) => u.email);
    if (to.length === 0) return; // someone who left, or no DPO: nobody to e-mail
    await this.mail.queue(manager, {
      organizationId: done.organizationId,
      idempotencyKey: `records-export-ready:${done.id}`,
      to,
      template: 'export-ready',
      context: {
        recipientName: requester?.name ?? 'data protection officer',
        requestedBy: requester ? '' : (done.requestedByLabel ?? 'an integration'),
        organizationName: source.profile.controllerName,
        exportId: done.id,
        format: FORMAT_NAMES[done.format],
        asOf: done.asOf
          ? `the end of ${done.asOf} (UTC)`
          : `${done.snapshotAt.toISOString()} (when you asked)`,
        activityCount: source.activityCount,
        filename: done.filename ?? '',
        size: Number(done.size ?? 0),
        sha256: done.sha256 ?? '',
        url: consoleUrl(this.config.publicUrl, 'records'),
      },
    });
  }

  async recordFailure(organizationId: string, id: string, reason: string): Promise<void> {
    const ctx = systemContext(organizationId, 'records-export');
    this.logger.warn(`Export ${id} failed for good: ${reason}`);
    await this.dataSource.transaction(async (manager) => {
      const row = await this.exports.getById(ctx, id, manager, true);
      if (row.status === 'completed') return;
      await this.exports.update(
        manager,
        ctx,
        row,
        { status: 'failed', error: reason.slice(0, 2000), completedAt: this.clock.now() },
        'records_export.failed',
      );
    });
  }
}
