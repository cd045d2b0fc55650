import { MigrationInterface, QueryRunner } from 'typeorm';

export class PlatformOutboxAndMail1795803542916 implements MigrationInterface {
  name = 'PlatformOutboxAndMail1795803542916';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "mail_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid, "idempotency_key" text NOT NULL, "template" text NOT NULL, "recipients" text array NOT NULL, "subject" text, "status" text NOT NULL DEFAULT 'sending' CHECK ("status" IN ('sending', 'sent', 'failed')), "message_id" text, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_9ac923364425e9f5b2c319b2073" UNIQUE ("idempotency_key"), CONSTRAINT "PK_d23285093ea237bc7632d4fcce9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid, "queue" text NOT NULL, "job_name" text NOT NULL, "job_id" text NOT NULL, "payload" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'dispatched', 'completed', 'failed')), "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "available_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_fca572df71a1e08db50f81f7617" UNIQUE ("job_id"), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_pending_idx" ON "outbox"  ("available_at") WHERE status = 'pending'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."outbox_pending_idx"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP TABLE "mail_message"`);
  }
}
