import {
  AGREEMENT_STATUSES,
  agreementStatus,
  assertAgreementTransition,
  governingAgreement,
  type AgreementStatus,
  type StatusFacts,
} from './agreement-status';
import { clauseGap, clauseGaps, MANDATORY_CLAUSES, missingClauses, type Clauses } from '../clauses/clauses';

const TODAY = '2026-03-10';
const YESTERDAY = '2026-03-09';
const TOMORROW = '2026-03-11';

function clauses(missing: string[] = []): Clauses {
  return Object.fromEntries(
    MANDATORY_CLAUSES.map((id) => [id, { covered: !missing.includes(id), reference: `§ ${id}` }]),
  ) as Clauses;
}

type Facts = StatusFacts & { id: string };

/** Signed by both, in force since 2026-01-01, no end date, every clause covered. */
function signed(overrides: Partial<Facts> = {}): Facts {
  return {
    id: 'a',
    status: 'signed',
    effectiveFrom: '2026-01-01',
    expiresOn: null,
    clauses: clauses(),
    supersededFrom: null,
    terminatedOn: null,
    ...overrides,
  };
}

const status = (overrides: Partial<Facts>, today = TODAY): AgreementStatus =>
  agreementStatus(signed(overrides), today);

describe('agreementStatus', () => {
  it('a draft and a sent agreement keep their status whatever the dates', () => {
    expect(status({ status: 'draft' })).toBe('draft');
    expect(status({ status: 'draft', expiresOn: YESTERDAY })).toBe('draft');
    expect(status({ status: 'sent' })).toBe('sent');
    expect(status({ status: 'sent', effectiveFrom: TOMORROW })).toBe('sent');
  });

  it('signed by both with every clause covered is active from its effective date on', () => {
    expect(status({ effectiveFrom: TODAY })).toBe('active');
    expect(status({ effectiveFrom: YESTERDAY })).toBe('active');
  });

  it('signed but not yet effective is signed', () => {
    expect(status({ effectiveFrom: TOMORROW })).toBe('signed');
    expect(status({ effectiveFrom: TODAY }, YESTERDAY)).toBe('signed');
  });

  it('signed and in force but lacking a mandatory clause stays signed, never active', () => {
    expect(status({ clauses: clauses(['A28_3_H2']) })).toBe('signed');
    const partial: Partial<Clauses> = clauses();
    delete partial.A28_3_E;
    expect(status({ clauses: partial })).toBe('signed');
    expect(status({ clauses: {} })).toBe('signed');
  });

  it('is expired the day after expiresOn without anyone touching it, and active on expiresOn itself', () => {
    expect(status({ expiresOn: TODAY })).toBe('active');
    expect(status({ expiresOn: YESTERDAY })).toBe('expired');
    expect(status({ expiresOn: TODAY }, TOMORROW)).toBe('expired');
  });

  it('an expired agreement is expired even if it lacked a clause', () => {
    expect(status({ expiresOn: YESTERDAY, clauses: clauses(['A28_3_A']) })).toBe('expired');
  });

  it('is terminated when stored so, or from its termination date on', () => {
    expect(status({ status: 'terminated' })).toBe('terminated');
    expect(status({ status: 'terminated', terminatedOn: TOMORROW })).toBe('terminated');
    expect(status({ terminatedOn: TODAY })).toBe('terminated');
    expect(status({ terminatedOn: YESTERDAY })).toBe('terminated');
    expect(status({ terminatedOn: TOMORROW })).toBe('active');
  });

  it("is superseded when stored so, or from its successor's effective date on", () => {
    expect(status({ status: 'superseded' })).toBe('superseded');
    expect(status({ supersededFrom: TODAY })).toBe('superseded');
    expect(status({ supersededFrom: YESTERDAY })).toBe('superseded');
    expect(status({ supersededFrom: TOMORROW })).toBe('active');
  });

  it('a stored terminal status wins over the dates', () => {
    expect(status({ status: 'superseded', expiresOn: YESTERDAY })).toBe('superseded');
    expect(status({ status: 'terminated', effectiveFrom: TOMORROW })).toBe('terminated');
  });

  it('reaches every status it declares', () => {
    const reached = new Set<AgreementStatus>([
      status({ status: 'draft' }),
      status({ status: 'sent' }),
      status({ effectiveFrom: TOMORROW }),
      status({}),
      status({ expiresOn: YESTERDAY }),
      status({ terminatedOn: TODAY }),
      status({ supersededFrom: TODAY }),
    ]);
    expect([...reached].sort()).toEqual([...AGREEMENT_STATUSES].sort());
  });
});

describe('assertAgreementTransition', () => {
  it.each([
    ['draft', 'sent'],
    ['draft', 'signed'],
    ['sent', 'signed'],
    ['signed', 'terminated'],
    ['signed', 'superseded'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(() => assertAgreementTransition(from, to)).not.toThrow();
  });

  it.each([
    ['sent', 'draft'],
    ['sent', 'sent'],
    ['signed', 'sent'],
    ['draft', 'terminated'],
    ['terminated', 'signed'],
    ['superseded', 'signed'],
  ] as const)('refuses %s → %s with ILLEGAL_TRANSITION', (from, to) => {
    expect(() => assertAgreementTransition(from, to)).toThrow(
      expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }),
    );
  });
});

describe('governingAgreement', () => {
  it('is undefined without agreements, or with drafts and sent ones only', () => {
    expect(governingAgreement([], TODAY)).toBeUndefined();
    expect(
      governingAgreement([signed({ id: 'd', status: 'draft' }), signed({ id: 's', status: 'sent' })], TODAY),
    ).toBeUndefined();
  });

  it('is the active agreement', () => {
    const active = signed({ id: 'active' });
    expect(governingAgreement([signed({ id: 'd', status: 'draft' }), active], TODAY)?.id).toBe('active');
  });

  it('prefers the active agreement to an incomplete signed one, in whatever order they come', () => {
    const incomplete = signed({ id: 'incomplete', clauses: clauses(['A28_3_C']) });
    const active = signed({ id: 'active' });
    expect(governingAgreement([incomplete, active], TODAY)?.id).toBe('active');
    expect(governingAgreement([active, incomplete], TODAY)?.id).toBe('active');
  });

  it('without an active one, is a signed agreement in force that lacks a clause', () => {
    const incomplete = signed({ id: 'incomplete', clauses: clauses(['A28_3_C']) });
    expect(governingAgreement([incomplete], TODAY)?.id).toBe('incomplete');
  });

  it('is not an incomplete agreement that is not yet effective, expired, terminated or superseded', () => {
    const missing = clauses(['A28_3_C']);
    expect(
      governingAgreement([signed({ clauses: missing, effectiveFrom: TOMORROW })], TODAY),
    ).toBeUndefined();
    expect(governingAgreement([signed({ clauses: missing, expiresOn: YESTERDAY })], TODAY)).toBeUndefined();
    expect(governingAgreement([signed({ clauses: missing, terminatedOn: TODAY })], TODAY)).toBeUndefined();
    expect(governingAgreement([signed({ clauses: missing, supersededFrom: TODAY })], TODAY)).toBeUndefined();
  });

  it('is not a complete agreement that is not yet effective, expired, terminated or superseded', () => {
    expect(governingAgreement([signed({ effectiveFrom: TOMORROW })], TODAY)).toBeUndefined();
    expect(governingAgreement([signed({ expiresOn: YESTERDAY })], TODAY)).toBeUndefined();
    expect(governingAgreement([signed({ status: 'terminated' })], TODAY)).toBeUndefined();
    expect(governingAgreement([signed({ status: 'superseded' })], TODAY)).toBeUndefined();
  });

  it('hands over from a predecessor to its successor on the successor’s effective date', () => {
    const old = signed({ id: 'old', supersededFrom: TOMORROW });
    const next = signed({ id: 'next', effectiveFrom: TOMORROW });
    expect(governingAgreement([next, old], TODAY)?.id).toBe('old');
    expect(governingAgreement([next, old], TOMORROW)?.id).toBe('next');
  });

  it('an incomplete successor in force replaces a superseded predecessor', () => {
    const old = signed({ id: 'old', supersededFrom: TODAY });
    const next = signed({ id: 'next', effectiveFrom: TODAY, clauses: clauses(['A28_3_F']) });
    expect(governingAgreement([old, next], TODAY)?.id).toBe('next');
  });
});

describe('clause coverage (Art. 28(3))', () => {
  const complete = () =>
    Object.fromEntries(
      MANDATORY_CLAUSES.map((id) => [id, { covered: true, reference: `§ ${id}` }]),
    ) as Clauses;

  it('counts a clause only with the section of the signed document that covers it', () => {
    expect(missingClauses(complete())).toEqual([]);
    const tick = {
      ...complete(),
      A28_3_B: { covered: true, reference: null },
      A28_3_C: { covered: true, reference: '  ' },
    };
    expect(clauseGaps(tick)).toEqual([
      { clause: 'A28_3_B', gap: 'reference_missing' },
      { clause: 'A28_3_C', gap: 'reference_missing' },
    ]);
  });

  it('does not let an audit-reports-only clause satisfy (h)', () => {
    const reportsOnly = {
      ...complete(),
      A28_3_H: { covered: true, reference: '§ 9', auditReportsOnly: true },
    };
    expect(clauseGaps(reportsOnly)).toEqual([{ clause: 'A28_3_H', gap: 'inspections_not_allowed' }]);
    expect(clauseGap('A28_3_H', undefined)).toBe('not_covered');
  });
});
