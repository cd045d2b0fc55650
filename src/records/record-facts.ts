import { Agreement } from '../agreements/agreement.entity';
import { AgreementsService } from '../agreements/agreements.service';
import { TransferImpactAssessmentsService } from '../agreements/transfer-impact-assessments.service';
import type { TiaSummary } from '../agreements/transfer-tools';
import type { Geography } from '../transfers/transfer-rules';
import type { TenantScope } from '../platform/context/request-context';
import { Processor } from '../processors/processor.entity';
import { effectiveAuthorization } from '../processors/subprocessor-authorization';
import { VocabulariesService } from '../vocabularies/vocabularies.service';
import {
  ActivitySnapshotLike,
  AgreementFacts,
  ChainFacts,
  DerivationContext,
  DerivedParts,
  deriveRecord,
  ProcessorFacts,
} from './derivation';

/**
 * Gathers, and keeps for the life of one request or export, the facts the derivation reads: each linked
 * processor's chain and the agreements that govern its members on the day. A processor is loaded once
 * however many activities link it, so an export of any size costs queries per processor, not per row.
 */
export class RecordFacts implements DerivationContext {
  readonly chains = new Map<string, ChainFacts>();
  readonly geography: Geography;
  private readonly missing = new Set<string>();

  constructor(
    private readonly scope: TenantScope,
    /** The day (YYYY-MM-DD) whose agreement statuses and authorisations count. */
    readonly day: string,
    /** A processor and its sub-processors: today's, or as they stood at a past instant. */
    private readonly chainOf: (processorId: string) => Promise<Processor[]>,
    private readonly agreements: AgreementsService,
    private readonly tias: TransferImpactAssessmentsService,
    private readonly vocabularies: VocabulariesService,
  ) {
    this.geography = {
      isEea: (code) => vocabularies.isEea(code),
      nameOf: (code) => vocabularies.destinationName(code),
      adequacyOn: (code, day) => vocabularies.adequacyOn(code, day),
    };
  }

  /** Loads the chains of the processors not loaded yet. */
  async load(processorIds: Iterable<string>): Promise<void> {
    const wanted = [...new Set(processorIds)].filter((id) => !this.chains.has(id) && !this.missing.has(id));
    if (wanted.length === 0) return;
    const members = new Map<string, Processor[]>();
    for (const id of wanted) {
      const chain = await this.chainOf(id);
      if (!chain.some((p) => p.id === id)) this.missing.add(id);
      else members.set(id, chain);
    }
    const ids = [...new Set([...members.values()].flat().map((p) => p.id))];
    const agreements = await this.agreements.forProcessors(this.scope, ids);
    const tias = await this.tias.summariesFor(
      this.scope,
      agreements.map((a) => a.id),
    );
    const byProcessor = new Map<string, Agreement[]>();
    for (const a of agreements)
      byProcessor.set(a.processorId, [...(byProcessor.get(a.processorId) ?? []), a]);
    for (const [id, chain] of members) {
      const governing = new Map<string, AgreementFacts>();
      for (const p of chain) {
        const theirs = byProcessor.get(p.id) ?? [];
        // An ended engagement keeps the agreement that covered it while it ran.
        const g =
          this.agreements.governing(theirs, this.day) ??
          (p.status === 'offboarding' || p.status === 'offboarded' ? lastEnded(theirs, this.day) : undefined);
        if (g) governing.set(p.id, this.agreementFacts(g, tias));
      }
      this.chains.set(id, {
        processor: this.processorFacts(chain.find((p) => p.id === id)!),
        subProcessors: orderChain(
          id,
          chain.filter((p) => p.id !== id),
        ).map((p) => this.processorFacts(p)),
        governing,
      });
    }
  }

  derive(activity: ActivitySnapshotLike): DerivedParts {
    return deriveRecord(activity, this);
  }

  private processorFacts(p: Processor): ProcessorFacts {
    return {
      id: p.id,
      name: p.name,
      country: p.country,
      processingCountries: p.processingCountries,
      dpfCertified: p.dpfCertified,
      dpfCertification: p.dpfCertification ?? null,
      adequacyScopeConfirmations: p.adequacyScopeConfirmations ?? [],
      parentId: p.parentId,
      status: p.status,
      archived: p.archivedAt !== null && p.archivedAt.toISOString().slice(0, 10) <= this.day,
      authorization: effectiveAuthorization(p, this.day),
    };
  }

  private agreementFacts(a: Agreement, tias: (TiaSummary & { agreementId: string })[]): AgreementFacts {
    return {
      id: a.id,
      title: a.title,
      reference: a.reference,
      status: this.agreements.status(a, this.day),
      terminatedOn: a.terminatedOn,
      transferMechanisms: a.transferMechanisms,
      tias: tias.filter((t) => t.agreementId === a.id && t.assessedOn <= this.day),
    };
  }
}

/** The agreement that ended last by `day`: what covered an engagement that is over. */
function lastEnded(agreements: Agreement[], day: string): Agreement | undefined {
  return agreements
    .filter((a) => a.terminatedOn && a.terminatedOn <= day && a.signatures.length > 0)
    .sort((a, b) => (b.terminatedOn ?? '').localeCompare(a.terminatedOn ?? ''))[0];
}

/** Sub-processors in the order of the chain: each parent before its children, names alphabetical. */
function orderChain(rootId: string, subs: Processor[]): Processor[] {
  const out: Processor[] = [];
  const visit = (parentId: string) => {
    for (const child of subs
      .filter((p) => p.parentId === parentId)
      .sort((a, b) => a.name.localeCompare(b.name))) {
      out.push(child);
      visit(child.id);
    }
  };
  visit(rootId);
  return out;
}
