import { foldProcessorVersions, ProcessorEvent } from '../../migrations/support/processor-versions';

const ORG = '00000000-0000-4000-8000-000000000001';
const CLOUD = '00000000-0000-4000-8000-0000000000c1';
const MAIL = '00000000-0000-4000-8000-0000000000c2';
const LEGAL = '00000000-0000-4000-8000-0000000000a1';

const at = (day: number) => new Date(Date.UTC(2026, 0, day, 9));
const event = (
  entityId: string,
  day: number,
  after: Record<string, unknown>,
  actorId: string | null = LEGAL,
): ProcessorEvent => ({
  organization_id: ORG,
  entity_id: entityId,
  occurred_at: at(day),
  actor_id: actorId,
  after,
});

describe('the processors’ history backfilled from the audit trail', () => {
  it('folds each event onto the state before it: one version per version number, each valid until the next', () => {
    const created = { id: CLOUD, name: 'CloudCo', version: 1, status: 'proposed', archivedAt: null };
    const versions = foldProcessorVersions([
      event(CLOUD, 1, created),
      event(MAIL, 2, { id: MAIL, name: 'MailCo', version: 1, archivedAt: null }),
      event(CLOUD, 3, { status: 'under_assessment', version: 2 }),
      // Recorded without moving the version: part of version 2, which keeps its first instant.
      event(CLOUD, 4, { riskRating: 'high' }, null),
      event(CLOUD, 5, { archivedAt: '2026-01-05T09:00:00.000Z', version: 3 }, null),
    ]);
    expect(versions).toEqual([
      {
        organizationId: ORG,
        entityId: CLOUD,
        version: 1,
        label: 'CloudCo',
        data: created,
        archived: false,
        validFrom: at(1),
        validTo: at(3),
        changedBy: LEGAL,
      },
      {
        organizationId: ORG,
        entityId: CLOUD,
        version: 2,
        label: 'CloudCo',
        data: { ...created, status: 'under_assessment', version: 2, riskRating: 'high' },
        archived: false,
        validFrom: at(3),
        validTo: at(5),
        changedBy: LEGAL,
      },
      {
        organizationId: ORG,
        entityId: CLOUD,
        version: 3,
        label: 'CloudCo',
        data: {
          ...created,
          status: 'under_assessment',
          riskRating: 'high',
          version: 3,
          archivedAt: '2026-01-05T09:00:00.000Z',
        },
        archived: true,
        validFrom: at(5),
        validTo: null,
        changedBy: null,
      },
      expect.objectContaining({
        entityId: MAIL,
        version: 1,
        label: 'MailCo',
        validFrom: at(2),
        validTo: null,
      }),
    ]);
  });

  it('leaves out entities whose folded state does not name them', () => {
    expect(
      foldProcessorVersions([
        event(CLOUD, 1, { name: 'No id', version: 1 }),
        event(MAIL, 1, { id: CLOUD, name: 'Another id', version: 1 }),
      ]),
    ).toEqual([]);
  });
});
