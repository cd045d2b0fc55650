import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain is keyed: each event names the HMAC key that hashed it (`key_id`; events already in
 * the database were hashed without a key and keep the id `legacy`). Signed checkpoints of each
 * organisation's chain head live beside the trail in a table of their own, append-only like it.
 */
export class AuditKeysAndCheckpoints1796574560346 implements MigrationInterface {
  name = 'AuditKeysAndCheckpoints1796574560346';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // A new column with a constant default rewrites no row (and fires no UPDATE trigger).
    await queryRunner.query(`ALTER TABLE "audit_event" ADD "key_id" text NOT NULL DEFAULT 'legacy'`);
    await queryRunner.query(`ALTER TABLE "audit_event" ALTER COLUMN "key_id" DROP DEFAULT`);
    await queryRunner.query(
      `CREATE TABLE "audit_checkpoint" (
         "id" uuid NOT NULL DEFAULT gen_random_uuid(),
         "organization_id" uuid NOT NULL,
         "seq" bigint NOT NULL,
         "head_event_id" uuid NOT NULL,
         "head_hash" text NOT NULL,
         "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
         "trigger" text NOT NULL,
         "created_by" uuid,
         "key_id" text NOT NULL,
         "signature" text NOT NULL,
         CONSTRAINT "audit_checkpoint_pk" PRIMARY KEY ("id"),
         CONSTRAINT "audit_checkpoint_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id"),
         CONSTRAINT "audit_checkpoint_trigger_check" CHECK ("trigger" IN ('schedule', 'manual'))
       )`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_checkpoint_chain_idx" ON "audit_checkpoint" ("organization_id", "seq")`,
    );
    await queryRunner.query(`CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE OR DELETE ON "audit_checkpoint" FOR EACH ROW EXECUTE FUNCTION append_only()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON "audit_checkpoint" FOR EACH STATEMENT EXECUTE FUNCTION append_only()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_checkpoint"`);
    await queryRunner.query(`DROP FUNCTION append_only()`);
    await queryRunner.query(`ALTER TABLE "audit_event" DROP COLUMN "key_id"`);
  }
}
