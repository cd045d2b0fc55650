import { StreamableFile } from '@nestjs/common';
import type { Readable } from 'node:stream';

/** A stored file as an attachment, with its type, its length when known and a quoted filename. */
export function download(
  stream: Readable,
  file: { contentType: string; filename: string; size?: number | string | null },
) {
  return new StreamableFile(stream, {
    type: file.contentType,
    ...(file.size !== undefined && file.size !== null ? { length: Number(file.size) } : {}),
    disposition: `attachment; filename="${file.filename.replace(/["\\\r\n]/g, '')}"`,
  });
}
