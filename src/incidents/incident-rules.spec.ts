import { IllegalTransition } from '../platform/errors/domain-error';
import type { Incident } from './incident.entity';
import {
  assertIncidentTransition,
  assessmentProblems,
  authorityNotice,
  closingProblems,
  noticeOutstanding,
  notificationDeadline,
  processorLateness,
  timelineProblems,
} from './incident-rules';

const aware = new Date('2026-11-20T09:30:00Z');
const deadline = new Date('2026-11-23T09:30:00Z');
const at = (iso: string) => new Date(iso);

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    status: 'open',
    occurredAt: null,
    detectedAt: null,
    reportedAt: aware,
    awareAt: aware,
    notificationDeadline: deadline,
    riskLevel: null,
    riskRationale: null,
    authorityNotifiedAt: null,
    delayReason: null,
    subjectsNotifiedAt: null,
    subjectNoticeExemption: null,
    resolution: null,
    ...overrides,
  } as Incident;
}

const fields = (errors: { field: string }[]) => errors.map((e) => e.field);

describe('the 72-hour clock', () => {
  it('ends 72 hours after the controller became aware', () => {
    expect(notificationDeadline(aware)).toEqual(deadline);
  });

  it('is pending until the deadline, overdue one moment after it', () => {
    expect(authorityNotice(incident(), at('2026-11-23T09:30:00Z'))).toBe('pending');
    expect(authorityNotice(incident(), at('2026-11-23T09:30:01Z'))).toBe('overdue');
  });

  it('runs for an unassessed breach as for a risky one, and stops for one unlikely to be a risk', () => {
    const late = at('2026-11-24T00:00:00Z');
    expect(authorityNotice(incident({ riskLevel: null }), late)).toBe('overdue');
    expect(authorityNotice(incident({ riskLevel: 'high_risk' }), late)).toBe('overdue');
    expect(authorityNotice(incident({ riskLevel: 'unlikely' }), late)).toBe('not_required');
  });

  it('tells a notification in time from a late one', () => {
    const onTime = incident({ authorityNotifiedAt: deadline });
    const late = incident({ authorityNotifiedAt: at('2026-11-23T09:31:00Z') });
    expect(authorityNotice(onTime, at('2026-12-01T00:00:00Z'))).toBe('notified');
    expect(authorityNotice(late, at('2026-12-01T00:00:00Z'))).toBe('notified_late');
  });

  it('owes a notification only while the breach is not closed and none is recorded', () => {
    const now = at('2026-11-21T00:00:00Z');
    expect(noticeOutstanding(incident(), now)).toBe(true);
    expect(noticeOutstanding(incident({ status: 'contained' }), now)).toBe(true);
    expect(noticeOutstanding(incident({ status: 'closed' }), now)).toBe(false);
    expect(noticeOutstanding(incident({ authorityNotifiedAt: now }), now)).toBe(false);
    expect(noticeOutstanding(incident({ riskLevel: 'unlikely' }), now)).toBe(false);
  });
});

describe('lifecycle', () => {
  it.each([
    ['open', 'contained'],
    ['open', 'closed'],
    ['contained', 'open'],
    ['contained', 'closed'],
    ['closed', 'open'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(() => assertIncidentTransition(from, to)).not.toThrow();
  });

  it('refuses closed → contained, naming what is allowed', () => {
    expect(() => assertIncidentTransition('closed', 'contained')).toThrow(IllegalTransition);
    expect(() => assertIncidentTransition('closed', 'contained')).toThrow(/allowed from closed: open/);
  });
});

describe('timeline', () => {
  const now = at('2026-11-27T12:00:00Z');

  it('accepts a consistent timeline', () => {
    const ok = incident({
      occurredAt: at('2026-11-19T22:00:00Z'),
      detectedAt: at('2026-11-20T07:00:00Z'),
      authorityNotifiedAt: at('2026-11-21T10:00:00Z'),
    });
    expect(timelineProblems(ok, now)).toEqual([]);
  });

  it('refuses dates in the future, naming each field', () => {
    const future = at('2026-11-28T00:00:00Z');
    expect(fields(timelineProblems(incident({ reportedAt: future, awareAt: future }), now))).toEqual([
      'reportedAt',
      'awareAt',
    ]);
  });

  it('refuses a detection before the breach occurred and a report before the detection', () => {
    const problems = timelineProblems(
      incident({ occurredAt: at('2026-11-20T08:00:00Z'), detectedAt: at('2026-11-20T10:00:00Z') }),
      now,
    );
    expect(fields(problems)).toEqual(['reportedAt']);
    expect(
      fields(
        timelineProblems(
          incident({ occurredAt: at('2026-11-20T08:00:00Z'), detectedAt: at('2026-11-20T07:00:00Z') }),
          now,
        ),
      ),
    ).toEqual(['detectedAt']);
  });

  it('asks for the reasons of a notification after 72 hours (Art. 33(1))', () => {
    const late = incident({ authorityNotifiedAt: at('2026-11-24T09:00:00Z') });
    expect(timelineProblems(late, now)).toEqual([
      expect.objectContaining({ field: 'delayReason', rule: 'required' }),
    ]);
    expect(timelineProblems({ ...late, delayReason: 'Forensics took four days.' }, now)).toEqual([]);
  });

  it('refuses an exemption from telling the data subjects when they were told', () => {
    const both = incident({
      subjectsNotifiedAt: at('2026-11-22T00:00:00Z'),
      subjectNoticeExemption: 'art34_3_a',
    });
    expect(fields(timelineProblems(both, now))).toEqual(['subjectNoticeExemption']);
  });
});

describe('closing a breach', () => {
  const documented = { likelyConsequences: 'Phishing', measures: 'Access revoked' };

  it('needs the risk assessed, the effects, the remedial action and a resolution (Art. 33(5))', () => {
    expect(fields(closingProblems(incident()))).toEqual([
      'riskLevel',
      'likelyConsequences',
      'measures',
      'resolution',
    ]);
  });

  it('without notification: the reasons why no risk is likely', () => {
    expect(
      fields(
        closingProblems(incident({ ...documented, riskLevel: 'unlikely', resolution: 'Encrypted laptop' })),
      ),
    ).toEqual(['riskRationale']);
    expect(
      closingProblems(
        incident({
          ...documented,
          riskLevel: 'unlikely',
          riskRationale: 'Full-disk encryption',
          resolution: 'Device wiped',
        }),
      ),
    ).toEqual([]);
  });

  it('a cross-border breach: its lead authority (Art. 56)', () => {
    const crossBorder = incident({
      ...documented,
      riskLevel: 'unlikely',
      riskRationale: 'Encrypted',
      resolution: 'Done',
      crossBorder: true,
    });
    expect(fields(closingProblems(crossBorder))).toEqual(['leadAuthority']);
    expect(closingProblems({ ...crossBorder, leadAuthority: 'CNIL' })).toEqual([]);
  });

  it('a risk: the authority notified', () => {
    const risky = incident({ ...documented, riskLevel: 'risk', resolution: 'Access revoked' });
    expect(fields(closingProblems(risky))).toEqual(['authorityNotifiedAt']);
    expect(closingProblems({ ...risky, authorityNotifiedAt: at('2026-11-21T00:00:00Z') })).toEqual([]);
  });

  it('a high risk: the data subjects told too, or an Art. 34(3) exemption', () => {
    const high = incident({
      ...documented,
      riskLevel: 'high_risk',
      resolution: 'Passwords reset',
      authorityNotifiedAt: at('2026-11-21T00:00:00Z'),
    });
    expect(fields(closingProblems(high))).toEqual(['subjectsNotifiedAt']);
    expect(closingProblems({ ...high, subjectsNotifiedAt: at('2026-11-22T00:00:00Z') })).toEqual([]);
    expect(closingProblems({ ...high, subjectNoticeExemption: 'art34_3_a' })).toEqual([]);
  });
});

describe('recorded when the step is taken, not only at closure', () => {
  it("awareAt after the processor's notice is refused: the controller knows at the latest when told", () => {
    const late = incident({ awareAt: at('2026-11-20T10:00:00Z') });
    expect(fields(timelineProblems(late, at('2026-11-21T00:00:00Z')))).toEqual(['awareAt']);
  });

  it('unlikely needs its reasons; a notification names the authority; Art. 34 its channel, audience and content', () => {
    const base = {
      riskLevel: null,
      riskRationale: null,
      authorityNotifiedAt: null,
      authorityName: null,
      subjectsNotifiedAt: null,
      subjectsNoticeChannel: null,
      subjectsNotifiedCount: null,
      subjectsNoticeContent: null,
    };
    expect(assessmentProblems(base)).toEqual([]);
    expect(fields(assessmentProblems({ ...base, riskLevel: 'unlikely' }))).toEqual(['riskRationale']);
    expect(fields(assessmentProblems({ ...base, authorityNotifiedAt: aware }))).toEqual(['authorityName']);
    expect(fields(assessmentProblems({ ...base, subjectsNotifiedAt: aware }))).toEqual([
      'subjectsNoticeChannel',
      'subjectsNotifiedCount',
      'subjectsNoticeContent',
    ]);
  });
});

describe("the processor's own lateness (Art. 33(2))", () => {
  const detected = at('2026-11-19T02:00:00Z');
  const reported = at('2026-11-20T09:00:00Z');
  it('compares the hours taken with the period committed to', () => {
    const commitment = { hours: 24, source: 'the assessment approved on 2026-01-10' };
    expect(processorLateness({ detectedAt: detected, reportedAt: reported }, commitment)).toBe(
      'notified 31 h after detection; committed to 24 h in the assessment approved on 2026-01-10: 7 h late',
    );
    expect(processorLateness({ detectedAt: reported, reportedAt: reported }, commitment)).toBe(
      'notified 0 h after detection; committed to 24 h in the assessment approved on 2026-01-10: in time',
    );
    expect(processorLateness({ detectedAt: null, reportedAt: reported }, null)).toBe(
      'time of detection not known; no notice period committed to on record',
    );
  });
});
