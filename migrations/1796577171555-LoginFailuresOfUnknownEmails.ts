import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed logins for e-mail addresses that have no (active) account, so that such an address locks after
 * the same number of failures as an account does and the answer no longer tells whether it exists. The
 * address is kept only as a keyed hash.
 */
export class LoginFailuresOfUnknownEmails1796577171555 implements MigrationInterface {
  name = 'LoginFailuresOfUnknownEmails1796577171555';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "login_failure" (
      "email_hash" text NOT NULL,
      "failed_count" integer NOT NULL,
      "locked_until" TIMESTAMP WITH TIME ZONE,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_login_failure" PRIMARY KEY ("email_hash"))`);
    await queryRunner.query(`CREATE INDEX "login_failure_updated_at_idx" ON "login_failure" ("updated_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "login_failure"`);
  }
}
