import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `audit_chain_head` reads the chain's head through `audit_event_chain_idx`, however small the table was
 * when its query was planned. A session keeps the plan of a function's query; planned while the table
 * held a handful of rows (a new database, before autovacuum analyses it), that plan is a scan of the
 * whole table and a sort, and every audited write then costs time in proportion to the table until the
 * next ANALYZE (measured: 10 ms at 50,000 events against 0.5 ms by the index). With scans other than
 * the index's switched off inside the function, the only plan left is the index's.
 */
export class AuditChainHeadByIndex1796630000000 implements MigrationInterface {
  name = 'AuditChainHeadByIndex1796630000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER FUNCTION audit_chain_head(text, uuid) SET enable_seqscan = off SET enable_bitmapscan = off`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER FUNCTION audit_chain_head(text, uuid) RESET ALL`);
  }
}
