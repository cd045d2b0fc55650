import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboard counts an organisation's transfer decisions by day and their refusals by reason code.
 * PostgreSQL keeps the codes alone beside the reasons, and one index carries the instant, the outcome and
 * the codes, so that a month of decisions is counted from the index without reading the decisions.
 */
export class DecisionsByDay1796600000000 implements MigrationInterface {
  name = 'DecisionsByDay1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "transfer_decision" ADD "reason_codes" jsonb GENERATED ALWAYS AS (jsonb_path_query_array("reasons", '$[*].code')) STORED`,
    );
    await queryRunner.query(
      `CREATE INDEX "transfer_decision_org_checked_idx" ON "transfer_decision" ("organization_id", "checked_at") INCLUDE ("eligible", "reason_codes")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."transfer_decision_org_checked_idx"`);
    await queryRunner.query(`ALTER TABLE "transfer_decision" DROP COLUMN "reason_codes"`);
  }
}
