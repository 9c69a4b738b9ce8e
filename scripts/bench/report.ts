/** Writes docs/benchmarks.md and its SVG charts from one run's results. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contextTable, costPerKbLines } from './context-tables.ts';
import { num } from './format.ts';
import { methodSection } from './method.ts';
import type { BenchResults } from './results.ts';
import type { OverheadRow } from './summary.ts';
import { renderBarChart } from './svg.ts';
import { markdownTable } from './table.ts';
import { decisionTable, goalTable, overheadTable, roundTripTable, scaleTable } from './tables.ts';
import { whereTheTimeGoes } from './where-time-goes.ts';

export type { BenchResults };

const LATENCY_SVG = 'benchmarks-latency.svg';
const THROUGHPUT_SVG = 'benchmarks-throughput.svg';
const COLORS = ['#2f6fdf', '#9cc0ff', '#e07b39', '#f4c29d'];

function charts(rows: readonly OverheadRow[]): { latency: string; throughput: string } {
  const labels = [...new Set(rows.map((r) => r.label))];
  const pick = (label: string, mode: string, f: (r: OverheadRow) => number): number => {
    const r = rows.find((x) => x.label === label && x.mode === mode);
    return r ? f(r) : Number.NaN;
  };
  const added = labels.filter((l) => rows.find((r) => r.label === l)?.key !== 'direct');
  const latency = renderBarChart({
    title: 'Added latency at concurrency 1 (vs direct to sim-models), lower is better',
    unit: 'µs',
    log: true,
    series: [
      { name: 'non-streaming p50', color: COLORS[0]! },
      { name: 'non-streaming p99', color: COLORS[1]! },
      { name: 'streaming p50', color: COLORS[2]! },
      { name: 'streaming p99', color: COLORS[3]! },
    ],
    groups: added.map((label) => ({
      label,
      values: [
        pick(label, 'json', (r) => r.addedP50.median),
        pick(label, 'json', (r) => r.addedP99.median),
        pick(label, 'stream', (r) => r.addedP50.median),
        pick(label, 'stream', (r) => r.addedP99.median),
      ],
    })),
  });
  const throughput = renderBarChart({
    title: 'Saturated throughput, concurrency 32, higher is better',
    unit: 'requests per second',
    series: [
      { name: 'non-streaming', color: COLORS[0]! },
      { name: 'streaming', color: COLORS[2]! },
    ],
    groups: labels.map((label) => ({
      label,
      values: [pick(label, 'json', (r) => r.satRps.median), pick(label, 'stream', (r) => r.satRps.median)],
    })),
  });
  return { latency, throughput };
}

function machineSection(r: BenchResults): string {
  const m = r.machine;
  const rows = [
    ['Item', 'Value'],
    ['CPU', `${m.cpuModel}, ${m.cpus} CPUs`],
    ['Memory', `${num(m.memoryGiB, 1)} GiB`],
    ['OS', `${m.os}, Linux ${m.kernel}`],
    ['Bun / Node / Redis', `${m.bun} / ${m.node} / ${m.redis}`],
    ...Object.entries(m.packages).map(([name, v]) => [name, v]),
    [
      'Placement',
      r.placement.pinned
        ? `load generators on CPU ${r.placement.loadCpu}; every server (sim-models, proxies, gateways, Redis) on CPU ${r.placement.serverCpu} (taskset)`
        : 'not pinned (fewer than 2 CPUs or no taskset): load generators and servers share all CPUs',
    ],
  ];
  return markdownTable(rows);
}

/** Observations the numbers alone don't explain. */
function notes(r: BenchResults): string[] {
  const out: string[] = [];
  const pk = (mode: string) => r.rows.find((x) => x.key === 'portkey' && x.mode === mode);
  const json = pk('json');
  const stream = pk('stream');
  if (json && stream && stream.addedP50.median > 10 * json.addedP50.median) {
    out.push(
      `Portkey's streamed responses take ${num(stream.p50.median / 1000, 1)} ms at concurrency 1 even for this tiny response (non-streaming: ${num(json.p50.median / 1000, 1)} ms). The fetch preload is not the cause: a variant that buffers the whole upstream body before re-creating the Response, tried while building this benchmark, shows the same delay, so it lies in Portkey's Node streaming path.`,
    );
  }
  const first = r.roundTrips.find((x) => x.kind === 'first request');
  if (first && first.roundTrips > 1.5) {
    out.push(
      `A first request with Redis pins costs ${num(first.roundTrips, 0)} Redis round trips (${Object.keys(first.commands).join(' + ')}): a lookup that misses, then the atomic claim. The issue's target is one.`,
    );
  }
  const none = r.rows.find((x) => x.key === 'tether-none' && x.mode === 'json');
  const memory = r.rows.find((x) => x.key === 'tether-memory' && x.mode === 'json');
  if (none && memory && none.addedP50.median > memory.addedP50.median) {
    out.push(
      `Tether without an affinity id adds more than with memory pins (${num(none.addedP50.median)} vs ${num(memory.addedP50.median)} µs, non-streaming): without an id the local router scores every request, while a pinned request skips the router.`,
    );
  }
  const quiet = r.rows.find((x) => x.key === 'tether-memory-quiet' && x.mode === 'json');
  if (quiet && memory) {
    out.push(
      `Tether's per-request log line (on by default at \`info\`): with it ${num(memory.addedP50.median)} µs added at p50 and ${num(memory.satRps.median, 0)} req/s saturated, without it (\`logging.level: warn\`) ${num(quiet.addedP50.median)} µs and ${num(quiet.satRps.median, 0)} req/s (non-streaming, memory pins).`,
    );
  }
  return out;
}

/** Renders the Markdown report. */
export function renderReport(r: BenchResults): string {
  const parts: string[] = [
    '# Benchmarks',
    '',
    '<!-- Generated by `bun run bench` (scripts/bench.ts). Do not edit by hand: re-run it. -->',
    '',
  ];
  if (r.quick) {
    parts.push(
      '> **Quick smoke run** (`--quick`): one short run per measurement. These numbers are not for quoting; run `bun run bench`.',
      '',
    );
  }
  parts.push(
    `Tether's overhead against the floor (a bare Bun pass-through proxy) and a peer (Portkey's open-source gateway), measured on one machine in one run on ${r.startedAt} (${num(r.seconds, 0)} s). Every number is a median over ${r.budget.overhead.runs} run(s), with the smallest and largest run in parentheses.`,
    '',
    '## Targets vs measured',
    '',
    'The targets from issues 11 (overhead) and 17 (context size), checked against this run. They are measured here and never asserted in tests.',
    '',
    markdownTable(goalTable(r.goals)),
    '',
    '## Gateway overhead',
    '',
    `![Added latency](${LATENCY_SVG})`,
    '',
    `![Saturated throughput](${THROUGHPUT_SVG})`,
    '',
    '### Non-streaming',
    '',
    markdownTable(overheadTable(r.rows, 'json', r.rate)),
    '',
    '### Streaming (full response time)',
    '',
    markdownTable(overheadTable(r.rows, 'stream', r.rate)),
    '',
    `Fixed offered rate: ${r.rate} req/s (half the slowest target's saturated throughput, so every target can sustain it). "×direct" is the target's value divided by the direct one, run by run.`,
    '',
    '## Context size',
    '',
    `The same hops with bodies shaped like a coding agent's history (a system prompt, tool definitions, then turns of user text, assistant tool calls and tool results with quotes, escapes and non-ASCII), at 1 KB, 100 KB and 1 MB, pinned (memory and Redis) after the first request. Added latency is against direct requests sent alternately in the same run; saturated throughput at ${r.budget.context.saturationConnections} connections. Medians over ${r.budget.context.runs} run(s).`,
    '',
    r.context.length > 0
      ? markdownTable(contextTable(r.context, r.budget.context.saturationConnections))
      : '_Not measured (see Problems)._',
    '',
    ...(r.context.length > 0
      ? [
          'Cost per KB above the floor (added p50, from 1 KB to 1 MB):',
          '',
          ...costPerKbLines(r.context).map((l) => `- ${l}`),
          '',
        ]
      : []),
    whereTheTimeGoes(),
    '',
    '## Affinity cost',
    '',
    'Decision latency of `POST /routing/v1/chat/completions` (decision only, no upstream call) at concurrency 1, round trip seen by the client. _Routed_: a new `X-Model-Affinity` id each request (lookup miss, router, atomic claim). _Pinned_: the same id (lookup hit, router skipped).',
    '',
    r.decisions.length > 0 ? markdownTable(decisionTable(r.decisions)) : '_Not measured (see Problems)._',
    '',
    r.roundTrips.length > 0
      ? markdownTable(roundTripTable(r.roundTrips))
      : '_Redis round trips not measured._',
    '',
    r.redisRtt
      ? `One loopback Redis round trip (sequential PINGs from the server CPU): p50 ${num(r.redisRtt.driver.p50Us)} µs (p99 ${num(r.redisRtt.driver.p99Us)} µs) through the Redis driver's ioredis client, which is what Tether pays and what the target above counts; p50 ${num(r.redisRtt.p50Us)} µs with Bun's built-in client.`
      : '',
    '',
    '## Scale',
    '',
    markdownTable(scaleTable(r.memoryPins, r.redisPins, r.claims)),
    '',
    '## Machine',
    '',
    machineSection(r),
    '',
    methodSection(r),
    '',
  );
  const observed = notes(r);
  if (observed.length > 0) parts.push('## Notes', '', ...observed.map((n) => `- ${n}`), '');
  if (r.problems.length > 0) {
    parts.push('## Problems in this run', '', ...r.problems.map((p) => `- ${p.replaceAll('\n', ' ')}`), '');
  }
  return `${parts.join('\n').replace(/\n{3,}/g, '\n\n')}`;
}

/** Writes the report and both charts into `dir`; returns the report path. */
export function writeReport(r: BenchResults, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const { latency, throughput } = charts(r.rows);
  writeFileSync(join(dir, LATENCY_SVG), latency);
  writeFileSync(join(dir, THROUGHPUT_SVG), throughput);
  const file = join(dir, 'benchmarks.md');
  // Hand-measured sections (multi-replica Redis faults) that a load benchmark cannot reproduce.
  const appendix = join(dir, 'benchmarks-appendix.md');
  const extra = existsSync(appendix) ? `\n${readFileSync(appendix, 'utf8')}` : '';
  writeFileSync(file, renderReport(r) + extra);
  formatMarkdown(file);
  return file;
}

/** Pads the tables the way the repo's Biome does, so `bun run check` passes on a fresh report. */
function formatMarkdown(file: string): void {
  const root = join(import.meta.dir, '..', '..');
  const biome = join(root, 'node_modules', '.bin', 'biome');
  const result = Bun.spawnSync([biome, 'format', '--write', file], {
    cwd: root,
    stdout: 'ignore',
    stderr: 'pipe',
  });
  if (result.exitCode !== 0)
    process.stderr.write(`[bench] biome could not format ${file}: ${result.stderr.toString()}\n`);
}
