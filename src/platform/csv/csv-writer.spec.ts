import { buffer } from 'node:stream/consumers';
import { csvStream, csvString, neutralizeCell } from './csv-writer';

describe('the CSV writer', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","click")', `'=HYPERLINK("http://evil.example","click")`],
    ['+1+1', `'+1+1`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tcmd', `'\tcmd`],
    ['\rcmd', `'\rcmd`],
    ['Acme = good', 'Acme = good'],
    ['', ''],
  ])('neutralises %j as a formula cell', (cell, expected) => {
    expect(neutralizeCell(cell)).toBe(expected);
  });

  it('neutralises every text cell, header and preamble included, keeps numbers, quotes per RFC 4180', () => {
    const csv = csvString(
      [
        ['=1+1', -5, true, null, 'a "quoted", value'],
        ['@x', 3.5, false, undefined, new Date('2026-01-02T03:04:05Z')],
      ],
      { columns: ['name', 'n', 'ok', 'none', '-when'], preamble: [['Controller', '=evil()']] },
    );
    expect(csv).toBe(
      [
        `Controller,'=evil()`,
        '',
        `name,n,ok,none,'-when`,
        `'=1+1,-5,true,,"a ""quoted"", value"`,
        `'@x,3.5,false,,2026-01-02T03:04:05.000Z`,
        '',
      ].join('\r\n'),
    );
  });

  it('streams the same CSV, with a UTF-8 byte order mark when asked', async () => {
    async function* rows() {
      yield ['Prüfbericht', '+49 30 1234'];
    }
    const bytes = await buffer(csvStream(rows(), { columns: ['name', 'phone'], bom: true }));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(`name,phone\r\nPrüfbericht,'+49 30 1234\r\n`);
  });
});
