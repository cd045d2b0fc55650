import { ValidationFailed } from '../platform/errors/domain-error';
import { compareSubProcessorLists, parseCsv, readSubProcessorList } from './subprocessor-list';

const COUNTRIES = new Set(['DE', 'FR', 'IN', 'GB']);
const isCountry = (code: string) => COUNTRIES.has(code);

function fieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationFailed) return (error.errors ?? []).map((e) => e.field);
    throw error;
  }
  throw new Error('expected the list to be refused');
}

describe('parseCsv', () => {
  it('keeps the line each record starts on, past blank lines and line breaks inside quotes', () => {
    expect(parseCsv('a,b\r\n\r\n"x\ny",1\n;\nz;2')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['x\ny', '1'] },
      { line: 6, fields: ['z', '2'] },
    ]);
  });

  it('reads doubled quotes as one, and a last record without a line break', () => {
    expect(parseCsv('"say ""hi""",DE')).toEqual([{ line: 1, fields: ['say "hi"', 'DE'] }]);
  });
});

describe('readSubProcessorList', () => {
  it('names the line of a bad row as the file has it, blank lines counted', () => {
    expect(fieldsOf(() => readSubProcessorList('name,country\n\nA,DE\n\n\nB,XX\n,FR', isCountry))).toEqual([
      'file[6].country',
      'file[7].name',
    ]);
  });
});

describe('compareSubProcessorLists', () => {
  const known = [{ id: 'k1', name: 'Bucket Co. Inc.', country: 'IN', processingCountries: ['IN'] }];

  it('reports a sub-processor listed twice with both lines, never as a match', () => {
    const listed = readSubProcessorList(
      'name,country\nBucket Co. Inc.,IN\nOther,DE\nbucket co inc,IN',
      isCountry,
    );
    expect(compareSubProcessorLists(listed, known)).toEqual([
      expect.objectContaining({ kind: 'not_in_custos', name: 'Other' }),
      {
        kind: 'listed_twice',
        name: 'Bucket Co. Inc.',
        processorId: 'k1',
        listed: { line: 4, name: 'bucket co inc', country: 'IN', processingCountries: [], services: '' },
        message:
          "Bucket Co. Inc. is on the processor's list twice (lines 2 and 4): ask which entry is right.",
      },
    ]);
  });

  it('reports a name Custos does not know listed twice once as new and once as twice', () => {
    const listed = readSubProcessorList('name,country\nBucket Co. Inc.,IN\nNew,DE\nNew,FR', isCountry);
    expect(compareSubProcessorLists(listed, known).map((d) => [d.kind, d.name])).toEqual([
      ['not_in_custos', 'New'],
      ['listed_twice', 'New'],
    ]);
  });
});
