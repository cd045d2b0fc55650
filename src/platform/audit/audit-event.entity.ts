import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ActorType } from '../context/request-context';

/**
 * One entry of the append-only audit trail. Entries are hash-chained per organisation (`seq` orders
 * the chain, `prevHash` links it, `hash` is an HMAC under the key `keyId` names); the runtime role may
 * only insert and read, and the database refuses UPDATE, DELETE and TRUNCATE on this table.
 */
@Entity('audit_event')
@Index('audit_event_chain_idx', ['organizationId', 'seq'], { unique: true })
@Index('audit_event_entity_idx', ['organizationId', 'entityType', 'entityId'])
@Index('audit_event_time_idx', ['organizationId', 'occurredAt'])
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null for events that belong to no organisation (a failed login for an unknown e-mail). */
  @Column('uuid', { nullable: true })
  organizationId: string | null;

  @Column('bigint')
  seq: string;

  @Column('timestamptz')
  occurredAt: Date;

  @Column('text')
  actorType: ActorType;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text', { nullable: true })
  actorLabel: string | null;

  @Column('text')
  action: string;

  @Column('text')
  entityType: string;

  @Column('text', { nullable: true })
  entityId: string | null;

  @Column('jsonb', { nullable: true })
  before: object | null;

  @Column('jsonb', { nullable: true })
  after: object | null;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('text', { nullable: true })
  userAgent: string | null;

  @Column('text', { nullable: true })
  requestId: string | null;

  @Column('text')
  prevHash: string;

  @Column('text')
  hash: string;

  /** The audit key that made `hash`; `legacy` for events hashed before the chain was keyed. */
  @Column('text')
  keyId: string;
}
