// Summarises a `.cpuprofile` (Chrome format, as `bun --cpu-prof` writes): self time per function
// and per source file, largest first, with the gateway's own files named relative to the repo.
// Usage: bun scripts/profile/summarize.ts <file.cpuprofile> [top=25]
export {};

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) {
  console.error('usage: summarize.ts <file.cpuprofile> [top]');
  process.exit(2);
}
const limit = Number(process.argv[3] ?? 25);
const profile = (await Bun.file(file).json()) as CpuProfile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const shortUrl = (url: string): string =>
  url
    .replace(/^.*\/node_modules\/\.bun\/([^/]+)\/node_modules\/[^/]+\//, '$1/')
    .replace(/^.*\/packages\//, 'packages/')
    .replace(/^.*\/scripts\//, 'scripts/') || '(native)';
const fnKey = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const sum = (key: (n: ProfileNode) => string) => {
  const out = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (node) out.set(key(node), (out.get(key(node)) ?? 0) + us);
  }
  return [...out].sort((a, b) => b[1] - a[1]).slice(0, limit);
};
const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
console.log(`total sampled: ${(total / 1000).toFixed(0)} ms`);
console.log('\nself time by function');
for (const [k, us] of sum(fnKey)) console.log(`${pct(us)}  ${k}`);
// Inclusive time of the workspace's own functions: a sample counts for every such function on its stack.
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const node = byId.get(at);
    if (node === undefined) continue;
    if (!node.callFrame.url.includes('/packages/')) continue;
    const key = fnKey(node);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
});
console.log('\ninclusive time of workspace functions');
for (const [k, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, limit))
  console.log(`${pct(us)}  ${k}`);
console.log('\nself time by file');
for (const [k, us] of sum((n) => shortUrl(n.callFrame.url))) console.log(`${pct(us)}  ${k}`);
