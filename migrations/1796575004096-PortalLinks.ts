import { MigrationInterface, QueryRunner } from 'typeorm';

/** Portal links: a processor contact's access by e-mailed link, kept as the SHA-256 of its token only. */
export class PortalLinks1796575004096 implements MigrationInterface {
  name = 'PortalLinks1796575004096';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "portal_link" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "processor_id" uuid NOT NULL, "contact_email" text NOT NULL, "contact_name" text NOT NULL, "purposes" text array NOT NULL, "assessment_id" uuid, "offboarding_id" uuid, "token_hash" character(64) NOT NULL, "expires_on" date NOT NULL, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by" uuid, "created_by" uuid, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "portal_link_purposes_check" CHECK (cardinality("purposes") > 0 AND "purposes" <@ ARRAY['assessment', 'breach_notice', 'subprocessor_notice', 'offboarding']::text[]), CONSTRAINT "PK_4bd3c78abcfc8275bf0614416ff" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "portal_link_org_processor_idx" ON "portal_link"  ("organization_id", "processor_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "portal_link_token_hash_key" ON "portal_link"  ("token_hash") `,
    );
    await queryRunner.query(
      `ALTER TABLE "portal_link" ADD CONSTRAINT "portal_link_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "portal_link" ADD CONSTRAINT "portal_link_processor_fk" FOREIGN KEY ("processor_id") REFERENCES "processor"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "portal_link" ADD CONSTRAINT "portal_link_assessment_fk" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "portal_link" ADD CONSTRAINT "portal_link_offboarding_fk" FOREIGN KEY ("offboarding_id") REFERENCES "offboarding"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "portal_link" DROP CONSTRAINT "portal_link_offboarding_fk"`);
    await queryRunner.query(`ALTER TABLE "portal_link" DROP CONSTRAINT "portal_link_assessment_fk"`);
    await queryRunner.query(`ALTER TABLE "portal_link" DROP CONSTRAINT "portal_link_processor_fk"`);
    await queryRunner.query(`ALTER TABLE "portal_link" DROP CONSTRAINT "portal_link_organization_fk"`);
    await queryRunner.query(`DROP INDEX "public"."portal_link_token_hash_key"`);
    await queryRunner.query(`DROP INDEX "public"."portal_link_org_processor_idx"`);
    await queryRunner.query(`DROP TABLE "portal_link"`);
  }
}
