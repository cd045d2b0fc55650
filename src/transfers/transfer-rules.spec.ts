import type { Agreement } from '../agreements/agreement.entity';
import { MANDATORY_CLAUSES, type Clauses } from '../clauses/clauses';
import type { Processor } from '../processors/processor.entity';
import { shippedVocabularies } from '../vocabularies/vocabulary.data';
import { adequacyOn, specialCategoryOf } from '../vocabularies/vocabulary-rules';
import type { TiaSummary } from '../agreements/transfer-tools';
import type { DpfCertification } from '../processors/transfer-facts';
import {
  assessTransfer,
  evaluateTransfer,
  REASON_CODES,
  type Reason,
  type ReasonCode,
  type TransferFacts,
  type TransferRequest,
} from './transfer-rules';

const shipped = shippedVocabularies();
const countries = new Map(shipped.countries.items.map((c) => [c.code, c]));
const geography = {
  isEea: (code: string) => !!countries.get(code)?.eea,
  nameOf: (code: string) => countries.get(code)?.name ?? code,
  adequacyOn: (code: string, day: string) =>
    adequacyOn(
      shipped.adequacy.items.filter((a) => a.code === code),
      day,
    ),
};

const TODAY = '2026-03-10';
const YESTERDAY = '2026-03-09';
const TOMORROW = '2026-03-11';

function clauses(missing: string[] = []): Clauses {
  return Object.fromEntries(
    MANDATORY_CLAUSES.map((id) => [id, { covered: !missing.includes(id), reference: `§ ${id}` }]),
  ) as Clauses;
}

let ids = 0;
const id = (label: string) => `${label}-${++ids}`;

/** An approved, active processor in Germany with an approved low-risk assessment valid until 2027. */
function processor(overrides: Partial<Processor> = {}): Processor {
  const created = new Date('2026-01-01T00:00:00Z');
  return {
    id: id('processor'),
    organizationId: 'org-1',
    name: 'CloudMail GmbH',
    legalName: null,
    registrationNumber: null,
    vatId: null,
    country: 'DE',
    processingCountries: ['DE'],
    services: 'E-mail delivery',
    website: null,
    contactEmail: 'privacy@cloudmail.example',
    privacyContact: null,
    dpoContact: null,
    certifications: [],
    intendedDataCategories: ['user.contact'],
    dpfCertified: false,
    dpfCertification: null,
    adequacyScopeConfirmations: [],
    parentId: null,
    status: 'active',
    authorizationStatus: null,
    authorizationBasis: null,
    objectionWindowEndsOn: null,
    authorizationDecidedAt: null,
    authorizationDecidedBy: null,
    authorizationNote: null,
    riskRating: 'low',
    approvedAssessmentId: 'assessment-1',
    assessmentValidUntil: '2027-06-30',
    archivedAt: null,
    version: 3,
    createdAt: created,
    updatedAt: created,
    ...overrides,
  };
}

/** A sub-processor authorised by the controller, processing in Germany. */
function subProcessor(parent: Processor, overrides: Partial<Processor> = {}): Processor {
  return processor({
    name: 'Sub Hosting AG',
    parentId: parent.id,
    status: 'proposed',
    riskRating: null,
    approvedAssessmentId: null,
    assessmentValidUntil: null,
    authorizationStatus: 'authorized',
    authorizationBasis: 'specific',
    ...overrides,
  });
}

/** A signed agreement, in force since 2026-01-01, every clause covered, scope: contact data for marketing. */
function agreement(overrides: Partial<Agreement> = {}): Agreement {
  const created = new Date('2025-12-01T00:00:00Z');
  return {
    id: id('agreement'),
    organizationId: 'org-1',
    processorId: 'processor-x',
    title: 'DPA 2026',
    reference: null,
    status: 'signed',
    effectiveFrom: '2026-01-01',
    expiresOn: null,
    scope: {
      subjectMatter: 'Newsletter dispatch',
      nature: 'Storage and sending of e-mails',
      purposes: ['marketing'],
      dataCategories: ['user.contact'],
      dataSubjectCategories: ['customer'],
      processingCountries: ['DE'],
    },
    clauses: clauses(),
    subProcessorAuthorization: { type: 'general', objectionPeriodDays: 30 },
    transferMechanisms: [],
    signatures: [],
    signedDocument: null,
    supersedesId: null,
    supersededById: null,
    supersededFrom: null,
    terminatedOn: null,
    terminationReason: null,
    sentAt: null,
    createdBy: null,
    version: 2,
    createdAt: created,
    updatedAt: created,
    ...overrides,
  };
}

/** Facts with sensible defaults: nothing stands in the way of a transfer. */
function facts(overrides: Partial<TransferFacts> = {}): TransferFacts {
  const today = overrides.today ?? TODAY;
  const p = overrides.processor ?? processor();
  return {
    today,
    processor: p,
    ancestors: [],
    subProcessors: [],
    agreements: [agreement({ processorId: p.id })],
    openCriticalFindings: [],
    overdueChecks: [],
    openBreaches: [],
    tias: [],
    specialCategoryOf: (key) => specialCategoryOf(key, shipped.specialCategories.items)?.kind,
    geography,
    ...overrides,
  };
}

/** A DPF certification confirmed in January 2026 for non-HR data. */
function dpf(
  overrides: Partial<DpfCertification> = {},
): Pick<Processor, 'dpfCertified' | 'dpfCertification'> {
  return {
    dpfCertified: true,
    dpfCertification: {
      certifiedOn: '2024-05-01',
      lastConfirmedOn: '2026-01-15',
      scope: ['non_hr'],
      reference: null,
      ...overrides,
    },
  };
}

/** A transfer impact assessment of an agreement for a destination. */
function tia(
  agreementId: string,
  destination: string,
  overrides: Partial<TiaSummary> = {},
): TiaSummary & { agreementId: string } {
  return {
    id: id('tia'),
    agreementId,
    destination,
    assessedOn: YESTERDAY,
    outcome: 'proceed',
    measuresInPlace: false,
    reviewOn: null,
    ...overrides,
  };
}

function request(overrides: Partial<TransferRequest> = {}): TransferRequest {
  return {
    processorId: 'processor-x',
    dataCategories: ['user.contact.email'],
    purpose: 'marketing.communications.email',
    ...overrides,
  };
}

const codes = (reasons: Reason[]): ReasonCode[] => reasons.map((r) => r.code).sort();
const only = (reasons: Reason[], code: ReasonCode): Reason => {
  expect(codes(reasons)).toEqual([code]);
  return reasons[0];
};
const evaluate = (f: Partial<TransferFacts> = {}, r: Partial<TransferRequest> = {}) =>
  evaluateTransfer(request(r), facts(f));

describe('evaluateTransfer', () => {
  describe('the baseline', () => {
    it('finds no reason against a covered transfer to an approved, fully contracted processor', () => {
      expect(evaluate()).toEqual([]);
    });

    it('lets an approved processor (not yet active) and an active one through alike', () => {
      expect(evaluate({ processor: processor({ status: 'approved' }) })).toEqual([]);
      expect(evaluate({ processor: processor({ status: 'active' }) })).toEqual([]);
    });

    it('gives every reason a code, a sentence and details', () => {
      const reasons = evaluate(
        {
          processor: processor({ status: 'proposed', approvedAssessmentId: null, riskRating: null }),
          agreements: [],
        },
        { destinationCountry: 'IN' },
      );
      expect(reasons.length).toBeGreaterThanOrEqual(4);
      for (const reason of reasons) {
        expect(REASON_CODES).toContain(reason.code);
        expect(reason.message).toEqual(expect.any(String));
        expect(reason.message.length).toBeGreaterThan(20);
        expect(typeof reason.details).toBe('object');
        expect(reason.details).not.toBeNull();
      }
    });

    it('is pure: the same facts give the same answer', () => {
      const f = facts({ processor: processor({ status: 'proposed' }), agreements: [] });
      expect(evaluateTransfer(request(), f)).toEqual(evaluateTransfer(request(), f));
    });
  });

  describe('each reason alone', () => {
    it.each(['proposed', 'under_assessment', 'rejected'] as const)(
      'PROCESSOR_NOT_APPROVED for a %s processor',
      (status) => {
        const p = processor({ status });
        const reason = only(evaluate({ processor: p }), 'PROCESSOR_NOT_APPROVED');
        expect(reason.details).toEqual({ status });
        expect(reason.message).toContain(p.name);
      },
    );

    it.each(['offboarding', 'offboarded'] as const)(
      'PROCESSOR_OFFBOARDING (and not PROCESSOR_NOT_APPROVED) for an %s processor',
      (status) => {
        const p = processor({ status });
        const reason = only(evaluate({ processor: p }), 'PROCESSOR_OFFBOARDING');
        expect(reason.details).toEqual({ processorId: p.id, status });
        expect(reason.message).toContain(p.name);
      },
    );

    it('NO_ACTIVE_DPA when the processor has no agreement at all', () => {
      const reason = only(evaluate({ agreements: [] }), 'NO_ACTIVE_DPA');
      expect(reason.details).toEqual({ agreements: [] });
    });

    it('NO_ACTIVE_DPA when every agreement is a draft, sent, not yet effective, expired, terminated or superseded', () => {
      const list = [
        agreement({ status: 'draft' }),
        agreement({ status: 'sent' }),
        agreement({ effectiveFrom: TOMORROW }),
        agreement({ expiresOn: YESTERDAY }),
        agreement({ status: 'terminated', terminatedOn: '2026-02-01' }),
        agreement({ status: 'superseded' }),
        agreement({ terminatedOn: TODAY }),
        agreement({ supersededFrom: TODAY }),
      ];
      const reason = only(evaluate({ agreements: list }), 'NO_ACTIVE_DPA');
      expect(reason.details).toEqual({
        agreements: [
          { id: list[0].id, status: 'draft' },
          { id: list[1].id, status: 'sent' },
          { id: list[2].id, status: 'signed' },
          { id: list[3].id, status: 'expired' },
          { id: list[4].id, status: 'terminated' },
          { id: list[5].id, status: 'superseded' },
          { id: list[6].id, status: 'terminated' },
          { id: list[7].id, status: 'superseded' },
        ],
      });
    });

    it('DPA_CLAUSES_INCOMPLETE (and not NO_ACTIVE_DPA) for a signed agreement in force that lacks a clause', () => {
      const incomplete = agreement({ clauses: clauses(['A28_3_D', 'A28_3_H2']) });
      const reason = only(evaluate({ agreements: [incomplete] }), 'DPA_CLAUSES_INCOMPLETE');
      expect(reason.details).toEqual({ agreementId: incomplete.id, missingClauses: ['A28_3_D', 'A28_3_H2'] });
      expect(reason.message).toContain(incomplete.title);
    });

    it('DPA_CLAUSES_INCOMPLETE for a clause stored as not covered or not stored at all', () => {
      const partial = clauses();
      delete (partial as Partial<Clauses>).A28_3_B;
      partial.A28_3_G = { covered: false, reference: null };
      const a = agreement({ clauses: partial });
      const reason = only(evaluate({ agreements: [a] }), 'DPA_CLAUSES_INCOMPLETE');
      expect(reason.details).toEqual({ agreementId: a.id, missingClauses: ['A28_3_B', 'A28_3_G'] });
    });

    it('DATA_CATEGORY_NOT_COVERED names only the categories outside the scope', () => {
      const a = agreement();
      const reason = only(
        evaluate(
          { agreements: [a] },
          { dataCategories: ['user.contact.email', 'user.financial.bank_account', 'user.name'] },
        ),
        'DATA_CATEGORY_NOT_COVERED',
      );
      expect(reason.details).toEqual({
        agreementId: a.id,
        notCovered: ['user.financial.bank_account', 'user.name'],
        covered: ['user.contact'],
      });
      expect(reason.message).toContain('user.financial.bank_account');
    });

    it('PURPOSE_NOT_COVERED names the purpose', () => {
      const a = agreement();
      const reason = only(
        evaluate({ agreements: [a] }, { purpose: 'analytics.reporting' }),
        'PURPOSE_NOT_COVERED',
      );
      expect(reason.details).toEqual({
        agreementId: a.id,
        purpose: 'analytics.reporting',
        covered: ['marketing'],
      });
      expect(reason.message).toContain('analytics.reporting');
    });

    it('ASSESSMENT_MISSING without an approved assessment', () => {
      const reason = only(
        evaluate({ processor: processor({ approvedAssessmentId: null, assessmentValidUntil: null }) }),
        'ASSESSMENT_MISSING',
      );
      expect(reason.message).toContain('CloudMail GmbH');
    });

    it('ASSESSMENT_EXPIRED (and not ASSESSMENT_MISSING) past its validity', () => {
      const reason = only(
        evaluate({ processor: processor({ assessmentValidUntil: '2026-02-28' }) }),
        'ASSESSMENT_EXPIRED',
      );
      expect(reason.details).toEqual({ validUntil: '2026-02-28', assessmentId: 'assessment-1' });
    });

    it('RISK_TOO_HIGH for special-category data and a processor rated high', () => {
      const a = agreement({
        scope: { ...agreement().scope, dataCategories: ['user.contact', 'user.health'] },
      });
      const reason = only(
        evaluate(
          { processor: processor({ riskRating: 'high' }), agreements: [a] },
          { dataCategories: ['user.contact.email', 'user.health.medical_diagnosis'] },
        ),
        'RISK_TOO_HIGH',
      );
      expect(reason.details).toEqual({
        riskRating: 'high',
        specialCategories: ['health'],
        allowed: ['low', 'medium'],
      });
      expect(reason.message).toContain('health');
    });

    it('RISK_TOO_HIGH for any data and a processor rated critical', () => {
      const reason = only(evaluate({ processor: processor({ riskRating: 'critical' }) }), 'RISK_TOO_HIGH');
      expect(reason.details).toMatchObject({ riskRating: 'critical', specialCategories: [] });
    });

    it('OPEN_CRITICAL_FINDING lists the open critical findings', () => {
      const findings = [{ id: 'finding-1', title: 'No MFA for administrators' }];
      const reason = only(evaluate({ openCriticalFindings: findings }), 'OPEN_CRITICAL_FINDING');
      expect(reason.details).toEqual({ findings });
    });

    it('MONITORING_OVERDUE lists the overdue or failed checks', () => {
      const checks = [{ id: 'check-1', type: 'periodic_review', dueOn: '2026-03-01', status: 'overdue' }];
      const reason = only(evaluate({ overdueChecks: checks }), 'MONITORING_OVERDUE');
      expect(reason.details).toEqual({ checks });
    });

    it('SUBPROCESSOR_NOT_AUTHORIZED names a pending sub-processor', () => {
      const root = processor();
      const sub = subProcessor(root, { authorizationStatus: 'pending' });
      const reason = only(evaluate({ processor: root, subProcessors: [sub] }), 'SUBPROCESSOR_NOT_AUTHORIZED');
      expect(reason.details).toEqual({
        subProcessors: [
          {
            id: sub.id,
            name: 'Sub Hosting AG',
            parentId: root.id,
            authorizationStatus: 'pending',
            objectionWindowEndsOn: null,
          },
        ],
      });
      expect(reason.message).toContain('Sub Hosting AG');
    });

    it('THIRD_COUNTRY_NO_SAFEGUARD names the country and who sends the data there', () => {
      const p = processor();
      const reason = only(
        evaluate({ processor: p }, { destinationCountry: 'IN' }),
        'THIRD_COUNTRY_NO_SAFEGUARD',
      );
      expect(reason.details).toMatchObject({ countries: [{ country: 'IN', processorIds: [p.id] }] });
      expect(reason.message).toContain('IN');
    });

    it('OPEN_BREACH when a breach is open (none is passed unless breaches exist)', () => {
      const breaches = [
        {
          id: 'breach-1',
          title: 'Misdirected newsletter export',
          processorId: 'p-1',
          processorName: 'Mailo',
        },
      ];
      const reason = only(evaluate({ openBreaches: breaches }), 'OPEN_BREACH');
      expect(reason.details).toEqual({ breaches });
      expect(reason.message).toBe('A personal-data breach at Mailo is still open.');
      expect(evaluate({ openBreaches: [] })).toEqual([]);
    });
  });

  describe('combinations: every failing rule is reported, not just the first', () => {
    /** A brand-new processor in a third country with an objected sub-processor, findings, checks and a breach. */
    const brandNew = () => {
      const p = processor({
        status: 'proposed',
        riskRating: null,
        approvedAssessmentId: null,
        assessmentValidUntil: null,
        processingCountries: ['CN'],
      });
      return evaluate({
        processor: p,
        agreements: [],
        subProcessors: [subProcessor(p, { authorizationStatus: 'objected' })],
        openCriticalFindings: [{ id: 'f', title: 'Unencrypted backups' }],
        overdueChecks: [{ id: 'c', type: 'audit', dueOn: '2026-01-01', status: 'overdue' }],
        openBreaches: [{ id: 'b', title: 'Lost laptop', processorId: 'p-2', processorName: 'Sub GmbH' }],
      });
    };
    /** An offboarding processor under an incomplete agreement, out-of-scope data, expired assessment, high risk. */
    const leaving = () =>
      evaluate(
        {
          processor: processor({
            status: 'offboarding',
            riskRating: 'high',
            assessmentValidUntil: YESTERDAY,
          }),
          agreements: [agreement({ clauses: clauses(['A28_3_A']) })],
        },
        {
          dataCategories: ['user.health.medications', 'user.financial'],
          purpose: 'personalize.profiling',
          destinationCountry: 'US',
        },
      );

    it('a brand-new processor in a third country with an unauthorised sub-processor, findings, checks and a breach', () => {
      expect(codes(brandNew())).toEqual(
        [
          'PROCESSOR_NOT_APPROVED',
          'NO_ACTIVE_DPA',
          'ASSESSMENT_MISSING',
          'OPEN_CRITICAL_FINDING',
          'MONITORING_OVERDUE',
          'SUBPROCESSOR_NOT_AUTHORIZED',
          'THIRD_COUNTRY_NO_SAFEGUARD',
          'OPEN_BREACH',
        ].sort(),
      );
    });

    it('an offboarding processor under an incomplete agreement, with out-of-scope data, an expired assessment and too high a risk', () => {
      const reasons = leaving();
      expect(codes(reasons)).toEqual(
        [
          'PROCESSOR_OFFBOARDING',
          'DPA_CLAUSES_INCOMPLETE',
          'DATA_CATEGORY_NOT_COVERED',
          'PURPOSE_NOT_COVERED',
          'ASSESSMENT_EXPIRED',
          'RISK_TOO_HIGH',
          'THIRD_COUNTRY_NO_SAFEGUARD',
        ].sort(),
      );
      const notCovered = reasons.find((r) => r.code === 'DATA_CATEGORY_NOT_COVERED')!;
      expect(notCovered.details).toMatchObject({ notCovered: ['user.health.medications', 'user.financial'] });
    });

    /** Chapter V all at once: India on a derogation, China without a TIA, Russia refused, Japan unconfirmed. */
    const chapterV = () => {
      const root = processor({ processingCountries: ['IN', 'JP'] });
      const sub = subProcessor(root, { processingCountries: ['CN', 'RU'] });
      const a = agreement({
        processorId: root.id,
        transferMechanisms: [
          {
            country: 'IN',
            mechanism: 'art49_derogation',
            derogationGround: 'b',
            tiaCompleted: null,
            reference: null,
          },
          { country: 'CN', mechanism: 'scc_2021_914_module_3', tiaCompleted: true, reference: null },
          { country: 'RU', mechanism: 'scc_2021_914_module_3', tiaCompleted: true, reference: null },
        ],
      });
      return evaluate({
        processor: root,
        subProcessors: [sub],
        agreements: [a],
        tias: [tia(a.id, 'RU', { outcome: 'do_not_proceed' })],
      });
    };

    it('Chapter V problems of one chain are reported together, each naming its destination', () => {
      const reasons = chapterV();
      expect(codes(reasons)).toEqual(
        [
          'ADEQUACY_SCOPE_UNCONFIRMED',
          'DEROGATION_NOT_FOR_REGULAR_TRANSFERS',
          'TIA_MISSING',
          'TIA_NEGATIVE',
        ].sort(),
      );
      const country = (code: ReasonCode) =>
        (reasons.find((r) => r.code === code)!.details as { countries: { country: string }[] }).countries.map(
          (c) => c.country,
        );
      expect(country('DEROGATION_NOT_FOR_REGULAR_TRANSFERS')).toEqual(['IN']);
      expect(country('TIA_MISSING')).toEqual(['CN']);
      expect(country('TIA_NEGATIVE')).toEqual(['RU']);
      expect(country('ADEQUACY_SCOPE_UNCONFIRMED')).toEqual(['JP']);
    });

    it('the three combinations together reach every reason code', () => {
      const reached = new Set([...codes(brandNew()), ...codes(leaving()), ...codes(chapterV())]);
      expect([...reached].sort()).toEqual([...REASON_CODES].sort());
    });

    it('category, purpose and country problems of one request are reported together', () => {
      const reasons = evaluate(
        {},
        { dataCategories: ['user.name'], purpose: 'analytics', destinationCountry: 'CN' },
      );
      expect(codes(reasons)).toEqual(
        ['DATA_CATEGORY_NOT_COVERED', 'PURPOSE_NOT_COVERED', 'THIRD_COUNTRY_NO_SAFEGUARD'].sort(),
      );
    });
  });

  describe('the category hierarchy', () => {
    const scoped = (dataCategories: string[]) =>
      facts({ agreements: [agreement({ scope: { ...agreement().scope, dataCategories } })] });
    const notCovered = (scope: string[], requested: string[]) =>
      (
        evaluateTransfer(request({ dataCategories: requested }), scoped(scope)).find(
          (r) => r.code === 'DATA_CATEGORY_NOT_COVERED',
        )?.details as { notCovered: string[] } | undefined
      )?.notCovered ?? [];

    it('a parent in the scope covers itself and all its children, at any depth', () => {
      expect(
        notCovered(['user.contact'], ['user.contact', 'user.contact.email', 'user.contact.address.city']),
      ).toEqual([]);
    });

    it('a child in the scope does not cover its parent or its siblings', () => {
      expect(notCovered(['user.contact.email'], ['user.contact', 'user.contact.phone_number'])).toEqual([
        'user.contact',
        'user.contact.phone_number',
      ]);
      expect(notCovered(['user.contact'], ['user'])).toEqual(['user']);
    });

    it('a key that merely starts with the same letters is not a child (user.contacts is not under user.contact)', () => {
      expect(notCovered(['user.contact'], ['user.contacts', 'user.contact_list'])).toEqual([
        'user.contacts',
        'user.contact_list',
      ]);
    });

    it('any key of the scope may cover a requested category', () => {
      expect(
        notCovered(['user.financial', 'user.contact'], ['user.contact.email', 'user.financial.credit_card']),
      ).toEqual([]);
    });
  });

  describe('the purpose hierarchy', () => {
    const purposeCovered = (purposes: string[], purpose: string) =>
      !evaluateTransfer(
        request({ purpose }),
        facts({ agreements: [agreement({ scope: { ...agreement().scope, purposes } })] }),
      ).some((r) => r.code === 'PURPOSE_NOT_COVERED');

    it('a broader data use covers the narrower ones beneath it', () => {
      expect(purposeCovered(['marketing'], 'marketing.communications.email')).toBe(true);
      expect(purposeCovered(['marketing.communications'], 'marketing.communications.sms')).toBe(true);
      expect(purposeCovered(['marketing.communications.email'], 'marketing.communications.email')).toBe(true);
    });

    it('a narrow data use covers neither its parent nor its siblings nor look-alikes', () => {
      expect(purposeCovered(['marketing.communications.email'], 'marketing.communications')).toBe(false);
      expect(purposeCovered(['marketing.communications.email'], 'marketing.communications.sms')).toBe(false);
      expect(purposeCovered(['essential.service'], 'essential')).toBe(false);
      expect(purposeCovered(['essential.service'], 'essential.service_desk')).toBe(false);
      expect(purposeCovered(['essential', 'marketing'], 'analytics.reporting')).toBe(false);
    });
  });

  describe('destinations: the EEA, adequacy and the United States', () => {
    const blocked = (country: string, overrides: Partial<TransferFacts> = {}) =>
      evaluate(overrides, { destinationCountry: country }).some(
        (r) => r.code === 'THIRD_COUNTRY_NO_SAFEGUARD',
      );

    it.each(['DE', 'FR', 'IE', 'GR', 'IS', 'LI', 'NO'])('%s (EEA) needs no transfer tool', (country) => {
      expect(blocked(country)).toBe(false);
    });

    it.each(['CH', 'GB', 'NZ', 'UY', 'IL', 'AR', 'AD', 'FO', 'GG', 'IM', 'JE', 'BR'])(
      '%s (full adequacy decision) needs no transfer tool',
      (country) => {
        expect(evaluate({}, { destinationCountry: country })).toEqual([]);
      },
    );

    it.each(['IN', 'CN', 'RU', 'AU', 'SG'])('%s (third country) needs a transfer tool', (country) => {
      expect(blocked(country)).toBe(true);
    });

    it('the United States only for a processor certified under the Data Privacy Framework', () => {
      expect(blocked('US')).toBe(true);
      expect(blocked('US', { processor: processor(dpf()) })).toBe(false);
    });

    it('Brazil counts as adequate from 26 January 2026, not the day before', () => {
      expect(blocked('BR', { today: '2026-01-25' })).toBe(true);
      expect(blocked('BR', { today: '2026-01-26' })).toBe(false);
    });

    it("the processor's own processing countries are destinations too", () => {
      const p = processor({ processingCountries: ['DE', 'CN'] });
      const reason = only(evaluate({ processor: p }), 'THIRD_COUNTRY_NO_SAFEGUARD');
      expect(reason.details).toMatchObject({ countries: [{ country: 'CN', processorIds: [p.id] }] });
    });

    it('a transfer mechanism recorded on the governing agreement makes that country, and only that one, safe', () => {
      const a = agreement({
        transferMechanisms: [
          { country: 'IN', mechanism: 'scc_2021_914_module_2', tiaCompleted: true, reference: 'Annex III' },
        ],
      });
      expect(blocked('IN', { agreements: [a] })).toBe(false);
      const reasons = evaluate({ agreements: [a] }, { destinationCountry: 'CN' });
      expect(only(reasons, 'THIRD_COUNTRY_NO_SAFEGUARD').details).toMatchObject({
        countries: [{ country: 'CN', processorIds: [expect.any(String)] }],
      });
    });

    it('a mechanism on an agreement that is not in force does not count', () => {
      const draft = agreement({
        status: 'draft',
        transferMechanisms: [{ country: 'IN', mechanism: 'bcr', tiaCompleted: true, reference: null }],
      });
      const inForce = agreement();
      expect(blocked('IN', { agreements: [draft, inForce] })).toBe(true);
    });

    it('lists each unsafe country once, with every processor that sends data there', () => {
      const root = processor({ processingCountries: ['IN'] });
      const sub = subProcessor(root, { processingCountries: ['IN', 'CN'] });
      const reason = only(
        evaluate({ processor: root, subProcessors: [sub] }, { destinationCountry: 'IN' }),
        'THIRD_COUNTRY_NO_SAFEGUARD',
      );
      expect(reason.details).toMatchObject({
        countries: [
          { country: 'IN', processorIds: [root.id, sub.id] },
          { country: 'CN', processorIds: [sub.id] },
        ],
      });
    });
  });

  describe('Chapter V: transfer impact assessments, derogations, partial adequacy, the DPF', () => {
    const india = (
      mechanisms: Agreement['transferMechanisms'],
      tias: (a: Agreement) => TransferFacts['tias'] = () => [],
    ) => {
      const p = processor({ processingCountries: ['IN'] });
      const a = agreement({ processorId: p.id, transferMechanisms: mechanisms });
      return assessTransfer(request(), {
        ...facts({ processor: p, agreements: [a] }),
        tias: tias(a),
      });
    };
    const scc2 = {
      country: 'IN',
      mechanism: 'scc_2021_914_module_2' as const,
      tiaCompleted: false,
      reference: 'Annex III',
    };

    it('TIA_MISSING: SCCs to India without a transfer impact assessment (the deprecated flag opens nothing)', () => {
      const { reasons, destinations } = india([{ ...scc2, tiaCompleted: true }]);
      const reason = only(reasons, 'TIA_MISSING');
      expect(reason.message).toContain('India');
      expect(destinations).toEqual([
        expect.objectContaining({
          destination: 'IN',
          classification: 'third_country',
          problem: 'TIA_MISSING',
          tia: null,
        }),
      ]);
    });

    it('TIA_NEGATIVE: the assessment says no, or needs measures not in place', () => {
      expect(codes(india([scc2], (a) => [tia(a.id, 'IN', { outcome: 'do_not_proceed' })]).reasons)).toEqual([
        'TIA_NEGATIVE',
      ]);
      const withMeasures = (inPlace: boolean) =>
        india([scc2], (a) => [
          tia(a.id, 'IN', { outcome: 'proceed_with_measures', measuresInPlace: inPlace }),
        ]).reasons;
      expect(codes(withMeasures(false))).toEqual(['TIA_NEGATIVE']);
      expect(withMeasures(true)).toEqual([]);
    });

    it('a positive TIA makes the transfer eligible, and the decision names the tool and the TIA it relied on', () => {
      const { reasons, destinations } = india([scc2], (a) => [tia(a.id, 'IN')]);
      expect(reasons).toEqual([]);
      expect(destinations[0]).toMatchObject({
        destination: 'IN',
        destinationName: 'India',
        leg: 'controller_to_processor',
        classification: 'third_country',
        mechanism: { type: 'scc_2021_914_module_2', reference: 'Annex III' },
        tia: { outcome: 'proceed' },
        problem: null,
      });
      expect(destinations[0].explanation).toContain('Module 2');
    });

    it('the newest TIA counts: a later negative one withdraws a positive one', () => {
      const reasons = india([scc2], (a) => [
        tia(a.id, 'IN', { assessedOn: '2025-01-01' }),
        tia(a.id, 'IN', { assessedOn: '2026-02-01', outcome: 'do_not_proceed' }),
      ]).reasons;
      expect(codes(reasons)).toEqual(['TIA_NEGATIVE']);
    });

    it("DEROGATION_NOT_FOR_REGULAR_TRANSFERS: an Art. 49 derogation is never a processor's standing tool", () => {
      const reason = only(
        india([
          {
            country: 'IN',
            mechanism: 'art49_derogation',
            derogationGround: 'b',
            tiaCompleted: null,
            reference: null,
          },
        ]).reasons,
        'DEROGATION_NOT_FOR_REGULAR_TRANSFERS',
      );
      expect(reason.message).toContain('EDPB Guidelines 2/2018');
      expect(reason.message).toContain('Art. 49(1)(b)');
    });

    it('the SCC module must fit the leg: Module 2 to the processor, Module 3 onward to a sub-processor', () => {
      const root = processor();
      const sub = subProcessor(root, { processingCountries: ['IN'] });
      const a = agreement({ processorId: root.id, transferMechanisms: [scc2] });
      const reason = only(
        evaluate({ processor: root, subProcessors: [sub], agreements: [a], tias: [tia(a.id, 'IN')] }),
        'THIRD_COUNTRY_NO_SAFEGUARD',
      );
      expect(reason.message).toContain('Module 3');
    });

    it("codes of conduct and certifications need binding commitments; ad hoc clauses the authority's authorisation", () => {
      const blockedWith = (m: Partial<Agreement['transferMechanisms'][number]>) =>
        codes(india([{ ...scc2, ...m }], (a) => [tia(a.id, 'IN')]).reasons);
      expect(blockedWith({ mechanism: 'code_of_conduct' })).toEqual(['THIRD_COUNTRY_NO_SAFEGUARD']);
      expect(blockedWith({ mechanism: 'code_of_conduct', bindingCommitments: true })).toEqual([]);
      expect(blockedWith({ mechanism: 'ad_hoc_clauses' })).toEqual(['THIRD_COUNTRY_NO_SAFEGUARD']);
      expect(blockedWith({ mechanism: 'ad_hoc_clauses', authorization: 'CNIL 2026-041' })).toEqual([]);
      expect(blockedWith({ mechanism: 'bcr' })).toEqual([]);
    });

    it.each(['JP', 'KR', 'CA'])(
      'ADEQUACY_SCOPE_UNCONFIRMED: %s (partial decision) until the recipient is confirmed in scope',
      (code) => {
        const p = processor({ processingCountries: [code] });
        only(evaluate({ processor: p }), 'ADEQUACY_SCOPE_UNCONFIRMED');
        const confirmed = processor({
          processingCountries: [code],
          adequacyScopeConfirmations: [
            { destination: code, confirmedOn: YESTERDAY, basis: 'within the decision' },
          ],
        });
        const { reasons, destinations } = assessTransfer(request(), facts({ processor: confirmed }));
        expect(reasons).toEqual([]);
        expect(destinations[0]).toMatchObject({ classification: 'adequate', adequacy: { scope: 'partial' } });
      },
    );

    it('a partial decision unconfirmed can still rest on an Art. 46 tool with a TIA', () => {
      const p = processor({ processingCountries: ['JP'] });
      const a = agreement({ processorId: p.id, transferMechanisms: [{ ...scc2, country: 'JP' }] });
      expect(codes(evaluate({ processor: p, agreements: [a] }))).toEqual(['TIA_MISSING']);
      expect(evaluate({ processor: p, agreements: [a], tias: [tia(a.id, 'JP')] })).toEqual([]);
    });

    it('the DPF: a dated certification, re-confirmed within a year, with the HR scope for HR data', () => {
      const us = (cert: Partial<DpfCertification>, purpose = 'marketing.communications.email') =>
        codes(evaluate({ processor: processor({ processingCountries: ['US'], ...dpf(cert) }) }, { purpose }));
      expect(us({})).toEqual([]);
      expect(us({ lastConfirmedOn: '2025-03-01' })).toEqual(['THIRD_COUNTRY_NO_SAFEGUARD']);
      expect(us({}, 'employment')).toEqual(['PURPOSE_NOT_COVERED', 'THIRD_COUNTRY_NO_SAFEGUARD']);
      expect(us({ scope: ['hr', 'non_hr'] }, 'employment')).toEqual(['PURPOSE_NOT_COVERED']);
      expect(
        codes(evaluate({ processor: processor({ processingCountries: ['US'], dpfCertified: true }) })),
      ).toEqual(['THIRD_COUNTRY_NO_SAFEGUARD']);
    });

    it('the European Patent Organisation is a destination with its own adequacy decision (from 15 July 2025)', () => {
      const { reasons, destinations } = assessTransfer(request({ destinationCountry: 'EPO' }), facts());
      expect(reasons).toEqual([]);
      expect(destinations[0]).toMatchObject({
        destination: 'EPO',
        classification: 'adequate',
        adequacy: { instrument: expect.stringContaining('2025/1382') },
      });
      expect(codes(evaluate({ today: '2025-07-14' }, { destinationCountry: 'EPO' }))).toContain(
        'THIRD_COUNTRY_NO_SAFEGUARD',
      );
    });

    it('the United Kingdom under its 2021 decision in 2025, and under the renewal after 19 December 2025', () => {
      const gb = (today: string) =>
        assessTransfer(request({ destinationCountry: 'GB' }), facts({ today })).destinations[0];
      expect(gb('2025-06-01').adequacy?.instrument).toContain('2021/1772');
      expect(gb('2026-03-10').adequacy?.instrument).toContain('19 December 2025');
    });

    it('every destination is classified in the decision: EEA, adequate with its decision, or third country', () => {
      const p = processor({ processingCountries: ['DE', 'CH'] });
      const { destinations } = assessTransfer(request({ destinationCountry: 'IN' }), facts({ processor: p }));
      expect(destinations.map((d) => [d.destination, d.classification])).toEqual([
        ['IN', 'third_country'],
        ['DE', 'eea'],
        ['CH', 'adequate'],
      ]);
    });
  });

  describe('sub-processors', () => {
    it("their processing countries count as destinations, and the parent's mechanism covers them", () => {
      const root = processor();
      const sub = subProcessor(root, { processingCountries: ['IN'] });
      const reason = only(evaluate({ processor: root, subProcessors: [sub] }), 'THIRD_COUNTRY_NO_SAFEGUARD');
      expect(reason.details).toMatchObject({ countries: [{ country: 'IN', processorIds: [sub.id] }] });
      const withScc = agreement({
        transferMechanisms: [
          { country: 'IN', mechanism: 'scc_2021_914_module_3', tiaCompleted: true, reference: null },
        ],
      });
      expect(codes(evaluate({ processor: root, subProcessors: [sub], agreements: [withScc] }))).toEqual([
        'TIA_MISSING',
      ]);
      expect(
        evaluate({
          processor: root,
          subProcessors: [sub],
          agreements: [withScc],
          tias: [tia(withScc.id, 'IN')],
        }),
      ).toEqual([]);
    });

    it("a US sub-processor is judged by its own DPF certification, not its parent's", () => {
      const root = processor(dpf());
      const uncertified = subProcessor(root, { processingCountries: ['US'], dpfCertified: false });
      const reason = only(
        evaluate({ processor: root, subProcessors: [uncertified] }),
        'THIRD_COUNTRY_NO_SAFEGUARD',
      );
      expect(reason.details).toMatchObject({
        countries: [{ country: 'US', processorIds: [uncertified.id] }],
      });
      const certified = subProcessor(processor(), { processingCountries: ['US'], ...dpf() });
      expect(evaluate({ subProcessors: [certified] })).toEqual([]);
    });

    it('an objection window still open blocks; once it has passed the sub-processor counts as authorised', () => {
      const root = processor();
      const inWindow = subProcessor(root, {
        authorizationStatus: 'objection_window',
        objectionWindowEndsOn: TODAY,
      });
      const reason = only(
        evaluate({ processor: root, subProcessors: [inWindow] }),
        'SUBPROCESSOR_NOT_AUTHORIZED',
      );
      expect(reason.details).toEqual({
        subProcessors: [
          expect.objectContaining({
            id: inWindow.id,
            authorizationStatus: 'objection_window',
            objectionWindowEndsOn: TODAY,
          }),
        ],
      });
      const passed = { ...inWindow, objectionWindowEndsOn: YESTERDAY };
      expect(evaluate({ processor: root, subProcessors: [passed] })).toEqual([]);
    });

    it('an objected sub-processor blocks, however long ago its window ended', () => {
      const root = processor();
      const objected = subProcessor(root, {
        authorizationStatus: 'objected',
        objectionWindowEndsOn: '2026-01-01',
      });
      const reason = only(
        evaluate({ processor: root, subProcessors: [objected] }),
        'SUBPROCESSOR_NOT_AUTHORIZED',
      );
      expect(reason.details).toMatchObject({
        subProcessors: [{ id: objected.id, authorizationStatus: 'objected' }],
      });
    });

    it('every unauthorised sub-processor of the chain is named, at any depth', () => {
      const root = processor();
      const a = subProcessor(root, { name: 'Alpha Cloud' });
      const b = subProcessor(a, { name: 'Beta Backup', authorizationStatus: 'pending' });
      const c = subProcessor(b, { name: 'Gamma Support', authorizationStatus: 'objected' });
      const reason = only(
        evaluate({ processor: root, subProcessors: [a, b, c] }),
        'SUBPROCESSOR_NOT_AUTHORIZED',
      );
      expect((reason.details as { subProcessors: { id: string }[] }).subProcessors.map((s) => s.id)).toEqual([
        b.id,
        c.id,
      ]);
      expect(reason.message).toContain('Beta Backup');
      expect(reason.message).toContain('Gamma Support');
    });

    it('an offboarding parent blocks its sub-processor, naming the parent', () => {
      const parent = processor({ name: 'Parent Hosting SE', status: 'offboarding' });
      const sub = processor({
        name: 'Child Storage BV',
        parentId: parent.id,
        authorizationStatus: 'authorized',
      });
      const reason = only(evaluate({ processor: sub, ancestors: [parent] }), 'PROCESSOR_OFFBOARDING');
      expect(reason.details).toEqual({ processorId: parent.id, status: 'offboarding' });
      expect(reason.message).toContain('Parent Hosting SE');
      expect(reason.message).toContain('Child Storage BV');
    });

    it('an offboarded grandparent blocks too; active ancestors do not', () => {
      const grandparent = processor({ status: 'offboarded' });
      const parent = processor({ status: 'active', parentId: grandparent.id });
      const sub = processor({ parentId: parent.id, authorizationStatus: 'authorized' });
      expect(codes(evaluate({ processor: sub, ancestors: [parent, grandparent] }))).toEqual([
        'PROCESSOR_OFFBOARDING',
      ]);
      expect(evaluate({ processor: sub, ancestors: [parent] })).toEqual([]);
    });
  });

  describe('special categories and the risk rating', () => {
    const healthScope = agreement({
      scope: {
        ...agreement().scope,
        dataCategories: ['user.contact', 'user.health', 'user.criminal_history'],
      },
    });
    const risky = (riskRating: Processor['riskRating'], dataCategories: string[]) =>
      evaluate({ processor: processor({ riskRating }), agreements: [healthScope] }, { dataCategories }).some(
        (r) => r.code === 'RISK_TOO_HIGH',
      );

    it('special-category data goes to processors rated low or medium only', () => {
      expect(risky('low', ['user.health'])).toBe(false);
      expect(risky('medium', ['user.health.medications'])).toBe(false);
      expect(risky('high', ['user.health.medications'])).toBe(true);
      expect(risky('high', ['user.criminal_history'])).toBe(true);
    });

    it('ordinary data may go to a processor rated high', () => {
      expect(risky('high', ['user.contact.email'])).toBe(false);
    });
  });

  describe('date edges', () => {
    it('an agreement effective from today is active today; one effective tomorrow is not', () => {
      expect(evaluate({ agreements: [agreement({ effectiveFrom: TODAY })] })).toEqual([]);
      expect(codes(evaluate({ agreements: [agreement({ effectiveFrom: TOMORROW })] }))).toEqual([
        'NO_ACTIVE_DPA',
      ]);
    });

    it('an agreement expiring today still counts; one that expired yesterday does not', () => {
      expect(evaluate({ agreements: [agreement({ expiresOn: TODAY })] })).toEqual([]);
      const expired = agreement({ expiresOn: YESTERDAY });
      const reason = only(evaluate({ agreements: [expired] }), 'NO_ACTIVE_DPA');
      expect(reason.details).toEqual({ agreements: [{ id: expired.id, status: 'expired' }] });
    });

    it('an assessment valid until today passes; one valid until yesterday is expired', () => {
      expect(evaluate({ processor: processor({ assessmentValidUntil: TODAY }) })).toEqual([]);
      const reason = only(
        evaluate({ processor: processor({ assessmentValidUntil: YESTERDAY }) }),
        'ASSESSMENT_EXPIRED',
      );
      expect(reason.details).toMatchObject({ validUntil: YESTERDAY });
    });

    it('a successor effective today takes over: its scope governs, not the superseded one', () => {
      const old = agreement({ supersededFrom: TODAY, supersededById: 'next' });
      const next = agreement({
        id: 'next',
        effectiveFrom: TODAY,
        scope: { ...agreement().scope, dataCategories: ['user.name'] },
      });
      const reason = only(evaluate({ agreements: [old, next] }), 'DATA_CATEGORY_NOT_COVERED');
      expect(reason.details).toMatchObject({ agreementId: 'next', notCovered: ['user.contact.email'] });
    });
  });
});
