import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * With CUSTOS_REVIEW_DIR set, keeps a document a test produced there under a readable name, so that a
 * person can render and look at it (`pdftoppm -png`); without it, does nothing.
 */
export function keepForReview(name: string, document: Buffer | string): void {
  const dir = process.env.CUSTOS_REVIEW_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const target = join(dir, name);
  if (typeof document === 'string') copyFileSync(document, target);
  else writeFileSync(target, document);
}
