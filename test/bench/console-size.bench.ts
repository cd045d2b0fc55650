import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The console's first load: the JavaScript index.html loads before anything is clicked (its entry
 * script, the chunks that one imports statically, and the lazy chunk of the start page), gzipped as a
 * server would send it. The budget is 300 KB; the run fails above it. Run after `npm run build`.
 */
const BUDGET_KB = 300;
const dir = join(__dirname, '..', '..', 'dist', 'web');
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const entry = /<script type="module"[^>]*src="\/([^"]+)"/.exec(html)?.[1];
if (!entry) throw new Error('No entry script in dist/web/index.html: run npm run build first');

const seen = new Set<string>();
function visit(file: string): void {
  if (seen.has(file)) return;
  seen.add(file);
  const code = readFileSync(join(dir, file), 'utf8');
  // Static imports between chunks: `import{…}from"./x.js"` and bare `import"./x.js"`.
  for (const match of code.matchAll(/(?:import|from)\s*["'`]\.\/([^"'`]+\.js)["'`]/g))
    visit(`assets/${match[1]}`);
}
visit(entry);
const dashboard = /["'`]\.\/(DashboardPage-[^"'`]+\.js)["'`]/.exec(
  readFileSync(join(dir, entry), 'utf8'),
)?.[1];
if (dashboard) visit(`assets/${dashboard}`);

let total = 0;
for (const file of seen) {
  const size = gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;
  total += size;
  console.log(`${(size / 1024).toFixed(1).padStart(8)} KB  ${file}`);
}
console.log(
  `${(total / 1024).toFixed(1).padStart(8)} KB  first-load JavaScript, gzipped (budget ${BUDGET_KB} KB)`,
);
if (total > BUDGET_KB * 1024) process.exitCode = 1;
