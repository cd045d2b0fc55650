/*
 * The fold of the migration ProcessorHistory, on its own: TypeORM takes every export of a migration file
 * for a migration, and the unit tests check the fold without a database.
 */

/** An audit event about a processor, as the backfill reads it. */
export interface ProcessorEvent {
  organization_id: string;
  entity_id: string;
  occurred_at: Date;
  actor_id: string | null;
  after: Record<string, unknown>;
}

/** A processor's version as the history keeps it, rebuilt from the audit trail. */
export interface BackfilledVersion {
  organizationId: string;
  entityId: string;
  version: number;
  label: string;
  data: Record<string, unknown>;
  archived: boolean;
  validFrom: Date;
  validTo: Date | null;
  changedBy: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The processors' versions from their audit events (in the chain's order): each event's `after` folded
 * onto the state before it, as the record's "as of" read rebuilt them until the history kept
 * processors. Events that leave the version where it was belong to it (its last state, from its first
 * event); each version is valid until the next begins, the last one is open. Only entities whose
 * folded state names them (`id`) have versions.
 */
export function foldProcessorVersions(events: readonly ProcessorEvent[]): BackfilledVersion[] {
  const byEntity = new Map<string, { state: Record<string, unknown>; versions: BackfilledVersion[] }>();
  for (const event of events) {
    const entity = byEntity.get(event.entity_id) ?? { state: {}, versions: [] };
    byEntity.set(event.entity_id, entity);
    entity.state = { ...entity.state, ...event.after };
    const state = entity.state;
    const version = Number(state.version);
    const last = entity.versions.at(-1);
    const fields = {
      label: typeof state.name === 'string' ? state.name : '',
      data: state,
      archived: state.archivedAt !== null && state.archivedAt !== undefined,
    };
    if (last && !(version > last.version)) {
      Object.assign(last, fields);
      continue;
    }
    if (last) last.validTo = event.occurred_at;
    entity.versions.push({
      organizationId: event.organization_id,
      entityId: event.entity_id,
      version: Number.isInteger(version) ? version : 0,
      ...fields,
      validFrom: event.occurred_at,
      validTo: null,
      changedBy: event.actor_id,
    });
  }
  return [...byEntity.entries()]
    .filter(([id, { state }]) => state.id === id && UUID.test(id))
    .flatMap(([, { versions }]) => versions);
}
