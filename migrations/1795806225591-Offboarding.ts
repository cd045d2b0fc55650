import { MigrationInterface, QueryRunner } from 'typeorm';

export class Offboarding1795806225591 implements MigrationInterface {
  name = 'Offboarding1795806225591';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "certificate_sequence" ("organization_id" uuid NOT NULL, "year" integer NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_cff077fd0fd8a6ba9f39172ddae" PRIMARY KEY ("organization_id", "year"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "offboarding" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "processor_id" uuid NOT NULL, "agreement_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'requested', "data_handling" text NOT NULL, "due_on" date NOT NULL, "data_categories" text array NOT NULL, "data_subject_categories" text array NOT NULL, "reason" text NOT NULL, "effective_on" date NOT NULL, "requested_by" uuid, "confirmation" jsonb, "certificate_number" text, "certificate_sha256" character(64), "certificate_storage_key" text, "certificate_issued_on" date, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "offboarding_data_handling_check" CHECK ("data_handling" IN ('return', 'delete', 'return_then_delete')), CONSTRAINT "offboarding_status_check" CHECK ("status" IN ('requested', 'overdue', 'confirmed')), CONSTRAINT "PK_2e1b5da3cc4f5441ee9bcdd36a6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "offboarding_certificate_key" ON "offboarding"  ("organization_id", "certificate_number") `,
    );
    await queryRunner.query(
      `CREATE INDEX "offboarding_due_idx" ON "offboarding"  ("due_on") WHERE status <> 'confirmed'`,
    );
    await queryRunner.query(
      `CREATE INDEX "offboarding_org_processor_idx" ON "offboarding"  ("organization_id", "processor_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "certificate_sequence" ADD CONSTRAINT "certificate_sequence_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "offboarding" ADD CONSTRAINT "offboarding_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "offboarding" ADD CONSTRAINT "offboarding_processor_fk" FOREIGN KEY ("processor_id") REFERENCES "processor"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "offboarding" ADD CONSTRAINT "offboarding_agreement_fk" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "offboarding" DROP CONSTRAINT "offboarding_agreement_fk"`);
    await queryRunner.query(`ALTER TABLE "offboarding" DROP CONSTRAINT "offboarding_processor_fk"`);
    await queryRunner.query(`ALTER TABLE "offboarding" DROP CONSTRAINT "offboarding_organization_fk"`);
    await queryRunner.query(
      `ALTER TABLE "certificate_sequence" DROP CONSTRAINT "certificate_sequence_organization_fk"`,
    );
    await queryRunner.query(`DROP INDEX "public"."offboarding_org_processor_idx"`);
    await queryRunner.query(`DROP INDEX "public"."offboarding_due_idx"`);
    await queryRunner.query(`DROP INDEX "public"."offboarding_certificate_key"`);
    await queryRunner.query(`DROP TABLE "offboarding"`);
    await queryRunner.query(`DROP TABLE "certificate_sequence"`);
  }
}
