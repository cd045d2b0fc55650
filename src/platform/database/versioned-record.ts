import { CreateDateColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * What every versioned record has: its version (a change made against an older one is refused with
 * 409 `STALE_VERSION`), when it was created and when it last changed.
 */
export abstract class VersionedRecord {
  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
