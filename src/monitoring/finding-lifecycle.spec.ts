import { DomainError, ErrorKind, IllegalTransition } from '../platform/errors/domain-error';
import { FINDING_STATUSES, type FindingStatus } from './finding.entity';
import { assertFindingTransition, FINDING_TRANSITIONS } from './finding-lifecycle';

/**
 * The remediation of a finding: open → in progress → resolved, or a risk the DPO accepts; a closed
 * finding (resolved or risk accepted) can only be reopened. Staying in the same state is not a transition.
 */
type Outcome = 'allowed' | 'refused' | 'unchanged';

const EXPECTED: Record<FindingStatus, Record<FindingStatus, Outcome>> = {
  open: { open: 'unchanged', in_progress: 'allowed', resolved: 'allowed', risk_accepted: 'allowed' },
  in_progress: { open: 'allowed', in_progress: 'unchanged', resolved: 'allowed', risk_accepted: 'allowed' },
  resolved: { open: 'allowed', in_progress: 'refused', resolved: 'unchanged', risk_accepted: 'refused' },
  risk_accepted: { open: 'allowed', in_progress: 'refused', resolved: 'refused', risk_accepted: 'unchanged' },
};

const ALL_PAIRS: [FindingStatus, FindingStatus, Outcome][] = FINDING_STATUSES.flatMap((from) =>
  FINDING_STATUSES.map((to): [FindingStatus, FindingStatus, Outcome] => [from, to, EXPECTED[from][to]]),
);

/** The error assertFindingTransition throws for the pair, or undefined. */
function errorOf(from: FindingStatus, to: FindingStatus): unknown {
  try {
    assertFindingTransition(from, to);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('finding lifecycle', () => {
  it('knows exactly the four states of the contract', () => {
    expect([...FINDING_STATUSES]).toEqual(['open', 'in_progress', 'resolved', 'risk_accepted']);
    expect(Object.keys(FINDING_TRANSITIONS).sort()).toEqual([...FINDING_STATUSES].sort());
  });

  it('allows exactly the documented transitions, and nothing else', () => {
    const actual = FINDING_STATUSES.flatMap((from) =>
      FINDING_TRANSITIONS[from].map((to) => `${from} → ${to}`),
    );
    const expected = ALL_PAIRS.filter(([, , outcome]) => outcome === 'allowed').map(
      ([from, to]) => `${from} → ${to}`,
    );
    expect(actual.sort()).toEqual(expected.sort());
    expect(expected).toHaveLength(8);
  });

  it('never lists a state as a transition to itself, nor an unknown state', () => {
    for (const from of FINDING_STATUSES) {
      expect(FINDING_TRANSITIONS[from]).not.toContain(from);
      for (const to of FINDING_TRANSITIONS[from]) expect(FINDING_STATUSES).toContain(to);
    }
  });

  it.each(ALL_PAIRS.filter(([, , outcome]) => outcome === 'allowed'))('allows %s → %s', (from, to) => {
    expect(errorOf(from, to)).toBeUndefined();
  });

  it.each(ALL_PAIRS.filter(([, , outcome]) => outcome === 'unchanged'))(
    'accepts %s → %s as no change',
    (from, to) => {
      expect(errorOf(from, to)).toBeUndefined();
    },
  );

  it.each(ALL_PAIRS.filter(([, , outcome]) => outcome === 'refused'))(
    'refuses %s → %s with a 409 naming the allowed transitions',
    (from, to) => {
      const error = errorOf(from, to);
      expect(error).toBeInstanceOf(IllegalTransition);
      expect(error).toBeInstanceOf(DomainError);
      const illegal = error as IllegalTransition;
      expect({ kind: illegal.kind, code: illegal.code, extensions: illegal.extensions }).toEqual({
        kind: ErrorKind.Conflict,
        code: 'ILLEGAL_TRANSITION',
        extensions: { from, to, allowed: FINDING_TRANSITIONS[from] },
      });
      expect(illegal.message).toContain(`Finding cannot go from ${from} to ${to}`);
      expect(illegal.message).toContain(FINDING_TRANSITIONS[from].join(', '));
    },
  );

  it('lets a closed finding only be reopened', () => {
    expect(FINDING_TRANSITIONS.resolved).toEqual(['open']);
    expect(FINDING_TRANSITIONS.risk_accepted).toEqual(['open']);
  });

  it('can close an open or in-progress finding either way', () => {
    for (const from of ['open', 'in_progress'] as const) {
      expect(FINDING_TRANSITIONS[from]).toEqual(expect.arrayContaining(['resolved', 'risk_accepted']));
    }
  });

  it('walks a whole remediation: open → in progress → resolved → reopened → risk accepted', () => {
    const path: FindingStatus[] = ['open', 'in_progress', 'resolved', 'open', 'risk_accepted', 'open'];
    for (let i = 1; i < path.length; i++) {
      expect(errorOf(path[i - 1], path[i])).toBeUndefined();
    }
  });
});
