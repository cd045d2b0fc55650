import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables the transfer gate reads its facts from (`TransferChecksService.factsSql`). */
const FACT_TABLES = [
  'processor',
  'agreement',
  'transfer_impact_assessment',
  'finding',
  'monitoring_check',
  'incident',
  'vocabulary_term',
] as const;

/**
 * A version of each organisation's gate facts, so that the gate may keep the facts it read and still
 * decide on the facts as committed. Every transaction that inserts, changes or deletes rows of a fact
 * table moves the version of each organisation it touched, once, as it commits: a statement-level
 * trigger notes the organisation (`gate_facts_pending`, and a transaction-local setting so that it is
 * noted once), and a deferred constraint trigger on that note takes the organisation's audit chain lock
 * and moves the version at the commit. Taken at the commit, after every row lock of the transaction,
 * the chain lock makes no new deadlock: a writer holds it only from then to the end (an audited writer
 * holds it already). While a gate append holds the lock (`audit_chain_facts_head` reads the version
 * after taking it, with a fresh snapshot), no change of the organisation's facts can commit, and a
 * decision made on facts older than the version is refused by the append and decided again.
 * No row means version 0.
 */
export class GateFactsVersion1796650000000 implements MigrationInterface {
  name = 'GateFactsVersion1796650000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE gate_facts_version (
      organization_id uuid PRIMARY KEY REFERENCES organization(id) ON DELETE CASCADE,
      version bigint NOT NULL
    )`);
    // Empty outside a transaction that changed facts: each note is removed as its version moves.
    await queryRunner.query(`CREATE TABLE gate_facts_pending (organization_id uuid NOT NULL)`);
    await queryRunner.query(`CREATE FUNCTION gate_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        org uuid;
        noted text := coalesce(current_setting('custos.gate_facts_pending', true), '');
      BEGIN
        FOR org IN SELECT DISTINCT organization_id FROM changed_rows WHERE organization_id IS NOT NULL ORDER BY 1
        LOOP
          IF position(org::text IN noted) = 0 THEN
            INSERT INTO gate_facts_pending (organization_id) VALUES (org);
            noted := noted || ' ' || org::text;
            PERFORM set_config('custos.gate_facts_pending', noted, true);
          END IF;
        END LOOP;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION gate_facts_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('audit:' || NEW.organization_id::text));
        INSERT INTO gate_facts_version AS v (organization_id, version) VALUES (NEW.organization_id, 1)
          ON CONFLICT (organization_id) DO UPDATE SET version = v.version + 1;
        DELETE FROM gate_facts_pending WHERE organization_id = NEW.organization_id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE CONSTRAINT TRIGGER gate_facts_pending_commit AFTER INSERT ON gate_facts_pending
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION gate_facts_commit()`,
    );
    for (const table of FACT_TABLES) {
      // A trigger with a transition table fires on one kind of event only; one per kind, the same function.
      await queryRunner.query(
        `CREATE TRIGGER ${table}_gate_facts_inserted AFTER INSERT ON ${table}
           REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION gate_facts_changed()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_gate_facts_updated AFTER UPDATE ON ${table}
           REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION gate_facts_changed()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_gate_facts_deleted AFTER DELETE ON ${table}
           REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION gate_facts_changed()`,
      );
    }
    // The append's critical section with the facts version: the chain lock, then the head and the
    // version read after it (a VOLATILE function's queries take a fresh snapshot), always one row.
    await queryRunner.query(`CREATE FUNCTION audit_chain_facts_head(lock_key text, org uuid)
      RETURNS TABLE (seq bigint, hash text, facts_version bigint) LANGUAGE plpgsql VOLATILE
      SET enable_seqscan = off SET enable_bitmapscan = off AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext(lock_key));
        RETURN QUERY SELECT coalesce(h.seq, 0), h.hash,
            coalesce((SELECT g.version FROM gate_facts_version g WHERE g.organization_id = org), 0)
          FROM (VALUES (1)) AS one(x)
          LEFT JOIN LATERAL (SELECT e.seq, e.hash FROM audit_event e
                              WHERE e.organization_id = org ORDER BY e.seq DESC LIMIT 1) AS h ON true;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION audit_chain_facts_head(text, uuid)`);
    for (const table of FACT_TABLES) {
      for (const kind of ['inserted', 'updated', 'deleted']) {
        await queryRunner.query(`DROP TRIGGER ${table}_gate_facts_${kind} ON ${table}`);
      }
    }
    await queryRunner.query(`DROP FUNCTION gate_facts_changed()`);
    await queryRunner.query(`DROP TABLE gate_facts_pending`);
    await queryRunner.query(`DROP FUNCTION gate_facts_commit()`);
    await queryRunner.query(`DROP TABLE gate_facts_version`);
  }
}
