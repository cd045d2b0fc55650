import { MigrationInterface, QueryRunner } from 'typeorm';

export class MonitoringSweep1795805906865 implements MigrationInterface {
  name = 'MonitoringSweep1795805906865';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "monitoring_settings" ("organization_id" uuid NOT NULL, "cadence_high_months" integer NOT NULL DEFAULT '6', "cadence_medium_months" integer NOT NULL DEFAULT '12', "cadence_low_months" integer NOT NULL DEFAULT '24', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_225797a665fee2e9005b491abff" PRIMARY KEY ("organization_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "reminder" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "kind" text NOT NULL, "subject_key" text NOT NULL, "threshold" integer NOT NULL, "due_on" date NOT NULL, "audience" text NOT NULL, "recipients" text array NOT NULL DEFAULT '{}', "sent_on" date NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9ec029d17cb8dece186b9221ede" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "reminder_once_key" ON "reminder"  ("organization_id", "kind", "subject_key", "threshold") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sweep_run" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "job_id" text NOT NULL, "organization_id" uuid, "trigger" text NOT NULL, "day" date NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "stats" jsonb, CONSTRAINT "PK_55b2e4343e1b7da08783ed6b079" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "sweep_run_job_key" ON "sweep_run"  ("job_id") `);
    await queryRunner.query(
      `CREATE INDEX "processor_objection_window_idx" ON "processor"  ("objection_window_ends_on") WHERE authorization_status = 'objection_window'`,
    );
    await queryRunner.query(
      `CREATE INDEX "processor_assessment_validity_idx" ON "processor"  ("assessment_valid_until") WHERE approved_assessment_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "agreement_expiry_idx" ON "agreement"  ("expires_on") WHERE status = 'signed'`,
    );
    await queryRunner.query(
      `CREATE INDEX "finding_open_due_idx" ON "finding"  ("due_on") WHERE status IN ('open', 'in_progress')`,
    );
    await queryRunner.query(
      `ALTER TABLE "monitoring_settings" ADD CONSTRAINT "monitoring_settings_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reminder" ADD CONSTRAINT "reminder_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reminder" DROP CONSTRAINT "reminder_organization_fk"`);
    await queryRunner.query(
      `ALTER TABLE "monitoring_settings" DROP CONSTRAINT "monitoring_settings_organization_fk"`,
    );
    await queryRunner.query(`DROP INDEX "public"."finding_open_due_idx"`);
    await queryRunner.query(`DROP INDEX "public"."agreement_expiry_idx"`);
    await queryRunner.query(`DROP INDEX "public"."processor_assessment_validity_idx"`);
    await queryRunner.query(`DROP INDEX "public"."processor_objection_window_idx"`);
    await queryRunner.query(`DROP INDEX "public"."sweep_run_job_key"`);
    await queryRunner.query(`DROP TABLE "sweep_run"`);
    await queryRunner.query(`DROP INDEX "public"."reminder_once_key"`);
    await queryRunner.query(`DROP TABLE "reminder"`);
    await queryRunner.query(`DROP TABLE "monitoring_settings"`);
  }
}
