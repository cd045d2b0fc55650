import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProcessorsAndAssessments1795804874960 implements MigrationInterface {
  name = 'ProcessorsAndAssessments1795804874960';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "processor" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "name" text NOT NULL, "legal_name" text, "registration_number" text, "vat_id" text, "country" character(2) NOT NULL, "processing_countries" text array NOT NULL DEFAULT '{}', "services" text NOT NULL, "website" text, "contact_email" text NOT NULL, "privacy_contact" jsonb, "dpo_contact" jsonb, "certifications" jsonb NOT NULL DEFAULT '[]'::jsonb, "intended_data_categories" text array NOT NULL DEFAULT '{}', "dpf_certified" boolean NOT NULL DEFAULT false, "parent_id" uuid, "status" text NOT NULL DEFAULT 'proposed', "risk_rating" text, "approved_assessment_id" uuid, "assessment_valid_until" date, "archived_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "processor_status_check" CHECK ("status" IN ('proposed', 'under_assessment', 'approved', 'rejected', 'active', 'offboarding', 'offboarded')), CONSTRAINT "PK_ca61b8f346004bfab72b06ca91d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "processor_org_parent_idx" ON "processor"  ("organization_id", "parent_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "processor_org_status_idx" ON "processor"  ("organization_id", "status") `,
    );
    await queryRunner.query(
      `CREATE TABLE "assessment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "processor_id" uuid NOT NULL, "template_id" uuid NOT NULL, "template_key" text NOT NULL, "template_version" integer NOT NULL, "template_name" text NOT NULL, "areas" jsonb NOT NULL, "questions" jsonb NOT NULL, "answers" jsonb NOT NULL DEFAULT '{}'::jsonb, "status" text NOT NULL DEFAULT 'draft', "score" integer, "area_scores" jsonb, "findings" jsonb NOT NULL DEFAULT '[]'::jsonb, "risk_rating" text, "risk_factors" jsonb NOT NULL DEFAULT '[]'::jsonb, "scoring_error" text, "submission_count" integer NOT NULL DEFAULT '0', "submitted_by" uuid, "submitted_at" TIMESTAMP WITH TIME ZONE, "decision" text, "decision_comment" text, "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "valid_until" date, "snapshot" jsonb, "created_by" uuid, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "assessment_status_check" CHECK ("status" IN ('draft', 'submitted', 'in_review', 'approved', 'rejected', 'changes_requested')), CONSTRAINT "PK_c511a7dc128256876b6b1719401" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "assessment_org_processor_idx" ON "assessment"  ("organization_id", "processor_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "assessment_evidence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "assessment_id" uuid NOT NULL, "question_id" text, "filename" text NOT NULL, "content_type" text NOT NULL, "size" bigint NOT NULL, "sha256" character(64) NOT NULL, "storage_key" text NOT NULL, "uploaded_by" uuid, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d9d026acc7503f878116fb09f1d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "assessment_evidence_assessment_idx" ON "assessment_evidence"  ("organization_id", "assessment_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "questionnaire_template" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "key" text NOT NULL, "version" integer NOT NULL, "name" text NOT NULL, "description" text, "areas" jsonb NOT NULL, "questions" jsonb NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_00e269c6c69fff0cca8540993f2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "questionnaire_template_version_key" ON "questionnaire_template"  ("organization_id", "key", "version") `,
    );
    await queryRunner.query(
      `CREATE TABLE "vocabulary_term" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "vocabulary" text NOT NULL, "key" text NOT NULL, "name" text NOT NULL, "description" text, "parent" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "vocabulary_term_vocabulary_check" CHECK ("vocabulary" IN ('data-categories', 'data-subjects', 'data-uses')), CONSTRAINT "PK_f87dfc0d732277f3b6579b55383" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "vocabulary_term_key" ON "vocabulary_term"  ("organization_id", "vocabulary", "key") `,
    );
    await queryRunner.query(
      `ALTER TABLE "processor" ADD CONSTRAINT "processor_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "processor" ADD CONSTRAINT "processor_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "processor"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessment" ADD CONSTRAINT "assessment_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessment" ADD CONSTRAINT "assessment_processor_fk" FOREIGN KEY ("processor_id") REFERENCES "processor"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessment_evidence" ADD CONSTRAINT "assessment_evidence_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessment_evidence" ADD CONSTRAINT "assessment_evidence_assessment_fk" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "questionnaire_template" ADD CONSTRAINT "questionnaire_template_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "vocabulary_term" ADD CONSTRAINT "vocabulary_term_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "vocabulary_term" DROP CONSTRAINT "vocabulary_term_organization_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "questionnaire_template" DROP CONSTRAINT "questionnaire_template_organization_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessment_evidence" DROP CONSTRAINT "assessment_evidence_assessment_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessment_evidence" DROP CONSTRAINT "assessment_evidence_organization_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "assessment" DROP CONSTRAINT "assessment_processor_fk"`);
    await queryRunner.query(`ALTER TABLE "assessment" DROP CONSTRAINT "assessment_organization_fk"`);
    await queryRunner.query(`ALTER TABLE "processor" DROP CONSTRAINT "processor_parent_fk"`);
    await queryRunner.query(`ALTER TABLE "processor" DROP CONSTRAINT "processor_organization_fk"`);
    await queryRunner.query(`DROP INDEX "public"."vocabulary_term_key"`);
    await queryRunner.query(`DROP TABLE "vocabulary_term"`);
    await queryRunner.query(`DROP INDEX "public"."questionnaire_template_version_key"`);
    await queryRunner.query(`DROP TABLE "questionnaire_template"`);
    await queryRunner.query(`DROP INDEX "public"."assessment_evidence_assessment_idx"`);
    await queryRunner.query(`DROP TABLE "assessment_evidence"`);
    await queryRunner.query(`DROP INDEX "public"."assessment_org_processor_idx"`);
    await queryRunner.query(`DROP TABLE "assessment"`);
    await queryRunner.query(`DROP INDEX "public"."processor_org_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."processor_org_parent_idx"`);
    await queryRunner.query(`DROP TABLE "processor"`);
  }
}
