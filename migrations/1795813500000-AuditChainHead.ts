import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One round trip for an audit append's critical section: take the organisation's chain lock and read
 * the chain's head after it (a VOLATILE function's query takes a fresh snapshot, so the head reflects
 * every event committed while waiting for the lock).
 */
export class AuditChainHead1795813500000 implements MigrationInterface {
  name = 'AuditChainHead1795813500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION audit_chain_head(lock_key text, org uuid)
      RETURNS TABLE (seq bigint, hash text) LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext(lock_key));
        IF org IS NULL THEN
          RETURN QUERY SELECT e.seq, e.hash FROM audit_event e
            WHERE e.organization_id IS NULL ORDER BY e.seq DESC LIMIT 1;
        ELSE
          RETURN QUERY SELECT e.seq, e.hash FROM audit_event e
            WHERE e.organization_id = org ORDER BY e.seq DESC LIMIT 1;
        END IF;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION audit_chain_head(text, uuid)`);
  }
}
