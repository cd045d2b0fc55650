import { MigrationInterface, QueryRunner } from 'typeorm';

export class AgreementsTransfersMonitoring1795805507092 implements MigrationInterface {
  name = 'AgreementsTransfersMonitoring1795805507092';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "agreement" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "processor_id" uuid NOT NULL, "title" text NOT NULL, "reference" text, "status" text NOT NULL DEFAULT 'draft', "effective_from" date NOT NULL, "expires_on" date, "scope" jsonb NOT NULL, "clauses" jsonb NOT NULL, "sub_processor_authorization" jsonb NOT NULL, "transfer_mechanisms" jsonb NOT NULL DEFAULT '[]', "signatures" jsonb NOT NULL DEFAULT '[]', "signed_document" jsonb, "supersedes_id" uuid, "superseded_by_id" uuid, "superseded_from" date, "terminated_on" date, "termination_reason" text, "sent_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "agreement_status_check" CHECK ("status" IN ('draft', 'sent', 'signed', 'terminated', 'superseded')), CONSTRAINT "PK_e7537188219eeef56233a609753" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "agreement_org_processor_idx" ON "agreement"  ("organization_id", "processor_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "finding" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "processor_id" uuid NOT NULL, "source" text NOT NULL, "source_id" uuid NOT NULL, "question_id" text, "title" text NOT NULL, "severity" text NOT NULL, "status" text NOT NULL DEFAULT 'open', "owner" text, "due_on" date, "resolution" text, "closed_at" TIMESTAMP WITH TIME ZONE, "closed_by" uuid, "overdue_since" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "finding_severity_check" CHECK ("severity" IN ('low', 'medium', 'high', 'critical')), CONSTRAINT "finding_status_check" CHECK ("status" IN ('open', 'in_progress', 'resolved', 'risk_accepted')), CONSTRAINT "PK_a904dfcf401ccfbaa60bb6eec29" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "finding_org_processor_status_idx" ON "finding"  ("organization_id", "processor_id", "status") `,
    );
    await queryRunner.query(
      `CREATE TABLE "monitoring_check" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "processor_id" uuid NOT NULL, "type" text NOT NULL, "due_on" date NOT NULL, "status" text NOT NULL DEFAULT 'scheduled', "origin" text NOT NULL DEFAULT 'cadence', "result" text, "notes" text, "performed_at" TIMESTAMP WITH TIME ZONE, "performed_by" uuid, "evidence" jsonb NOT NULL DEFAULT '[]', "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "monitoring_check_status_check" CHECK ("status" IN ('scheduled', 'due', 'overdue', 'passed', 'failed', 'warning')), CONSTRAINT "monitoring_check_type_check" CHECK ("type" IN ('periodic_review', 'audit', 'certification_review', 'agreement_review')), CONSTRAINT "PK_3664ecbb340d73f3e4bce48f9e2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "monitoring_check_org_status_due_idx" ON "monitoring_check"  ("organization_id", "status", "due_on") `,
    );
    await queryRunner.query(
      `CREATE INDEX "monitoring_check_org_processor_idx" ON "monitoring_check"  ("organization_id", "processor_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "transfer_decision" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "processor_id" uuid NOT NULL, "data_categories" text array NOT NULL, "purpose" text NOT NULL, "destination_country" character(2), "eligible" boolean NOT NULL, "reasons" jsonb NOT NULL, "facts" jsonb NOT NULL, "rule_set_version" text NOT NULL, "checked_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" text NOT NULL, "actor_id" uuid, "actor_label" text, "request_id" text, "batch_id" uuid, CONSTRAINT "PK_3da3164cb777966d46f4eb760d5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "transfer_decision_org_processor_idx" ON "transfer_decision"  ("organization_id", "processor_id", "checked_at") `,
    );
    await queryRunner.query(`ALTER TABLE "processor" ADD "authorization_status" text`);
    await queryRunner.query(`ALTER TABLE "processor" ADD "authorization_basis" text`);
    await queryRunner.query(`ALTER TABLE "processor" ADD "objection_window_ends_on" date`);
    await queryRunner.query(
      `ALTER TABLE "processor" ADD "authorization_decided_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "processor" ADD "authorization_decided_by" uuid`);
    await queryRunner.query(`ALTER TABLE "processor" ADD "authorization_note" text`);
    await queryRunner.query(
      `ALTER TABLE "processor" ADD CONSTRAINT "processor_authorization_status_check" CHECK ("authorization_status" IN ('pending', 'objection_window', 'authorized', 'objected'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "agreement" ADD CONSTRAINT "agreement_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agreement" ADD CONSTRAINT "agreement_processor_fk" FOREIGN KEY ("processor_id") REFERENCES "processor"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "finding" ADD CONSTRAINT "finding_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "finding" ADD CONSTRAINT "finding_processor_fk" FOREIGN KEY ("processor_id") REFERENCES "processor"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "monitoring_check" ADD CONSTRAINT "monitoring_check_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "monitoring_check" ADD CONSTRAINT "monitoring_check_processor_fk" FOREIGN KEY ("processor_id") REFERENCES "processor"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "transfer_decision" ADD CONSTRAINT "transfer_decision_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "transfer_decision" ADD CONSTRAINT "transfer_decision_processor_fk" FOREIGN KEY ("processor_id") REFERENCES "processor"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "transfer_decision" DROP CONSTRAINT "transfer_decision_processor_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "transfer_decision" DROP CONSTRAINT "transfer_decision_organization_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "monitoring_check" DROP CONSTRAINT "monitoring_check_processor_fk"`);
    await queryRunner.query(
      `ALTER TABLE "monitoring_check" DROP CONSTRAINT "monitoring_check_organization_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "finding" DROP CONSTRAINT "finding_processor_fk"`);
    await queryRunner.query(`ALTER TABLE "finding" DROP CONSTRAINT "finding_organization_fk"`);
    await queryRunner.query(`ALTER TABLE "agreement" DROP CONSTRAINT "agreement_processor_fk"`);
    await queryRunner.query(`ALTER TABLE "agreement" DROP CONSTRAINT "agreement_organization_fk"`);
    await queryRunner.query(`ALTER TABLE "processor" DROP CONSTRAINT "processor_authorization_status_check"`);
    await queryRunner.query(`ALTER TABLE "processor" DROP COLUMN "authorization_note"`);
    await queryRunner.query(`ALTER TABLE "processor" DROP COLUMN "authorization_decided_by"`);
    await queryRunner.query(`ALTER TABLE "processor" DROP COLUMN "authorization_decided_at"`);
    await queryRunner.query(`ALTER TABLE "processor" DROP COLUMN "objection_window_ends_on"`);
    await queryRunner.query(`ALTER TABLE "processor" DROP COLUMN "authorization_basis"`);
    await queryRunner.query(`ALTER TABLE "processor" DROP COLUMN "authorization_status"`);
    await queryRunner.query(`DROP INDEX "public"."transfer_decision_org_processor_idx"`);
    await queryRunner.query(`DROP TABLE "transfer_decision"`);
    await queryRunner.query(`DROP INDEX "public"."monitoring_check_org_processor_idx"`);
    await queryRunner.query(`DROP INDEX "public"."monitoring_check_org_status_due_idx"`);
    await queryRunner.query(`DROP TABLE "monitoring_check"`);
    await queryRunner.query(`DROP INDEX "public"."finding_org_processor_status_idx"`);
    await queryRunner.query(`DROP TABLE "finding"`);
    await queryRunner.query(`DROP INDEX "public"."agreement_org_processor_idx"`);
    await queryRunner.query(`DROP TABLE "agreement"`);
  }
}
