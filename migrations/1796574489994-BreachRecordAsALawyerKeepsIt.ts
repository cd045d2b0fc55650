import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A breach register a supervisory authority accepts: the controller's own breaches (no processor),
 * the cross-border character and lead authority, which authority was notified, when the breach ended,
 * whether the data was encrypted, and the Art. 34 communication (channel, people told, content).
 */
export class BreachRecordAsALawyerKeepsIt1796574489994 implements MigrationInterface {
  name = 'BreachRecordAsALawyerKeepsIt1796574489994';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "incident" ALTER COLUMN "processor_id" DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "incident"
        ADD "ended_at" TIMESTAMP WITH TIME ZONE,
        ADD "cross_border" boolean,
        ADD "lead_authority" text,
        ADD "authority_name" text,
        ADD "data_encrypted" boolean,
        ADD "encryption_note" text,
        ADD "subjects_notice_channel" text,
        ADD "subjects_notified_count" integer,
        ADD "subjects_notice_content" text`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "incident"
        DROP COLUMN "subjects_notice_content",
        DROP COLUMN "subjects_notified_count",
        DROP COLUMN "subjects_notice_channel",
        DROP COLUMN "encryption_note",
        DROP COLUMN "data_encrypted",
        DROP COLUMN "authority_name",
        DROP COLUMN "lead_authority",
        DROP COLUMN "cross_border",
        DROP COLUMN "ended_at"`,
    );
    await queryRunner.query(`DELETE FROM "incident" WHERE "processor_id" IS NULL`);
    await queryRunner.query(`ALTER TABLE "incident" ALTER COLUMN "processor_id" SET NOT NULL`);
  }
}
