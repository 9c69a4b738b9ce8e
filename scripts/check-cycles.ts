// `bun scripts/check-cycles.ts [dir…]`: fails when relative imports between source files form a cycle.
// The same question `madge --circular` answers, without a dependency: every package here imports its
// own files by relative `.ts` paths, so a static scan of import/export specifiers is exact enough.
// Type-only imports count too: a type cycle is still a module-boundary smell worth refusing.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dir, '..');
const dirs = Bun.argv.slice(2);
const scanned = (dirs.length > 0 ? dirs : ['packages']).map((d) => resolve(root, d));

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const SPECIFIER =
  /(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

const graph = new Map<string, string[]>();
for (const dir of scanned) {
  for (const file of sourceFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    const edges: string[] = [];
    for (const m of text.matchAll(SPECIFIER)) {
      const spec = m[1] ?? m[2];
      if (spec) edges.push(resolve(dirname(file), spec));
    }
    graph.set(file, edges);
  }
}

// Iterative DFS with colours; every back edge is one cycle, reported once by its smallest rotation.
const cycles = new Set<string>();
const state = new Map<string, 1 | 2>();
for (const start of graph.keys()) {
  if (state.has(start)) continue;
  const stack: Array<{ file: string; next: number }> = [{ file: start, next: 0 }];
  const path: string[] = [start];
  state.set(start, 1);
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { file: string; next: number };
    const edges = graph.get(top.file) ?? [];
    if (top.next >= edges.length) {
      state.set(top.file, 2);
      stack.pop();
      path.pop();
      continue;
    }
    const to = edges[top.next++] as string;
    if (!graph.has(to)) continue;
    const s = state.get(to);
    if (s === 1) {
      const cycle = path.slice(path.indexOf(to)).map((f) => relative(root, f));
      const i = cycle.indexOf([...cycle].sort()[0] as string);
      cycles.add([...cycle.slice(i), ...cycle.slice(0, i)].join(' → '));
    } else if (s === undefined) {
      state.set(to, 1);
      stack.push({ file: to, next: 0 });
      path.push(to);
    }
  }
}

if (cycles.size === 0) {
  console.log(`import cycles: 0 (${graph.size} files)`);
} else {
  for (const c of cycles) console.error(`import cycle: ${c}`);
  console.error(`import cycles: ${cycles.size}`);
  process.exit(1);
}
