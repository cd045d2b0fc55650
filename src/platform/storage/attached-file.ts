import { ApiProperty } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { NotFound } from '../errors/domain-error';
import { FileStorage } from './file-storage.service';
import { acceptUpload, UploadedFile } from './uploads';

/** A file attached to a record (evidence of a check, a processor's breach notice), kept in a jsonb list. */
export interface AttachedFile {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  storageKey: string;
}

/** Checks the upload, stores it under `keyPrefix`/<new id>, and answers what the record keeps of it. */
export async function storeAttachment(
  storage: FileStorage,
  keyPrefix: string,
  file: UploadedFile | undefined,
): Promise<AttachedFile> {
  const { contentType, filename, buffer } = acceptUpload(file);
  const id = randomUUID();
  const stored = await storage.put(`${keyPrefix}/${id}`, buffer);
  return { id, filename, contentType, size: stored.size, sha256: stored.sha256, storageKey: stored.key };
}

/** The attachment with this id, or a 404. */
export function findAttachment(files: readonly AttachedFile[], id: string): AttachedFile {
  const file = files.find((f) => f.id === id);
  if (!file) throw new NotFound('Evidence', id);
  return file;
}

/** What a response shows of a stored document: everything but where it is stored. */
export function withoutStorageKey<T extends { storageKey: string }>(
  doc: T | null,
): Omit<T, 'storageKey'> | null {
  if (!doc) return null;
  const { storageKey: _key, ...view } = doc;
  return view;
}

export class AttachedFileView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() filename: string;
  @ApiProperty() contentType: string;
  @ApiProperty() size: number;
  @ApiProperty({ description: 'SHA-256 of the bytes, hex' }) sha256: string;

  /** Everything but where it is stored. */
  static from({ storageKey: _key, ...view }: AttachedFile): AttachedFileView {
    return view;
  }
}

export class FileUploadDto {
  @ApiProperty({ type: 'string', format: 'binary' }) file: unknown;
}
