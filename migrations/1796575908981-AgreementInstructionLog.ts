import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The instruction log of Art. 28(3)(a): the controller's documented instructions to the processor under
 * an agreement, with when, by whom, how and where documented. Clause references, (h)'s audit-reports-only
 * flag, the duration and the controller's obligations live in the agreement's existing JSON columns.
 */
export class AgreementInstructionLog1796575908981 implements MigrationInterface {
  name = 'AgreementInstructionLog1796575908981';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "agreement_instruction" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "agreement_id" uuid NOT NULL, "processor_id" uuid NOT NULL, "given_on" date NOT NULL, "given_by" text NOT NULL, "instruction" text NOT NULL, "channel" text, "document_reference" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "agreement_instruction_pk" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "agreement_instruction_org_agreement_idx" ON "agreement_instruction" ("organization_id", "agreement_id", "given_on")`,
    );
    await queryRunner.query(
      `ALTER TABLE "agreement_instruction" ADD CONSTRAINT "agreement_instruction_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agreement_instruction" ADD CONSTRAINT "agreement_instruction_agreement_fk" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agreement_instruction" ADD CONSTRAINT "agreement_instruction_processor_fk" FOREIGN KEY ("processor_id") REFERENCES "processor"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "agreement_instruction"`);
  }
}
