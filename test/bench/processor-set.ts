import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MANDATORY_CLAUSES } from '../../src/clauses/clauses';
import { ApiKeysService } from '../../src/identity/api-keys.service';
import { OrganizationsService } from '../../src/identity/organizations.service';
import type { RequestContext, Role } from '../../src/platform/context/request-context';
import { timed } from './bench-support';

/*
 * The benchmarks' data set: one organisation with 10,000 active processors, each with an approved
 * assessment and a signed agreement, every tenth with an authorised sub-processor, and an API key.
 * Created as an operator would, then rows by INSERT … SELECT generate_series. The caller runs
 * `vacuumAsOwner` once all its rows are in, as autovacuum would have before anyone measured.
 */

export const PROCESSORS = 10_000;
/** Every n-th processor has one authorised sub-processor (in France, so the chain stays eligible). */
export const SUB_PROCESSOR_EVERY = 10;

export interface Seeded {
  organizationId: string;
  apiKey: string;
  processorIds: string[];
  withSubProcessor: string[];
  counts: Record<string, number>;
  seedMs: number;
}

export const isoDay = (offsetDays: number): string =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * What a seeded agreement says: an e-mail marketing scope in Germany, every Art. 28(3) clause covered
 * with its section, and both parties' signatures at `signedAt`.
 */
export function signedAgreementParts(signedAt: string, recordedBy: string | null) {
  return {
    scope: {
      subjectMatter: 'E-mail marketing to customers',
      nature: 'Storage and sending of e-mails',
      duration: 'For the term of the main contract',
      purposes: ['marketing'],
      dataCategories: ['user.contact'],
      dataSubjectCategories: ['customer'],
      processingCountries: ['DE'],
    },
    clauses: Object.fromEntries(
      MANDATORY_CLAUSES.map((id, n) => [id, { covered: true, reference: `§ ${n + 1}` }]),
    ),
    signatures: (['controller', 'processor'] as const).map((party) => ({
      party,
      signerName: party === 'controller' ? 'Clara Controller' : 'Peter Processor',
      signerTitle: 'Managing Director',
      signedAt,
      documentSha256: null,
      recordedBy,
    })),
  };
}

export async function seedProcessorSet(
  dataSource: DataSource,
  organizations: OrganizationsService,
  apiKeys: ApiKeysService,
  apiKeyRoles: Role[] = ['procurement'],
): Promise<Seeded> {
  const { organization, user } = await organizations.createWithAdmin({
    organizationName: 'Bench GmbH',
    email: `admin-${randomUUID().slice(0, 8)}@bench.example`,
    name: 'Bench Admin',
    password: `Vx9!${randomUUID()}`,
  });
  const org = organization.id;

  const { scope, clauses, signatures } = signedAgreementParts(`${isoDay(-31)}T10:00:00.000Z`, user.id);

  const { ms: seedMs } = await timed(() =>
    dataSource.transaction(async (m) => {
      await m.query(
        `CREATE TEMP TABLE bench_seed ON COMMIT DROP AS
           SELECT g, gen_random_uuid() AS processor_id, gen_random_uuid() AS assessment_id,
                  gen_random_uuid() AS agreement_id
             FROM generate_series(1, ${PROCESSORS}) AS g`,
      );
      await m.query(
        `INSERT INTO processor (id, organization_id, name, legal_name, country, processing_countries, services,
                                contact_email, status, risk_rating, approved_assessment_id, assessment_valid_until, version)
         SELECT processor_id, $1, 'Bench Processor ' || g, 'Bench Processor ' || g || ' GmbH', 'DE', '{DE}',
                'E-mail delivery', 'privacy+' || g || '@processor.example', 'active', 'low', assessment_id,
                $2::date, 1
           FROM bench_seed`,
        [org, isoDay(365)],
      );
      await m.query(
        `INSERT INTO processor (organization_id, name, country, processing_countries, services, contact_email,
                                parent_id, status, authorization_status, authorization_basis,
                                authorization_decided_at, authorization_decided_by, version)
         SELECT $1, 'Bench Hosting ' || g, 'FR', '{FR}', 'Hosting', 'dpo+' || g || '@hosting.example',
                processor_id, 'active', 'authorized', 'specific', now() - interval '20 days', $2, 1
           FROM bench_seed WHERE g % ${SUB_PROCESSOR_EVERY} = 0`,
        [org, user.id],
      );
      await m.query(
        `INSERT INTO assessment (id, organization_id, processor_id, template_id, template_key, template_version,
                                 template_name, areas, questions, status, score, risk_rating, submission_count,
                                 submitted_by, submitted_at, decision, decision_comment, decided_by, decided_at,
                                 valid_until, version)
         SELECT assessment_id, $1, processor_id, $2, 'bench', 1, 'Benchmark questionnaire', '[]', '[]', 'approved',
                92, 'low', 1, $3, now() - interval '40 days', 'approve', 'Seeded by the benchmark', $3,
                now() - interval '35 days', $4::date, 1
           FROM bench_seed`,
        [org, randomUUID(), user.id, isoDay(365)],
      );
      await m.query(
        `INSERT INTO agreement (id, organization_id, processor_id, title, reference, status, effective_from,
                                expires_on, scope, clauses, sub_processor_authorization, signatures, created_by,
                                version)
         SELECT agreement_id, $1, processor_id, 'DPA with Bench Processor ' || g, 'DPA-' || g, 'signed',
                $2::date, $3::date, $4::jsonb, $5::jsonb, $6::jsonb, $7::jsonb, $8, 1
           FROM bench_seed`,
        [
          org,
          isoDay(-30),
          isoDay(730),
          JSON.stringify(scope),
          JSON.stringify(clauses),
          JSON.stringify({ type: 'specific', objectionPeriodDays: null }),
          JSON.stringify(signatures),
          user.id,
        ],
      );
    }),
  );
  const rows = await dataSource.query<{ id: string; has_sub: boolean }[]>(
    `SELECT p.id, EXISTS (SELECT 1 FROM processor s WHERE s.parent_id = p.id) AS has_sub
       FROM processor p WHERE p.organization_id = $1 AND p.parent_id IS NULL`,
    [org],
  );
  const [counts] = await dataSource.query<Record<string, string>[]>(
    `SELECT (SELECT count(*) FROM processor WHERE parent_id IS NULL) AS "processors",
            (SELECT count(*) FROM processor WHERE parent_id IS NOT NULL) AS "sub-processors",
            (SELECT count(*) FROM assessment) AS "assessments",
            (SELECT count(*) FROM agreement) AS "agreements"`,
  );

  const ctx: RequestContext = {
    organizationId: org,
    actor: { type: 'user', id: user.id, label: user.email },
    roles: ['admin'],
  };
  const { key } = await apiKeys.create(ctx, {
    name: `Benchmark (${apiKeyRoles.join(', ')})`,
    roles: apiKeyRoles,
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  return {
    organizationId: org,
    apiKey: key,
    processorIds: rows.map((r) => r.id),
    withSubProcessor: rows.filter((r) => r.has_sub).map((r) => r.id),
    counts: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)])),
    seedMs,
  };
}
