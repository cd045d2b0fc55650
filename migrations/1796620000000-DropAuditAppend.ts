import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The group commit no longer calls `audit_append`: its statement takes the chain lock and the head with
 * `audit_chain_head` and inserts the rows and the events from one array per column when the head is the
 * one the events were hashed onto (`AuditService.appendWithChanges`). The function, unused, goes.
 */
export class DropAuditAppend1796620000000 implements MigrationInterface {
  name = 'DropAuditAppend1796620000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION audit_append(text, uuid, bigint, jsonb, jsonb)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION audit_append(
        lock_key text, org uuid, expected_seq bigint, writes jsonb, events jsonb)
      RETURNS TABLE (seq bigint, hash text) LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        head_seq bigint;
        head_hash text;
        w jsonb;
        cols text;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext(lock_key));
        SELECT e.seq, e.hash INTO head_seq, head_hash FROM audit_event e
          WHERE e.organization_id = org ORDER BY e.seq DESC LIMIT 1;
        IF coalesce(head_seq, 0) <> expected_seq THEN
          RETURN QUERY SELECT coalesce(head_seq, 0), head_hash;
          RETURN;
        END IF;
        FOR w IN SELECT value FROM jsonb_array_elements(writes) LOOP
          SELECT string_agg(quote_ident(c), ', ') INTO cols FROM jsonb_array_elements_text(w->'columns') c;
          EXECUTE format('INSERT INTO %I (%s) SELECT %s FROM jsonb_populate_recordset(NULL::%I, $1)',
                         w->>'table', cols, cols, w->>'table')
            USING w->'rows';
        END LOOP;
        -- Static, so that PL/pgSQL plans it once per connection (a change of audit_event's columns
        -- replaces this function in the same migration).
        INSERT INTO audit_event (id, organization_id, seq, occurred_at, actor_type, actor_id, actor_label,
            action, entity_type, entity_id, before, after, ip, user_agent, request_id, prev_hash, hash, key_id)
          SELECT e.id, e.organization_id, e.seq, e.occurred_at, e.actor_type, e.actor_id, e.actor_label,
            e.action, e.entity_type, e.entity_id, e.before, e.after, e.ip, e.user_agent, e.request_id,
            e.prev_hash, e.hash, e.key_id
          FROM jsonb_populate_recordset(NULL::audit_event, events) e;
      END $$`);
  }
}
