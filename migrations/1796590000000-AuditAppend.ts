import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A group commit in one statement: the rows of the change and the audit events that record them, appended
 * to the organisation's chain under its lock, held only while the database inserts (never across a round
 * trip to the application). The events were hashed by the application onto the head it expected
 * (`expected_seq`); when the chain has moved on, nothing is written and the function answers the actual
 * head, so that the caller hashes again. Table and column names come from the application's code.
 *
 * `writes`: `[{table, columns, rows}]` with rows as JSON objects keyed by column; `events`: the audit events
 * as JSON objects keyed by column. Answers no row when appended, or one row `(seq, hash)` of the head it found instead.
 */
export class AuditAppend1796590000000 implements MigrationInterface {
  name = 'AuditAppend1796590000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
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

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION audit_append(text, uuid, bigint, jsonb, jsonb)`);
  }
}
