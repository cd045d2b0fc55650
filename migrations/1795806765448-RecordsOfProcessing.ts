import { MigrationInterface, QueryRunner } from 'typeorm';

export class RecordsOfProcessing1795806765448 implements MigrationInterface {
  name = 'RecordsOfProcessing1795806765448';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "organization_profile" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "controller_name" text NOT NULL, "address" text, "contact_email" text, "contact_phone" text, "representative" jsonb, "dpo" jsonb, "updated_by" uuid, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a459f7af77cb9a0fd82286f661a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "organization_profile_org_key" ON "organization_profile"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "processing_activity" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "name" text NOT NULL, "business_function" text, "purposes" text array NOT NULL, "legal_bases" text array NOT NULL, "legitimate_interest" text, "data_subject_categories" text array NOT NULL, "data_categories" text array NOT NULL, "retention" text NOT NULL, "retention_by_category" jsonb NOT NULL DEFAULT '[]', "security_measures" text NOT NULL, "dpia_required" boolean NOT NULL DEFAULT false, "dpia_reference" text, "joint_controllers" jsonb NOT NULL DEFAULT '[]', "data_source" text, "processor_ids" uuid array NOT NULL DEFAULT '{}', "other_recipients" jsonb NOT NULL DEFAULT '[]', "archived_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "updated_by" uuid, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ae4d75c056bd3f78c9532b1bd09" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "processing_activity_org_name_idx" ON "processing_activity"  ("organization_id", "name", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "processor_record_entry" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "controller_name" text NOT NULL, "controller_address" text, "controller_contact" jsonb NOT NULL, "controller_representative" jsonb, "controller_dpo" jsonb, "processing_categories" text array NOT NULL, "transfers" jsonb NOT NULL DEFAULT '[]', "security_measures" text NOT NULL, "contract_reference" text, "archived_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "updated_by" uuid, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d6a0c71752cf278346356089ab2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "processor_record_entry_org_name_idx" ON "processor_record_entry"  ("organization_id", "controller_name", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "record_export" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "format" text NOT NULL, "as_of" date, "snapshot_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL DEFAULT 'queued', "filename" text, "content_type" text, "storage_key" text, "sha256" text, "size" bigint, "data_sha256" text, "activity_count" integer, "error" text, "attempts" integer NOT NULL DEFAULT '0', "requested_by" uuid, "requested_by_label" text, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "record_export_status_check" CHECK ("status" IN ('queued', 'running', 'completed', 'failed')), CONSTRAINT "record_export_format_check" CHECK ("format" IN ('xlsx', 'csv', 'json', 'pdf')), CONSTRAINT "PK_798730edffdd6b547b8288e1d43" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "record_export_org_created_idx" ON "record_export"  ("organization_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "record_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "entity_type" text NOT NULL, "entity_id" uuid NOT NULL, "version" integer NOT NULL, "label" text NOT NULL, "data" jsonb NOT NULL, "archived" boolean NOT NULL DEFAULT false, "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL, "valid_to" TIMESTAMP WITH TIME ZONE, "changed_by" uuid, CONSTRAINT "record_version_entity_type_check" CHECK ("entity_type" IN ('profile', 'processing_activity', 'processor_record_entry')), CONSTRAINT "PK_9b5add5d5a9bc4b1ffbf408cf48" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "record_version_org_type_label_idx" ON "record_version"  ("organization_id", "entity_type", "label", "entity_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "record_version_open_key" ON "record_version"  ("entity_id") WHERE "valid_to" IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "record_version_entity_version_key" ON "record_version"  ("entity_type", "entity_id", "version") `,
    );
    await queryRunner.query(
      `ALTER TABLE "organization_profile" ADD CONSTRAINT "organization_profile_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "processing_activity" ADD CONSTRAINT "processing_activity_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "processor_record_entry" ADD CONSTRAINT "processor_record_entry_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "record_export" ADD CONSTRAINT "record_export_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "record_version" ADD CONSTRAINT "record_version_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "record_version" DROP CONSTRAINT "record_version_organization_fk"`);
    await queryRunner.query(`ALTER TABLE "record_export" DROP CONSTRAINT "record_export_organization_fk"`);
    await queryRunner.query(
      `ALTER TABLE "processor_record_entry" DROP CONSTRAINT "processor_record_entry_organization_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "processing_activity" DROP CONSTRAINT "processing_activity_organization_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "organization_profile" DROP CONSTRAINT "organization_profile_organization_fk"`,
    );
    await queryRunner.query(`DROP INDEX "public"."record_version_entity_version_key"`);
    await queryRunner.query(`DROP INDEX "public"."record_version_open_key"`);
    await queryRunner.query(`DROP INDEX "public"."record_version_org_type_label_idx"`);
    await queryRunner.query(`DROP TABLE "record_version"`);
    await queryRunner.query(`DROP INDEX "public"."record_export_org_created_idx"`);
    await queryRunner.query(`DROP TABLE "record_export"`);
    await queryRunner.query(`DROP INDEX "public"."processor_record_entry_org_name_idx"`);
    await queryRunner.query(`DROP TABLE "processor_record_entry"`);
    await queryRunner.query(`DROP INDEX "public"."processing_activity_org_name_idx"`);
    await queryRunner.query(`DROP TABLE "processing_activity"`);
    await queryRunner.query(`DROP INDEX "public"."organization_profile_org_key"`);
    await queryRunner.query(`DROP TABLE "organization_profile"`);
  }
}
