import { MigrationInterface, QueryRunner } from 'typeorm';
import { foldProcessorVersions, ProcessorEvent } from './support/processor-versions';

/**
 * The history keeps processors too: the record as of a past date reads them from it, as it reads its
 * own parts, instead of rebuilding them from the audit trail. Their versions so far come from the trail.
 */
export class ProcessorHistory1796610000000 implements MigrationInterface {
  name = 'ProcessorHistory1796610000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "record_version" DROP CONSTRAINT "record_version_entity_type_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "record_version" ADD CONSTRAINT "record_version_entity_type_check" CHECK ("entity_type" IN ('profile', 'processing_activity', 'processor_record_entry', 'processor'))`,
    );
    const events = (await queryRunner.query(
      `SELECT organization_id, entity_id, occurred_at, actor_id, after FROM audit_event
        WHERE entity_type = 'processor' AND entity_id IS NOT NULL AND after IS NOT NULL
          AND organization_id IS NOT NULL
        ORDER BY organization_id, seq`,
    )) as ProcessorEvent[];
    const versions = foldProcessorVersions(events);
    for (let start = 0; start < versions.length; start += 1000) {
      await queryRunner.query(
        `INSERT INTO record_version
           (organization_id, entity_type, entity_id, version, label, data, archived, valid_from, valid_to, changed_by)
         SELECT organization_id, 'processor', entity_id, version, label, data, archived, valid_from, valid_to, changed_by
           FROM jsonb_to_recordset($1::jsonb) AS x(organization_id uuid, entity_id uuid, version int, label text,
             data jsonb, archived boolean, valid_from timestamptz, valid_to timestamptz, changed_by uuid)`,
        [
          JSON.stringify(
            versions.slice(start, start + 1000).map((v) => ({
              organization_id: v.organizationId,
              entity_id: v.entityId,
              version: v.version,
              label: v.label,
              data: v.data,
              archived: v.archived,
              valid_from: v.validFrom,
              valid_to: v.validTo,
              changed_by: v.changedBy,
            })),
          ),
        ],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "record_version" WHERE "entity_type" = 'processor'`);
    await queryRunner.query(
      `ALTER TABLE "record_version" DROP CONSTRAINT "record_version_entity_type_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "record_version" ADD CONSTRAINT "record_version_entity_type_check" CHECK ("entity_type" IN ('profile', 'processing_activity', 'processor_record_entry'))`,
    );
  }
}
