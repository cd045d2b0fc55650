import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A group commit in one statement: the rows of the change and the audit events that record them, appended
 * to the organisation's chain under its lock, held only while the database inserts (never across a round
 * trip to the application). The events were hashed by the application onto the head it expected
 * (`expected_seq`); when the chain has moved on, nothing is written and the function answers the actual
 * head, so that the caller hashes again. Table and column names come from the application's code.
 *
 * `writes`: `[{table, columns, rows}]` with rows as JSON objects keyed by column; `events` likewise for
 * audit_event. Answers no row when appended, or one row `(seq, hash)` of the head it found instead.
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
        FOR w IN SELECT value FROM jsonb_array_elements(writes || events) LOOP
          SELECT string_agg(quote_ident(c), ', ') INTO cols FROM jsonb_array_elements_text(w->'columns') c;
          EXECUTE format('INSERT INTO %I (%s) SELECT %s FROM jsonb_populate_recordset(NULL::%I, $1)',
                         w->>'table', cols, cols, w->>'table')
            USING w->'rows';
        END LOOP;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION audit_append(text, uuid, bigint, jsonb, jsonb)`);
  }
}
