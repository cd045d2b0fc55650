import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/*
 * The house's one structural rule: folders import downward only. A feature folder (src/<feature>) or a
 * platform mechanism (src/platform/<mechanism>) never imports, even for a type, a folder that imports it
 * back, directly or through others: each fact has one owner that the others read.
 */

const SRC = __dirname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `identity`, `platform/audit`, or `.` for the files at the root of src/ (which wire everything). */
function folderOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  if (parts.length === 1) return '.';
  if (parts[0] === 'platform') return parts.length === 2 ? 'platform' : `platform/${parts[1]}`;
  return parts[0];
}

function importGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sources(SRC)) {
    const from = folderOf(file);
    const text = readFileSync(file, 'utf8');
    for (const [, target] of text.matchAll(/(?:import|export)\s[^;]*?\sfrom\s+'(\.[^']+)'/g)) {
      const to = folderOf(resolve(dirname(file), target));
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `${relative(SRC, file)} imports ${target}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** Every set of folders that reach each other (Tarjan), with one import that closes each. */
function cycles(graph: Map<string, Map<string, string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return found;
}

describe('the folders of src/', () => {
  it('import one another without a cycle', () => {
    const graph = importGraph();
    const explained = cycles(graph).map((component) =>
      component.flatMap((a) =>
        component.filter((b) => graph.get(a)?.has(b)).map((b) => `${a} → ${b} (${graph.get(a)!.get(b)})`),
      ),
    );
    expect(explained).toEqual([]);
  });

  it('sees the imports it checks (a feature reaches the platform)', () => {
    expect(importGraph().get('transfers')?.has('platform/audit')).toBe(true);
  });
});
