import { digestContext, ITEMS_PER_KIND } from './reminder-digest';
import type { WordedReminder } from './reminder-digest';

const TODAY = '2028-01-05';
const URL = 'https://custos.example';
let n = 0;

function reminder(kind: string, dueOn: string, over: Partial<WordedReminder> = {}): WordedReminder {
  n += 1;
  return {
    id: `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`,
    organization_id: 'org',
    kind,
    subject_key: String(n),
    threshold: dueOn < TODAY ? 0 : 30,
    due_on: dueOn,
    audience: 'legal',
    subject: `${kind} ${n}`,
    summary: '',
    facts: {},
    page: 'agreements',
    page_id: `a${n}`,
    processor_id: null,
    ...over,
  };
}

describe('digestContext', () => {
  it('puts overdue kinds before upcoming ones, each kind by date, and counts in the subject', () => {
    const digest = digestContext(
      [
        reminder('agreement_expiry', '2028-01-25', {
          subject: 'Agreement with Payroll expires on 2028-01-25',
        }),
        reminder('check_overdue', '2028-01-01', { page: 'monitoring', page_id: null }),
        reminder('objection_window', '2028-01-06', { page: 'processors' }),
        reminder('agreement_expiry', '2028-01-05'),
        reminder('critical_finding_overdue', '2028-01-04', { page: 'findings', page_id: null }),
      ],
      TODAY,
      URL,
    );
    expect(digest.subjectLine).toBe('Custos: 5 things need your attention, 2 overdue');
    expect(digest.sections.map((s) => [s.heading, s.count])).toEqual([
      ['Overdue critical findings', '1'],
      ['Overdue monitoring checks', '1'],
      ['Objection windows closing', '1'],
      ['Agreements expiring', '2'],
    ]);
    expect(digest.sections[0].items[0]).toEqual({
      text: expect.stringContaining('critical_finding_overdue'),
      when: 'due 2028-01-04, 1 day overdue',
      url: `${URL}/findings`,
    });
    expect(digest.sections[2].items[0].when).toBe('tomorrow');
    expect(digest.sections[3].items.map((i) => i.when)).toEqual(['today', 'in 20 days']);
    expect(digest.sections[3].items[1]).toMatchObject({
      text: 'Agreement with Payroll expires on 2028-01-25',
      url: expect.stringMatching(/^https:\/\/custos\.example\/agreements\/a\d+$/),
    });
  });

  it(`lists at most ${ITEMS_PER_KIND} items of a kind, then how many more and the area page`, () => {
    const many = Array.from({ length: ITEMS_PER_KIND + 37 }, () =>
      reminder('check_overdue', '2027-12-01', { page: 'monitoring', page_id: null }),
    );
    const digest = digestContext([reminder('tia_review', '2028-02-01'), ...many], TODAY, URL);
    expect(digest.subjectLine).toBe('Custos: 238 things need your attention, 237 overdue');
    expect(digest.sections[0]).toMatchObject({
      heading: 'Overdue monitoring checks',
      count: '237',
      more: 37,
      moreCount: '37',
      moreUrl: `${URL}/monitoring`,
    });
    expect(digest.sections[0].items).toHaveLength(ITEMS_PER_KIND);
    expect(digest.sections[1]).toMatchObject({ heading: 'Transfer impact assessments to review', more: 0 });
  });

  it('says "thing needs" for one item', () => {
    expect(digestContext([reminder('tia_review', '2028-02-01')], TODAY, URL).subjectLine).toBe(
      'Custos: 1 thing needs your attention',
    );
  });
});
