import { DomainError, ErrorKind, ValidationFailed } from '../errors/domain-error';

/** A file as multer hands it over (memory storage). */
export interface UploadedFile {
  originalname: string;
  mimetype: string;
  buffer: Buffer;
}

/** Content types accepted as evidence, with the leading bytes a genuine file of that type starts with. */
const ZIP = [0x50, 0x4b, 0x03, 0x04];
export const EVIDENCE_TYPES: Readonly<Record<string, number[] | 'text'>> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46],
  'image/png': [0x89, 0x50, 0x4e, 0x47],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'text/plain': 'text',
  'text/csv': 'text',
  'application/zip': ZIP,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ZIP,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ZIP,
};

/** Whether the bytes are what the declared type says (a renamed executable is not a PDF). */
export function contentMatches(contentType: string, bytes: Buffer): boolean {
  const signature = EVIDENCE_TYPES[contentType];
  if (!signature) return false;
  if (signature === 'text') return !bytes.subarray(0, 8192).includes(0);
  return signature.every((b, i) => bytes[i] === b);
}

/**
 * The file name as sent, minus what could do harm where it is shown or saved again: any folder part,
 * control and invisible formatting characters (e.g. a right-to-left override that disguises `exe` as
 * `pdf`), and leading dots. Letters of every script, spaces and punctuation stay as they were.
 */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'file';
  const cleaned = [...base.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '').replace(/^[.\s]+/, '')]
    .slice(0, 200)
    .join('')
    .trim();
  return cleaned || 'file';
}

/**
 * The type a file was sent as. A spreadsheet program often labels a `.csv` file as its own
 * (`application/vnd.ms-excel`, e.g. browsers on Windows with Excel installed): such a file is taken as
 * `text/csv`, and its content must still be text.
 */
function declaredType(file: UploadedFile): string {
  const type = file.mimetype.split(';')[0].trim().toLowerCase();
  return type === 'application/vnd.ms-excel' && /\.csv$/i.test(file.originalname) ? 'text/csv' : type;
}

/**
 * The one check every upload passes: a file is there, its type is one of `allowed`, and its bytes are
 * what that type says. Answers the normalised content type and a safe filename.
 */
export function acceptUpload(
  file: UploadedFile | undefined,
  allowed: readonly string[] = Object.keys(EVIDENCE_TYPES),
): { contentType: string; filename: string; buffer: Buffer } {
  if (!file) throw ValidationFailed.field('file', 'is required (multipart field "file")', 'required');
  const contentType = declaredType(file);
  if (!allowed.includes(contentType) || !contentMatches(contentType, file.buffer)) {
    throw new DomainError(
      ErrorKind.UnsupportedMediaType,
      'UNSUPPORTED_MEDIA_TYPE',
      'This kind of file is not accepted',
      {
        detail: `The file must be one of: ${allowed.join(', ')}, and its content must match its type.`,
      },
    );
  }
  return { contentType, filename: safeFilename(file.originalname), buffer: file.buffer };
}
