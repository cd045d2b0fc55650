import { latestExpiry, linkProblems, linkStatus, linkUsable } from './portal-link-rules';

const TODAY = '2026-03-10';

describe('portal link rules', () => {
  it('limits an assessment link to 60 days, an offboarding link to 30 days past its due date, a standing one to a year', () => {
    expect(latestExpiry(['assessment'], TODAY)).toBe('2026-05-09');
    expect(latestExpiry(['offboarding'], TODAY, '2026-04-30')).toBe('2026-05-30');
    expect(latestExpiry(['breach_notice'], TODAY)).toBe('2027-03-10');
    expect(latestExpiry(['subprocessor_notice', 'breach_notice'], TODAY)).toBe('2027-03-10');
  });

  it('takes the earliest limit of the purposes a link combines', () => {
    expect(latestExpiry(['breach_notice', 'assessment'], TODAY)).toBe('2026-05-09');
    expect(latestExpiry(['breach_notice', 'offboarding'], TODAY, '2026-03-20')).toBe('2026-04-19');
  });

  it('accepts a link up to its limit and names the limit one day beyond it', () => {
    const request = { purposes: ['assessment' as const], assessmentId: 'a', expiresOn: '2026-05-09' };
    expect(linkProblems(request, TODAY)).toEqual([]);
    expect(linkProblems({ ...request, expiresOn: '2026-05-10' }, TODAY)).toEqual([
      {
        field: 'expiresOn',
        message: 'must be 2026-05-09 or earlier: an assessment link lasts at most 60 days',
        rule: 'maxExpiry',
      },
    ]);
    expect(
      linkProblems(
        { purposes: ['breach_notice', 'offboarding'], offboardingId: 'o', expiresOn: '2026-06-01' },
        TODAY,
        '2026-04-01',
      ),
    ).toEqual([
      expect.objectContaining({
        field: 'expiresOn',
        message: 'must be 2026-05-01 or earlier: an offboarding link lasts at most 30 days past the due date',
      }),
    ]);
  });

  it('refuses an expiry in the past', () => {
    expect(linkProblems({ purposes: ['breach_notice'], expiresOn: '2026-03-09' }, TODAY)).toEqual([
      { field: 'expiresOn', message: 'must not be in the past', rule: 'future' },
    ]);
  });

  it('wants the assessment or offboarding of those purposes, and only with them', () => {
    expect(
      linkProblems({ purposes: ['assessment', 'offboarding'], expiresOn: TODAY }, TODAY, TODAY).map((e) => [
        e.field,
        e.rule,
      ]),
    ).toEqual([
      ['assessmentId', 'required'],
      ['offboardingId', 'required'],
    ]);
    expect(
      linkProblems(
        { purposes: ['breach_notice'], assessmentId: 'a', offboardingId: 'o', expiresOn: TODAY },
        TODAY,
      ).map((e) => [e.field, e.rule]),
    ).toEqual([
      ['assessmentId', 'purpose'],
      ['offboardingId', 'purpose'],
    ]);
  });

  it('works through its last day and never once revoked', () => {
    const link = { revokedAt: null, expiresOn: TODAY };
    expect([linkUsable(link, TODAY), linkStatus(link, TODAY)]).toEqual([true, 'active']);
    expect([linkUsable(link, '2026-03-11'), linkStatus(link, '2026-03-11')]).toEqual([false, 'expired']);
    const revoked = { revokedAt: new Date('2026-03-01T00:00:00Z'), expiresOn: '2026-12-31' };
    expect([linkUsable(revoked, TODAY), linkStatus(revoked, TODAY)]).toEqual([false, 'revoked']);
  });
});
