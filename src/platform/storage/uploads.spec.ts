import { DomainError } from '../errors/domain-error';
import { acceptUpload } from './uploads';

const file = (originalname: string, mimetype: string, content: string | Buffer) => ({
  originalname,
  mimetype,
  buffer: Buffer.isBuffer(content) ? content : Buffer.from(content),
  size: content.length,
});

describe('acceptUpload', () => {
  it('takes a .csv file a spreadsheet program labelled as its own as text/csv', () => {
    const accepted = acceptUpload(file('list.csv', 'application/vnd.ms-excel', 'name,country\nA,DE\n'), [
      'text/csv',
      'text/plain',
    ]);
    expect(accepted.contentType).toBe('text/csv');
    expect(accepted.buffer.toString()).toBe('name,country\nA,DE\n');
  });

  it('still refuses that label on another file name, or on content that is not text', () => {
    expect(() =>
      acceptUpload(file('list.xls', 'application/vnd.ms-excel', 'name,country\n'), ['text/csv']),
    ).toThrow(DomainError);
    expect(() =>
      acceptUpload(
        file('list.csv', 'application/vnd.ms-excel', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0])),
        ['text/csv'],
      ),
    ).toThrow(DomainError);
  });
});
