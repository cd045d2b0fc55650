import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, ReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppConfig } from '../../config/app-config';
import { resolveDir } from '../../config/paths';

export interface StoredFile {
  key: string;
  sha256: string;
  size: number;
}

/**
 * Files Custos keeps (evidence, signed documents, exports, certificates), under STORAGE_DIR. Keys
 * start with the organisation id so that a tenant's files live apart; writes are atomic (temp + rename).
 */
@Injectable()
export class FileStorage {
  private readonly root: string;

  constructor(config: AppConfig) {
    this.root = resolveDir(config.storageDir);
  }

  private pathOf(key: string): string {
    const path = normalize(join(this.root, key));
    if (!path.startsWith(this.root + sep)) throw new Error(`Storage key escapes the storage root: ${key}`);
    return path;
  }

  async put(key: string, content: Buffer | Readable): Promise<StoredFile> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.${Date.now()}.part`;
    const hash = createHash('sha256');
    let size = 0;
    const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(temp));
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { key, sha256: hash.digest('hex'), size };
  }

  /**
   * Runs `work` (a transaction that records the files it stores) with a `put` whose files are removed
   * again when `work` fails, rollback or failed commit alike: no file outlives a change that did not
   * happen. A file is written before the commit that refers to it, so a committed row never points at a
   * file that is not there.
   */
  async removedOnFailure<T>(
    work: (put: (key: string, content: Buffer | Readable) => Promise<StoredFile>) => Promise<T>,
  ): Promise<T> {
    const written: string[] = [];
    try {
      return await work(async (key, content) => {
        const stored = await this.put(key, content);
        written.push(stored.key);
        return stored;
      });
    } catch (error) {
      await Promise.all(written.map((key) => rm(this.pathOf(key), { force: true })));
      throw error;
    }
  }

  read(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  stream(key: string): ReadStream {
    return createReadStream(this.pathOf(key));
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  absolutePath(key: string): string {
    return this.pathOf(key);
  }
}

export function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}
