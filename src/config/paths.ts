import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

let root: string | undefined;

/** The folder holding package.json, whether Custos runs from src/ (tests) or dist/ (built). */
export function projectRoot(): string {
  if (root) return root;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  root = dir;
  return root;
}

export function templatesDir(...parts: string[]): string {
  return join(projectRoot(), 'templates', ...parts);
}

/** Resolves a configured directory: absolute as given, relative to the project root otherwise. */
export function resolveDir(configured: string): string {
  return isAbsolute(configured) ? configured : resolve(projectRoot(), configured);
}
