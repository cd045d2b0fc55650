import { MigrationInterface, QueryRunner } from 'typeorm';

export class ChapterVTransfers1796576715875 implements MigrationInterface {
  name = 'ChapterVTransfers1796576715875';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "transfer_impact_assessment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "agreement_id" uuid NOT NULL, "processor_id" uuid NOT NULL, "destination" text NOT NULL, "assessed_on" date NOT NULL, "assessor" text NOT NULL, "laws_and_practices" text NOT NULL, "supplementary_measures" text, "measures_in_place" boolean NOT NULL DEFAULT false, "outcome" text NOT NULL, "review_on" date, "document" jsonb, "created_by" uuid, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "tia_outcome_check" CHECK ("outcome" IN ('proceed', 'proceed_with_measures', 'do_not_proceed')), CONSTRAINT "PK_7afa1c259254efe08624a4e3aa9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "tia_review_idx" ON "transfer_impact_assessment"  ("review_on") `);
    await queryRunner.query(
      `CREATE INDEX "tia_org_agreement_idx" ON "transfer_impact_assessment"  ("organization_id", "agreement_id", "destination") `,
    );
    await queryRunner.query(`ALTER TABLE "processor" ADD "dpf_certification" jsonb`);
    await queryRunner.query(
      `ALTER TABLE "processor" ADD "adequacy_scope_confirmations" jsonb NOT NULL DEFAULT '[]'`,
    );
    await queryRunner.query(`ALTER TABLE "processing_activity" ADD "purpose_description" text`);
    await queryRunner.query(`ALTER TABLE "processing_activity" ADD "legitimate_interests_assessment" text`);
    await queryRunner.query(`ALTER TABLE "processing_activity" ADD "consent_record" text`);
    await queryRunner.query(
      `ALTER TABLE "processing_activity" ADD "rights_available" text array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(`ALTER TABLE "processing_activity" ADD "automated_decision_making" text`);
    await queryRunner.query(`ALTER TABLE "processing_activity" ADD "data_location" text`);
    await queryRunner.query(`ALTER TABLE "processing_activity" ADD "dpia_progress" text`);
    await queryRunner.query(`ALTER TABLE "processing_activity" ADD "breach_record" text`);
    await queryRunner.query(`ALTER TABLE "transfer_decision" ADD "destinations" jsonb NOT NULL DEFAULT '[]'`);
    // International organisations (e.g. EPO) are destinations too: the code is no longer two letters.
    await queryRunner.query(`ALTER TABLE "transfer_decision" ALTER COLUMN "destination_country" TYPE text`);
    // A DPF certification recorded as a bare flag becomes one confirmed when the flag was last written,
    // for non-HR data: the yearly re-confirmation and the HR scope are asked of the user from now on.
    await queryRunner.query(
      `UPDATE "processor" SET "dpf_certification" = jsonb_build_object('certifiedOn', NULL, 'lastConfirmedOn', to_char("updated_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD'), 'scope', '["non_hr"]'::jsonb, 'reference', NULL) WHERE "dpf_certified"`,
    );
    await queryRunner.query(
      `ALTER TABLE "transfer_impact_assessment" ADD CONSTRAINT "tia_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "transfer_impact_assessment" ADD CONSTRAINT "tia_agreement_fk" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "transfer_impact_assessment" ADD CONSTRAINT "tia_processor_fk" FOREIGN KEY ("processor_id") REFERENCES "processor"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "transfer_impact_assessment" DROP CONSTRAINT "tia_processor_fk"`);
    await queryRunner.query(`ALTER TABLE "transfer_impact_assessment" DROP CONSTRAINT "tia_agreement_fk"`);
    await queryRunner.query(`ALTER TABLE "transfer_impact_assessment" DROP CONSTRAINT "tia_organization_fk"`);
    await queryRunner.query(
      `ALTER TABLE "transfer_decision" ALTER COLUMN "destination_country" TYPE character(2) USING left("destination_country", 2)`,
    );
    await queryRunner.query(`ALTER TABLE "transfer_decision" DROP COLUMN "destinations"`);
    await queryRunner.query(`ALTER TABLE "processing_activity" DROP COLUMN "breach_record"`);
    await queryRunner.query(`ALTER TABLE "processing_activity" DROP COLUMN "dpia_progress"`);
    await queryRunner.query(`ALTER TABLE "processing_activity" DROP COLUMN "data_location"`);
    await queryRunner.query(`ALTER TABLE "processing_activity" DROP COLUMN "automated_decision_making"`);
    await queryRunner.query(`ALTER TABLE "processing_activity" DROP COLUMN "rights_available"`);
    await queryRunner.query(`ALTER TABLE "processing_activity" DROP COLUMN "consent_record"`);
    await queryRunner.query(
      `ALTER TABLE "processing_activity" DROP COLUMN "legitimate_interests_assessment"`,
    );
    await queryRunner.query(`ALTER TABLE "processing_activity" DROP COLUMN "purpose_description"`);
    await queryRunner.query(`ALTER TABLE "processor" DROP COLUMN "adequacy_scope_confirmations"`);
    await queryRunner.query(`ALTER TABLE "processor" DROP COLUMN "dpf_certification"`);
    await queryRunner.query(`DROP INDEX "public"."tia_org_agreement_idx"`);
    await queryRunner.query(`DROP INDEX "public"."tia_review_idx"`);
    await queryRunner.query(`DROP TABLE "transfer_impact_assessment"`);
  }
}
