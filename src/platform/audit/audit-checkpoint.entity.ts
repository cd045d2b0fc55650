import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A signed statement of an organisation's audit chain head at an instant (sequence number, event and
 * hash), kept outside the audit table and e-mailed to the DPOs: a trail cut back below a checkpoint, or
 * rewritten up to it, no longer matches it. Append-only like the trail.
 */
@Entity('audit_checkpoint')
@Index('audit_checkpoint_chain_idx', ['organizationId', 'seq'])
@Check('audit_checkpoint_trigger_check', `"trigger" IN ('schedule', 'manual')`)
export class AuditCheckpoint {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  // By name: the platform does not import the features (identity builds on the audit trail).
  @ForeignKey('Organization', { name: 'audit_checkpoint_organization_fk' })
  organizationId: string;

  @Column('bigint')
  seq: string;

  @Column('uuid')
  headEventId: string;

  @Column('text')
  headHash: string;

  @Column('timestamptz')
  createdAt: Date;

  @Column('text')
  trigger: 'schedule' | 'manual';

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @Column('text')
  keyId: string;

  @Column('text')
  signature: string;
}

/** The text a checkpoint's signature covers. */
export function checkpointText(c: Omit<AuditCheckpoint, 'signature' | 'keyId'> & { keyId: string }): string {
  return JSON.stringify([
    'custos.audit-checkpoint.v1',
    c.keyId,
    c.id,
    c.organizationId,
    String(c.seq),
    c.headEventId,
    c.headHash,
    c.createdAt.toISOString(),
    c.trigger,
    c.createdBy,
  ]);
}
