import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../config/paths';
import { allows, permissionMatrixMarkdown, PERMISSIONS } from './permissions';

describe('permission matrix', () => {
  it('is the table the README shows', () => {
    const readme = readFileSync(join(projectRoot(), 'README.md'), 'utf8');
    const shown = /<!-- permission-matrix:start -->\n([\s\S]*?)\n<!-- permission-matrix:end -->/.exec(
      readme,
    )?.[1];
    expect(shown).toBe(permissionMatrixMarkdown());
  });

  it('lets the auditor read everything and change nothing', () => {
    for (const permission of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
      const isRead = permission.endsWith('.read');
      if (isRead) expect(allows(['auditor'], permission)).toBe(true);
      else if (permission !== 'records.export') expect(allows(['auditor'], permission)).toBe(false);
    }
  });

  it('lets procurement check transfers and read processors, assessments and agreements, nothing of the records', () => {
    expect(allows(['procurement'], 'transfers.check')).toBe(true);
    expect(allows(['procurement'], 'processors.read')).toBe(true);
    expect(allows(['procurement'], 'assessments.read')).toBe(true);
    expect(allows(['procurement'], 'agreements.read')).toBe(true);
    expect(allows(['procurement'], 'evidence.read')).toBe(false);
    expect(allows(['procurement'], 'assessments.write')).toBe(false);
    expect(allows(['procurement'], 'agreements.write')).toBe(false);
    expect(allows(['procurement'], 'records.read')).toBe(false);
    expect(allows(['procurement'], 'processors.write')).toBe(false);
  });
});
