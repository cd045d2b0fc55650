import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../../config/app-config';
import { FileStorage } from './file-storage.service';

describe('FileStorage.removedOnFailure', () => {
  let dir: string;
  let storage: FileStorage;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custos-storage-'));
    storage = new FileStorage({ storageDir: dir } as AppConfig);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps the files of work that succeeds', async () => {
    const stored = await storage.removedOnFailure((put) =>
      put('org/certificates/C-1.pdf', Buffer.from('%PDF')),
    );
    expect(stored.key).toBe('org/certificates/C-1.pdf');
    expect(await storage.exists('org/certificates/C-1.pdf')).toBe(true);
  });

  it('removes every file the failed work stored, and keeps its error', async () => {
    await expect(
      storage.removedOnFailure(async (put) => {
        await put('org/certificates/C-2.pdf', Buffer.from('%PDF'));
        await put('org/attachments/a', Buffer.from('x'));
        throw new Error('the commit failed');
      }),
    ).rejects.toThrow('the commit failed');
    expect(await storage.exists('org/certificates/C-2.pdf')).toBe(false);
    expect(await storage.exists('org/attachments/a')).toBe(false);
  });

  it('leaves files stored outside the work alone', async () => {
    await storage.put('org/certificates/C-0.pdf', Buffer.from('%PDF'));
    await expect(storage.removedOnFailure(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await storage.exists('org/certificates/C-0.pdf')).toBe(true);
  });
});
