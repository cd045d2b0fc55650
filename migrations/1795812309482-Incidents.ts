import { MigrationInterface, QueryRunner } from 'typeorm';

export class Incidents1795812309482 implements MigrationInterface {
  name = 'Incidents1795812309482';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "incident" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "processor_id" uuid NOT NULL, "title" text NOT NULL, "processor_reference" text, "status" text NOT NULL DEFAULT 'open', "nature" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE, "detected_at" TIMESTAMP WITH TIME ZONE, "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL, "aware_at" TIMESTAMP WITH TIME ZONE NOT NULL, "notification_deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "data_categories" text array NOT NULL DEFAULT '{}', "data_subject_categories" text array NOT NULL DEFAULT '{}', "approx_subject_count" integer, "approx_record_count" integer, "contact_point" jsonb, "likely_consequences" text, "measures" text, "risk_level" text, "risk_rationale" text, "authority_notified_at" TIMESTAMP WITH TIME ZONE, "authority_reference" text, "delay_reason" text, "subjects_notified_at" TIMESTAMP WITH TIME ZONE, "subject_notice_exemption" text, "resolution" text, "documents" jsonb NOT NULL DEFAULT '[]', "closed_at" TIMESTAMP WITH TIME ZONE, "closed_by" uuid, "created_by" uuid, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "incident_subject_notice_exemption_check" CHECK ("subject_notice_exemption" IS NULL OR "subject_notice_exemption" IN ('art34_3_a', 'art34_3_b', 'art34_3_c')), CONSTRAINT "incident_risk_level_check" CHECK ("risk_level" IS NULL OR "risk_level" IN ('unlikely', 'risk', 'high_risk')), CONSTRAINT "incident_status_check" CHECK ("status" IN ('open', 'contained', 'closed')), CONSTRAINT "PK_5f90b28b0b8238d89ee8edcf96e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "incident_pending_notice_idx" ON "incident"  ("notification_deadline") WHERE status <> 'closed' AND authority_notified_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "incident_org_processor_status_idx" ON "incident"  ("organization_id", "processor_id", "status") `,
    );
    await queryRunner.query(
      `ALTER TABLE "incident" ADD CONSTRAINT "incident_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident" ADD CONSTRAINT "incident_processor_fk" FOREIGN KEY ("processor_id") REFERENCES "processor"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "incident" DROP CONSTRAINT "incident_processor_fk"`);
    await queryRunner.query(`ALTER TABLE "incident" DROP CONSTRAINT "incident_organization_fk"`);
    await queryRunner.query(`DROP INDEX "public"."incident_org_processor_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."incident_pending_notice_idx"`);
    await queryRunner.query(`DROP TABLE "incident"`);
  }
}
