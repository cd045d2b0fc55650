import { StreamableFile } from '@nestjs/common';
import type { Readable } from 'node:stream';

/** RFC 5987 `value-chars`: what may stand unencoded in `filename*`. */
const encodeRfc5987 = (value: string): string =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `Content-Disposition: attachment` for a file name as it was sent (RFC 6266): a quoted ASCII `filename`
 * for old clients, and `filename*=UTF-8''…` carrying the exact name whenever it is not plain ASCII.
 */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const plain = `attachment; filename="${ascii}"`;
  return ascii === filename ? plain : `${plain}; filename*=UTF-8''${encodeRfc5987(filename)}`;
}

/** A stored file as an attachment, with its type, its length when known and its name (RFC 6266). */
export function download(
  stream: Readable,
  file: { contentType: string; filename: string; size?: number | string | null },
) {
  return new StreamableFile(stream, {
    type: file.contentType,
    ...(file.size !== undefined && file.size !== null ? { length: Number(file.size) } : {}),
    disposition: attachmentDisposition(file.filename),
  });
}
