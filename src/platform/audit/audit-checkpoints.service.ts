import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../clock/clock';
import { type AuditContext, systemContext, type TenantScope } from '../context/request-context';
import { Page } from '../http/pagination';
import { MailService } from '../mail/mail.service';
import { consoleUrl } from '../mail/console-url';
import { AuditCheckpoint, checkpointText } from './audit-checkpoint.entity';
import { AuditKeyring } from './audit-keys';
import { AuditService } from './audit.service';

/**
 * Signed checkpoints of each organisation's audit chain head: on demand (admin, dpo) and daily by a job
 * scheduler. Each is stored outside the audit table and e-mailed to the organisation's DPOs through the
 * outbox, so a copy lives where the database's owner cannot reach it; verify holds the chain against them.
 */
@Injectable()
export class AuditCheckpoints {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly keys: AuditKeyring,
    private readonly mail: MailService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Signs the organisation's current chain head and records that it did (an event after that head). A
   * scheduled checkpoint is skipped (null) when nothing but that record happened since the last one.
   */
  async create(
    context: AuditContext & TenantScope,
    trigger: AuditCheckpoint['trigger'],
  ): Promise<AuditCheckpoint | null> {
    const organizationId = context.organizationId;
    return this.dataSource.transaction(async (manager) => {
      const [head] = await manager.query<{ id: string; seq: string; hash: string }[]>(
        `SELECT id, seq, hash FROM audit_event WHERE organization_id = $1 ORDER BY seq DESC LIMIT 1`,
        [organizationId],
      );
      if (!head) return null;
      if (trigger === 'schedule') {
        // Moved since the last checkpoint by more than the event that recorded that checkpoint?
        const [{ moved }] = await manager.query<{ moved: boolean }[]>(
          `SELECT NOT EXISTS (SELECT 1 FROM audit_checkpoint WHERE organization_id = $1)
               OR EXISTS (SELECT 1 FROM audit_event
                           WHERE organization_id = $1 AND action <> 'audit.checkpoint_created'
                             AND seq > (SELECT max(seq) FROM audit_checkpoint WHERE organization_id = $1)) AS moved`,
          [organizationId],
        );
        if (!moved) return null;
      }
      const unsigned = {
        id: randomUUID(),
        organizationId,
        seq: head.seq,
        headEventId: head.id,
        headHash: head.hash,
        createdAt: this.clock.now(),
        trigger,
        createdBy: context.actor.type === 'user' ? context.actor.id : null,
      };
      const keyId = this.keys.current.id;
      const { signature } = this.keys.sign(checkpointText({ ...unsigned, keyId }));
      const checkpoint = manager.create(AuditCheckpoint, { ...unsigned, keyId, signature });
      await manager.insert(AuditCheckpoint, checkpoint);
      await this.audit.record(manager, context, {
        action: 'audit.checkpoint_created',
        entityType: 'audit_checkpoint',
        entityId: checkpoint.id,
        after: {
          seq: Number(checkpoint.seq),
          headEventId: checkpoint.headEventId,
          chainHead: checkpoint.headHash,
          trigger,
          keyId,
        },
      });
      const dpos = await manager.query<{ email: string; name: string }[]>(
        `SELECT email, name FROM "user" WHERE organization_id = $1 AND active AND 'dpo' = ANY(roles) ORDER BY email`,
        [organizationId],
      );
      if (dpos.length > 0) {
        const [organization] = await manager.query<{ name: string }[]>(
          `SELECT name FROM organization WHERE id = $1`,
          [organizationId],
        );
        await this.mail.queue(manager, {
          organizationId,
          idempotencyKey: `audit-checkpoint:${checkpoint.id}`,
          to: dpos.map((d) => d.email),
          template: 'audit-checkpoint',
          context: {
            organizationName: organization?.name ?? organizationId,
            checkpointId: checkpoint.id,
            seq: checkpoint.seq,
            headEventId: checkpoint.headEventId,
            headHash: checkpoint.headHash,
            createdAt: checkpoint.createdAt.toISOString(),
            trigger,
            keyId,
            signature,
            url: consoleUrl(this.config.publicUrl, 'audit'),
          },
        });
      }
      return checkpoint;
    });
  }

  /** The scheduler's run: a checkpoint for every organisation whose chain moved since its last one. */
  async createForAll(): Promise<{ organizations: number; created: number }> {
    const organizations = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM organization ORDER BY id`,
    );
    let created = 0;
    for (const { id } of organizations) {
      if (await this.create(systemContext(id, 'audit checkpoint'), 'schedule')) created++;
    }
    return { organizations: organizations.length, created };
  }

  async list(scope: TenantScope, query: { page: number; pageSize: number }): Promise<Page<AuditCheckpoint>> {
    const [items, total] = await this.dataSource.getRepository(AuditCheckpoint).findAndCount({
      where: { organizationId: scope.organizationId },
      order: { seq: 'DESC', createdAt: 'DESC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  }
}
