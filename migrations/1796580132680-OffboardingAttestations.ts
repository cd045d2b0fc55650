import { MigrationInterface, QueryRunner } from 'typeorm';

/** The processor's signed attestations of return or destruction, uploaded before the certificate is issued. */
export class OffboardingAttestations1796580132680 implements MigrationInterface {
  name = 'OffboardingAttestations1796580132680';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "offboarding" ADD "attestations" jsonb NOT NULL DEFAULT '[]'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "offboarding" DROP COLUMN "attestations"`);
  }
}
