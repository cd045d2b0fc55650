import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What Art. 28(2) and (4) and EDPB Opinion 22/2024 ask to know of a (sub-)processor: the date of the
 * processor's notice of a new sub-processor (the objection window runs from it), the flow-down contract
 * between processor and sub-processor, and the processor's postal address and named contact person.
 */
export class SubProcessorNoticeFlowDownAndContacts1796577210832 implements MigrationInterface {
  name = 'SubProcessorNoticeFlowDownAndContacts1796577210832';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "processor"
        ADD "postal_address" text,
        ADD "contact_person" jsonb,
        ADD "subprocessor_notice_on" date,
        ADD "flow_down_contract" jsonb`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "processor"
        DROP COLUMN "flow_down_contract",
        DROP COLUMN "subprocessor_notice_on",
        DROP COLUMN "contact_person",
        DROP COLUMN "postal_address"`,
    );
  }
}
