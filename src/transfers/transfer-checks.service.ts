import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { agreementStatus } from '../agreements/agreement-status';
import { AgreementsService } from '../agreements/agreements.service';
import { TransferImpactAssessmentsService } from '../agreements/transfer-impact-assessments.service';
import { Agreement } from '../agreements/agreement.entity';
import type { DestinationBasis, TiaOutcome } from '../agreements/transfer-tools';
import { IncidentsService } from '../incidents/incidents.service';
import { MonitoringService } from '../monitoring/monitoring.service';
import { AuditGroupCommit, StaleFacts } from '../platform/audit/audit-group-commit';
import { AppConfig } from '../config/app-config';
import type { AuditEntry } from '../platform/audit/audit.service';
import { Lanes } from '../platform/batching/lanes';
import { addDays, Clock } from '../platform/clock/clock';
import type { RequestContext, TenantScope } from '../platform/context/request-context';
import { uuid7 } from '../platform/database/uuid7';
import { JsonRows } from '../platform/database/json-rows';
import { PreparedStatements } from '../platform/database/prepared-statements';
import { Tenancy, TenantRepository } from '../platform/tenancy/tenant-repository';
import { FieldError, NotFound, ValidationFailed } from '../platform/errors/domain-error';
import { Page } from '../platform/http/pagination';
import { Processor } from '../processors/processor.entity';
import { ProcessorsService } from '../processors/processors.service';
import { effectiveAuthorization } from '../processors/subprocessor-authorization';
import { VocabulariesService } from '../vocabularies/vocabularies.service';
import { GateFactsCache } from './gate-facts-cache';
import { TransferDecision } from './transfer-decision.entity';
import {
  assessTransfer,
  GATE_AGREEMENT_FIELDS,
  GATE_PROCESSOR_FIELDS,
  GateProcessor,
  Geography,
  Reason,
  ReasonCode,
  RULE_SET_VERSION,
  TransferFacts,
  TransferRequest,
} from './transfer-rules';

export interface CheckOutcome {
  decisionId: string;
  processorId: string;
  eligible: boolean;
  reasons: Reason[];
  checkedAt: string;
  ruleSetVersion: string;
  destinations: DestinationBasis[];
}

export interface CheckError {
  processorId: string;
  eligible: false;
  error: { status: number; code: string; detail: string };
}

interface ChainRow {
  root: string;
  id: string;
}

/** The one row of the gate's facts statement: each column a JSON array (or null when empty). */
interface GatheredRow {
  roots: Record<string, unknown>[] | null;
  down: ChainRow[] | null;
  up: ChainRow[] | null;
  related: Record<string, unknown>[] | null;
  agreements: Record<string, unknown>[] | null;
  tias:
    | {
        id: string;
        agreement_id: string;
        destination: string;
        assessed_on: string;
        outcome: TiaOutcome;
        measures_in_place: boolean;
        review_on: string | null;
      }[]
    | null;
  findings: { id: string; processor_id: string; title: string }[] | null;
  checks: { id: string; processor_id: string; type: string; due_on: string; status: string }[] | null;
  breaches: { id: string; title: string; processor_id: string }[] | null;
  terms: { vocabulary: string; key: string }[] | null;
  /** The version of the organisation's facts the statement read (migration GateFactsVersion). */
  version: string;
}

/** Processors whose facts one statement reads at most; more wait for the next. */
const GROUP_IDS = 2_000;
/** Facts statements of one organisation that may run at once (reads wait on nothing but the CPU). */
const READS_AT_ONCE = 2;

/**
 * Attempts of a check whose facts changed before its decision committed; the last decides on facts read
 * just before it, as they then stand.
 */
const FACTS_ATTEMPTS = 3;

interface GatheredFacts {
  facts: Map<string, TransferFacts>;
  ownTerms: { vocabulary: string; key: string }[];
  version: string;
}

/** `items` grouped by `key`, each group in the items' order, as `value` makes them. */
function groupBy<T, V = T>(
  items: readonly T[],
  key: (item: T) => string,
  value: (item: T) => V = (item) => item as unknown as V,
): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(value(item));
    else groups.set(k, [value(item)]);
  }
  return groups;
}

/**
 * The transfer gate. Facts for any number of checks are gathered in a fixed number of queries, every
 * rule is evaluated, and each decision is stored with its inputs, facts and rule-set version, and audited.
 */
@Injectable()
export class TransferChecksService {
  private readonly decisions: TenantRepository<TransferDecision>;
  private readonly geography: Geography;
  private readonly rows: JsonRows;
  private factsText?: string;
  /** Facts read for earlier checks, offered while the organisation's facts version holds. */
  private readonly kept: GateFactsCache;
  private readonly snapshots = new WeakMap<TransferFacts, object>();
  /** Checks decided (attempts included) on facts kept from earlier checks and on facts read for them. */
  readonly decidedOn = { kept: 0, read: 0 };
  /**
   * Checks of one organisation that arrive while READS_AT_ONCE of its facts statements run share the
   * next one (up to GROUP_IDS processors): under load, one statement reads the facts of many checks.
   */
  private readonly reads = new Lanes<{ ids: string[]; keys: string[] }, GatheredFacts>(
    async (lane, items) => {
      const [organizationId, today] = lane.split('|');
      const gathered = await this.gather(
        { organizationId },
        [...new Set(items.flatMap((i) => i.ids))],
        [...new Set(items.flatMap((i) => i.keys))],
        today,
      );
      this.kept.keep(organizationId, gathered.version, today, gathered.facts, gathered.ownTerms);
      return items.map(() => gathered);
    },
    (item) => item.ids.length,
    GROUP_IDS,
    READS_AT_ONCE,
  );

  constructor(
    tenancy: Tenancy,
    private readonly dataSource: DataSource,
    private readonly prepared: PreparedStatements,
    private readonly processors: ProcessorsService,
    private readonly agreements: AgreementsService,
    private readonly tias: TransferImpactAssessmentsService,
    private readonly monitoring: MonitoringService,
    private readonly incidents: IncidentsService,
    private readonly vocabularies: VocabulariesService,
    private readonly writes: AuditGroupCommit,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.kept = new GateFactsCache(config.gateFactsCacheProcessors);
    this.decisions = tenancy.repository(TransferDecision, 'Transfer decision', 'transfer_decision');
    this.rows = new JsonRows(dataSource);
    this.geography = {
      isEea: (code) => vocabularies.isEea(code),
      nameOf: (code) => vocabularies.destinationName(code),
      adequacyOn: (code, day) => vocabularies.adequacyOn(code, day),
    };
  }

  async check(ctx: RequestContext, request: TransferRequest): Promise<CheckOutcome> {
    const [outcome] = await this.run(ctx, [request], null, (i, field) => field);
    if ('error' in outcome) throw new NotFound('Processor', request.processorId);
    return outcome;
  }

  /** Up to 1,000 checks answered in order, in one round trip and a fixed number of queries. */
  async checkBatch(ctx: RequestContext, requests: TransferRequest[]): Promise<(CheckOutcome | CheckError)[]> {
    return this.run(ctx, requests, randomUUID(), (i, field) => `checks[${i}].${field}`);
  }

  /** Refuses keys outside the vocabularies (shipped, or the organisation's own among `ownTerms`). */
  private validate(
    requests: TransferRequest[],
    ownTerms: { vocabulary: string; key: string }[],
    path: (index: number, field: string) => string,
  ): void {
    const errors: FieldError[] = [];
    const [knownCategories, knownUses] = this.vocabularies.knownKeysWith(
      ['data-categories', 'data-uses'],
      ownTerms,
    );
    requests.forEach((r, i) => {
      r.dataCategories.forEach((c, j) => {
        if (!knownCategories.has(c))
          errors.push({
            field: path(i, `dataCategories[${j}]`),
            message: 'is not a known data category',
            rule: 'vocabulary',
          });
      });
      if (!knownUses.has(r.purpose))
        errors.push({ field: path(i, 'purpose'), message: 'is not a known data use', rule: 'vocabulary' });
      if (r.destinationCountry && !this.vocabularies.isDestination(r.destinationCountry)) {
        errors.push({
          field: path(i, 'destinationCountry'),
          message: 'is not an ISO 3166-1 alpha-2 code or a known international organisation',
          rule: 'destination',
        });
      }
    });
    if (errors.length) throw new ValidationFailed(errors);
  }

  /**
   * Decides every request on its processor's facts and commits the decisions with their audit events.
   * Facts kept from earlier checks serve where they are kept, the others are read; the commit holds only
   * if the organisation's facts are still at the version they were read at, and otherwise the checks are
   * decided again on facts read anew (`FACTS_ATTEMPTS`).
   */
  private async run(
    ctx: RequestContext,
    requests: TransferRequest[],
    batchId: string | null,
    path: (index: number, field: string) => string,
  ): Promise<(CheckOutcome | CheckError)[]> {
    const organizationId = ctx.organizationId;
    const keys = [...new Set(requests.flatMap((r) => [...r.dataCategories, r.purpose]))];
    const ids = [...new Set(requests.map((r) => r.processorId))];
    for (let attempt = 1; ; attempt++) {
      const today = this.clock.today();
      // Facts are read outside a transaction; decisions and audit events commit in a group commit.
      const { gathered, kept } = await this.factsFor(
        organizationId,
        today,
        requests,
        ids,
        keys,
        attempt === 1,
      );
      this.decidedOn.kept += kept;
      this.decidedOn.read += requests.length - kept;
      this.validate(requests, gathered.ownTerms, path);
      const { decisions, outcomes } = this.decide(ctx, requests, gathered.facts, batchId);
      try {
        await this.writes.commit({
          context: ctx,
          inserts: [{ target: TransferDecision, rows: decisions }],
          audit: decisions.map((d) => this.auditEntry(d)),
          factsVersion: attempt < FACTS_ATTEMPTS ? gathered.version : undefined,
        });
        return outcomes;
      } catch (error) {
        if (!(error instanceof StaleFacts)) throw error;
        this.kept.seen(organizationId, error.factsVersion);
      }
    }
  }

  /**
   * The facts of the requests' processors and the organisation's own terms among their keys: as kept
   * from earlier checks (when `useKept`) at the newest version seen, the rest read; all read anew when
   * the read finds a newer version than the kept one. Answers how many requests were decided on kept facts.
   */
  private async factsFor(
    organizationId: string,
    today: string,
    requests: TransferRequest[],
    ids: string[],
    keys: string[],
    useKept: boolean,
  ): Promise<{ gathered: GatheredFacts; kept: number }> {
    const lane = `${organizationId}|${today}`;
    const kept = useKept ? this.kept.lookup(organizationId, today, ids) : undefined;
    if (kept && kept.found.size > 0) {
      const ownTerms = this.keptTerms(organizationId, requests);
      if (kept.missing.length === 0 && ownTerms) {
        return { gathered: { facts: kept.found, ownTerms, version: kept.version }, kept: requests.length };
      }
      const read = await this.reads.submit(lane, { ids: kept.missing, keys });
      if (read.version === kept.version) {
        const facts = new Map([...kept.found, ...read.facts]);
        return {
          gathered: { facts, ownTerms: read.ownTerms, version: read.version },
          kept: requests.filter((r) => kept.found.has(r.processorId)).length,
        };
      }
    }
    return { gathered: await this.reads.submit(lane, { ids, keys }), kept: 0 };
  }

  /**
   * The organisation's own terms among the requests' keys, as kept; undefined when a key is neither
   * shipped nor a kept own term of its vocabulary (it may have been added since: it is read).
   */
  private keptTerms(
    organizationId: string,
    requests: TransferRequest[],
  ): { vocabulary: string; key: string }[] | undefined {
    const [categories, uses] = this.vocabularies.knownKeysWith(['data-categories', 'data-uses'], []);
    const ownTerms: { vocabulary: string; key: string }[] = [];
    const known = (key: string, vocabulary: string, shipped: ReadonlySet<string>): boolean => {
      if (shipped.has(key)) return true;
      const own = this.kept.ownTermOf(organizationId, key);
      if (!own?.includes(vocabulary)) return false;
      ownTerms.push({ vocabulary, key });
      return true;
    };
    for (const request of requests) {
      if (!request.dataCategories.every((key) => known(key, 'data-categories', categories))) return undefined;
      if (!known(request.purpose, 'data-uses', uses)) return undefined;
    }
    return ownTerms;
  }

  /** Each request decided on its processor's facts: the decisions to store and the answers, in order. */
  private decide(
    ctx: RequestContext,
    requests: TransferRequest[],
    facts: ReadonlyMap<string, TransferFacts>,
    batchId: string | null,
  ): { decisions: TransferDecision[]; outcomes: (CheckOutcome | CheckError)[] } {
    const checkedAt = this.clock.now();
    const decisions: TransferDecision[] = [];
    const outcomes = requests.map((request): CheckOutcome | CheckError => {
      const f = facts.get(request.processorId);
      if (!f) {
        return {
          processorId: request.processorId,
          eligible: false,
          error: {
            status: 404,
            code: 'NOT_FOUND',
            detail: `No processor with id ${request.processorId} exists.`,
          },
        };
      }
      const { reasons, destinations } = assessTransfer(request, f);
      const decision = Object.assign(new TransferDecision(), {
        id: uuid7(),
        organizationId: ctx.organizationId,
        processorId: request.processorId,
        dataCategories: request.dataCategories,
        purpose: request.purpose,
        destinationCountry: request.destinationCountry ?? null,
        eligible: reasons.length === 0,
        reasons,
        facts: this.snapshotOf(f),
        destinations,
        ruleSetVersion: RULE_SET_VERSION,
        checkedAt,
        actorType: ctx.actor.type,
        actorId: ctx.actor.id,
        actorLabel: ctx.actor.label,
        requestId: ctx.requestId ?? null,
        batchId,
      });
      decisions.push(decision);
      return {
        decisionId: decision.id,
        processorId: decision.processorId,
        eligible: decision.eligible,
        reasons,
        checkedAt: checkedAt.toISOString(),
        ruleSetVersion: RULE_SET_VERSION,
        destinations,
      };
    });
    return { decisions, outcomes };
  }

  /** The audit event of a decision: its inputs, answer and the bases of its destinations. */
  private auditEntry(d: TransferDecision): AuditEntry {
    return {
      action: 'transfer.checked',
      entityType: 'transfer_decision',
      entityId: d.id,
      after: {
        processorId: d.processorId,
        dataCategories: d.dataCategories,
        purpose: d.purpose,
        destinationCountry: d.destinationCountry,
        eligible: d.eligible,
        reasons: d.reasons.map((r) => r.code),
        destinations: d.destinations.map((b) => ({
          destination: b.destination,
          processorId: b.recipientId,
          classification: b.classification,
          adequacy: b.adequacy?.instrument ?? null,
          mechanism: b.mechanism?.type ?? null,
          tiaId: b.tia?.id ?? null,
          problem: b.problem,
        })),
        ruleSetVersion: d.ruleSetVersion,
      },
    };
  }

  /**
   * The facts statement: its text depends on no request (only on the features' parts), so it is built
   * once, on the first check. `$1` organisation, `$2` processor ids, `$3` today, `$4` vocabulary keys.
   */
  private get factsSql(): string {
    if (this.factsText) return this.factsText;
    const monitoring = this.monitoring.gateFactsSql('$1', 'ARRAY(SELECT id FROM gate_roots)', '$3::date');
    const processor = (alias: string) => this.rows.objectSql(Processor, alias, GATE_PROCESSOR_FIELDS);
    this.factsText = `WITH RECURSIVE
       ${this.processors.treeSql('gate', '$1', '$2::uuid[]')},
       gate_agreements AS (${this.agreements.forProcessorsSql('$1', 'ARRAY(SELECT id FROM gate_roots)')})
     SELECT
       (SELECT json_agg(${processor('r')}) FROM gate_roots r) AS roots,
       (SELECT json_agg(json_build_object('root', root, 'id', id)) FROM gate_down WHERE depth > 0) AS down,
       (SELECT json_agg(json_build_object('root', root, 'id', id)) FROM gate_up WHERE depth > 0) AS up,
       (SELECT json_agg((SELECT ${processor('p')} FROM processor p WHERE p.id = r.id AND p.organization_id = $1))
          FROM (SELECT id FROM gate_down WHERE depth > 0 UNION SELECT id FROM gate_up WHERE depth > 0) r
         WHERE r.id <> ALL($2::uuid[])
       ) AS related,
       (SELECT json_agg(${this.rows.objectSql(Agreement, 'a', GATE_AGREEMENT_FIELDS)}
                        ORDER BY a.effective_from DESC, a.created_at DESC) FROM gate_agreements a) AS agreements,
       (SELECT json_agg(t) FROM (${this.tias.summariesSql('$1', 'ARRAY(SELECT id FROM gate_agreements)')}) t) AS tias,
       (SELECT json_agg(f) FROM (${monitoring.findings}) f) AS findings,
       (SELECT json_agg(c) FROM (${monitoring.checks}) c) AS checks,
       (SELECT json_agg(b) FROM (${this.incidents.openBreachesSql(
         '$1',
         'ARRAY(SELECT id FROM gate_roots UNION SELECT id FROM gate_down WHERE depth > 0)',
       )}) b) AS breaches,
       (SELECT json_agg(v) FROM (${this.vocabularies.ownTermsSql('$1', '$4::text[]')}) v) AS terms,
       coalesce((SELECT version FROM gate_facts_version WHERE organization_id = $1), 0) AS version`;
    return this.factsText;
  }

  /**
   * The facts of each requested processor (itself, its chain both ways, agreements, TIAs, monitoring,
   * breaches) and the organisation's own vocabulary terms among `keys`, in one statement: each feature
   * gives its part of it, the gate puts them together. Rows arrive as JSON and become plain entities.
   */
  private async gather(
    scope: TenantScope,
    ids: string[],
    keys: string[],
    today: string,
  ): Promise<GatheredFacts> {
    const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    const [row] = await this.prepared.query<GatheredRow>('custos_gate_facts', this.factsSql, [
      scope.organizationId,
      valid,
      today,
      keys,
    ]);
    const ownTerms = row.terms ?? [];
    const version = row.version;
    const roots = this.rows.entities(Processor, row.roots, GATE_PROCESSOR_FIELDS);
    if (roots.length === 0) return { facts: new Map(), ownTerms, version };
    const related = this.rows.entities(Processor, row.related, GATE_PROCESSOR_FIELDS);
    const byId = new Map<string, GateProcessor>([...roots, ...related].map((p) => [p.id, p]));
    const chainOf = (rows: ChainRow[] | null) =>
      groupBy(
        (rows ?? []).filter((r) => byId.has(r.id)),
        (r) => r.root,
        (r) => byId.get(r.id)!,
      );
    const down = chainOf(row.down);
    const up = chainOf(row.up);
    const agreements = groupBy(
      this.rows.entities(Agreement, row.agreements, GATE_AGREEMENT_FIELDS),
      (a) => a.processorId,
    );
    const tias = groupBy(
      row.tias ?? [],
      (t) => t.agreement_id,
      (t) => ({
        id: t.id,
        agreementId: t.agreement_id,
        destination: t.destination,
        assessedOn: t.assessed_on,
        outcome: t.outcome,
        measuresInPlace: t.measures_in_place,
        reviewOn: t.review_on,
      }),
    );
    const findings = groupBy(
      row.findings ?? [],
      (f) => f.processor_id,
      (f) => ({ id: f.id, title: f.title }),
    );
    const checks = groupBy(
      row.checks ?? [],
      (c) => c.processor_id,
      (c) => ({ id: c.id, type: c.type, dueOn: c.due_on, status: c.status }),
    );
    const breachOrder = new Map((row.breaches ?? []).map((b, n) => [b.id, n]));
    const breaches = groupBy(
      row.breaches ?? [],
      (b) => b.processor_id,
      (b) => ({
        id: b.id,
        title: b.title,
        processorId: b.processor_id,
        processorName: byId.get(b.processor_id)?.name ?? b.processor_id,
      }),
    );

    const facts = new Map<string, TransferFacts>();
    for (const processor of roots) {
      const subProcessors = down.get(processor.id) ?? [];
      const own = agreements.get(processor.id) ?? [];
      facts.set(processor.id, {
        today,
        processor,
        ancestors: up.get(processor.id) ?? [],
        subProcessors,
        agreements: own,
        openCriticalFindings: findings.get(processor.id) ?? [],
        overdueChecks: checks.get(processor.id) ?? [],
        // In the order the statement gave them (when the organisation became aware), at any receiver.
        openBreaches: [processor, ...subProcessors]
          .flatMap((p) => breaches.get(p.id) ?? [])
          .sort((a, b) => breachOrder.get(a.id)! - breachOrder.get(b.id)!),
        tias: own.flatMap((a) => tias.get(a.id) ?? []),
        specialCategoryOf: (key) => this.vocabularies.specialCategoryOf(key)?.kind,
        geography: this.geography,
      });
    }
    return { facts, ownTerms, version };
  }

  /**
   * What the decision rested on, kept with it so that it can be explained later: a function of the facts
   * alone (their day included), so built once for facts that serve many checks.
   */
  private snapshotOf(f: TransferFacts): object {
    let snapshot = this.snapshots.get(f);
    if (!snapshot) {
      snapshot = this.snapshot(f);
      this.snapshots.set(f, snapshot);
    }
    return snapshot;
  }

  private snapshot(f: TransferFacts): object {
    const p = f.processor;
    return {
      today: f.today,
      processor: {
        id: p.id,
        name: p.name,
        status: p.status,
        riskRating: p.riskRating,
        approvedAssessmentId: p.approvedAssessmentId,
        assessmentValidUntil: p.assessmentValidUntil,
        processingCountries: p.processingCountries,
        dpfCertified: p.dpfCertified,
        dpfCertification: p.dpfCertification,
        adequacyScopeConfirmations: p.adequacyScopeConfirmations,
      },
      ancestors: f.ancestors.map((a) => ({ id: a.id, name: a.name, status: a.status })),
      subProcessors: f.subProcessors.map((s) => ({
        id: s.id,
        name: s.name,
        authorizationStatus: effectiveAuthorization(s, f.today),
        processingCountries: s.processingCountries,
        dpfCertification: s.dpfCertification,
        adequacyScopeConfirmations: s.adequacyScopeConfirmations,
      })),
      agreements: f.agreements.map((a) => ({
        id: a.id,
        title: a.title,
        status: agreementStatus(a, f.today),
        transferMechanisms: a.transferMechanisms,
      })),
      transferImpactAssessments: f.tias,
      openCriticalFindings: f.openCriticalFindings,
      overdueChecks: f.overdueChecks,
    };
  }

  /**
   * The gate's decisions of the last `days` days (today included, UTC): eligible and refused per day,
   * and how often each reason code refused a transfer.
   */
  async decisionsByDay(scope: TenantScope, days: number): Promise<DecisionTally> {
    const to = this.clock.today();
    const from = addDays(to, 1 - days);
    const range = [scope.organizationId, `${from}T00:00:00.000Z`, `${addDays(to, 1)}T00:00:00.000Z`];
    // Each day is counted from the index on its own range, with no conversion of each decision's instant;
    // the refusals' codes come from the same index, in a second statement beside it.
    const [perDay, reasons] = await Promise.all([
      this.dataSource.query<{ day: string; eligible: number; refused: number }[]>(
        `SELECT to_char(d.start AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, c.eligible, c.total - c.eligible AS refused
           FROM generate_series($2::timestamptz, $3::timestamptz - interval '1 day', interval '1 day') AS d(start),
                LATERAL (SELECT (count(*) FILTER (WHERE eligible))::int AS eligible, count(*)::int AS total
                           FROM transfer_decision
                          WHERE organization_id = $1 AND checked_at >= d.start
                            AND checked_at < d.start + interval '1 day') AS c
          ORDER BY d.start`,
        range,
      ),
      this.dataSource.query<{ code: ReasonCode; count: number }[]>(
        `SELECT code, count(*)::int AS count
           FROM transfer_decision d, jsonb_array_elements_text(d.reason_codes) AS code
          WHERE d.organization_id = $1 AND d.checked_at >= $2 AND d.checked_at < $3 AND NOT d.eligible
          GROUP BY 1
          ORDER BY 2 DESC, 1`,
        range,
      ),
    ]);
    const byDay = new Map(perDay.map((row) => [row.day, row]));
    const series = Array.from({ length: days }, (_, n) => {
      const day = addDays(from, n);
      return { day, eligible: byDay.get(day)?.eligible ?? 0, refused: byDay.get(day)?.refused ?? 0 };
    });
    return {
      from,
      to,
      eligible: series.reduce((n, d) => n + d.eligible, 0),
      refused: series.reduce((n, d) => n + d.refused, 0),
      days: series,
      reasons,
    };
  }

  /** Processors whose facts this process keeps now (of any version). */
  get keptProcessors(): number {
    return this.kept.size;
  }

  get(scope: TenantScope, id: string): Promise<TransferDecision> {
    return this.decisions.getById(scope, id);
  }

  list(
    scope: TenantScope,
    filter: { processorId?: string; eligible?: boolean; page: number; pageSize: number },
  ): Promise<Page<TransferDecision>> {
    return this.decisions.page(scope, filter, {
      where: {
        ...(filter.processorId ? { processorId: filter.processorId } : {}),
        ...(filter.eligible !== undefined ? { eligible: filter.eligible } : {}),
      },
      order: { checkedAt: 'DESC' },
    });
  }
}

/** The gate's decisions over a span of days, for the dashboard's chart. */
export interface DecisionTally {
  from: string;
  to: string;
  eligible: number;
  refused: number;
  days: { day: string; eligible: number; refused: number }[];
  reasons: { code: ReasonCode; count: number }[];
}
