/** The result tables, as rows of cells shared by the terminal output and the Markdown report. */
import type { DecisionRow, RoundTrips } from './affinity.ts';
import { num, ratio, withSpread } from './format.ts';
import type { GoalCheck } from './goals.ts';
import type { Mode } from './overhead.ts';
import type { RedisPinSize } from './redis-pins.ts';
import type { MemoryPins, ReplicaClaims } from './scale.ts';
import type { OverheadRow } from './summary.ts';

export type Rows = string[][];

/** Gateway overhead for one mode. */
export function overheadTable(rows: readonly OverheadRow[], mode: Mode, rate: number): Rows {
  const out: Rows = [
    [
      'Target',
      'c=1 p50 µs',
      'added p50 µs',
      'added p99 µs',
      `req/s @${rate} offered`,
      `p99 ms @${rate} req/s`,
      '×direct',
      'saturated req/s (c=32)',
      '×direct',
      'p99 ms (c=32)',
      '×direct',
      'failed',
    ],
  ];
  for (const r of rows.filter((x) => x.mode === mode)) {
    const isDirect = r.key === 'direct';
    out.push([
      r.label,
      withSpread(r.p50),
      isDirect ? '—' : withSpread(r.addedP50, '', 0),
      isDirect ? '—' : withSpread(r.addedP99, '', 0),
      withSpread(r.fixedRps, '', 0),
      withSpread(r.fixedP99, '', 2),
      ratio(r.fixedP99Ratio),
      withSpread(r.satRps, '', 0),
      ratio(r.satRpsRatio),
      withSpread(r.satP99, '', 2),
      ratio(r.satP99Ratio),
      String(r.failed),
    ]);
  }
  return out;
}

export function decisionTable(rows: readonly DecisionRow[]): Rows {
  const out: Rows = [
    ['Store', 'Router', 'routed p50 µs', 'routed p99 µs', 'pinned p50 µs', 'pinned p99 µs', 'failed'],
  ];
  for (const r of rows) {
    out.push([
      r.store,
      r.router,
      withSpread(r.routedP50, '', 0),
      withSpread(r.routedP99, '', 0),
      withSpread(r.pinnedP50, '', 0),
      withSpread(r.pinnedP99, '', 0),
      String(r.errors),
    ]);
  }
  return out;
}

export function roundTripTable(rows: readonly RoundTrips[]): Rows {
  const out: Rows = [
    ['Request through Tether (Redis pins)', 'Redis round trips', 'Redis commands per request'],
  ];
  for (const r of rows) {
    const cmds = Object.entries(r.commands)
      .map(([c, n]) => `${c} ${num(n, 2)}`)
      .join(', ');
    out.push([r.kind, num(r.roundTrips, 2), cmds || 'none']);
  }
  return out;
}

export function scaleTable(
  memory: MemoryPins | null,
  redis: RedisPinSize | null,
  claims: ReplicaClaims | null,
): Rows {
  const out: Rows = [['Measure', 'Value', 'Detail']];
  if (memory) {
    out.push([
      `memory driver, ${memory.pins.toLocaleString('en-US')} pins`,
      `${num(memory.heapBytesPerPin, 0)} B/pin (heap)`,
      `RSS ${num(memory.rssBytesPerPin, 0)} B/pin; ${num(memory.claimsPerSecond, 0)} claims/s in-process`,
    ]);
  }
  if (redis) {
    out.push([
      `Redis, ${redis.pins.toLocaleString('en-US')} pins`,
      `${num(redis.memoryUsageBytes, 0)} B/pin (MEMORY USAGE)`,
      `used_memory growth ${num(redis.usedMemoryBytesPerPin, 0)} B/pin`,
    ]);
  }
  if (claims) {
    out.push([
      `${claims.replicas} replicas on one Redis`,
      `${num(claims.pinsPerSecond, 0)} pins claimed/s`,
      `${num(claims.requestsPerSecond, 0)} first requests/s, p99 ${num(claims.p99Ms, 2)} ms, ${claims.failed} failed, ${num(claims.seconds, 1)} s`,
    ]);
  }
  return out;
}

export function goalTable(goals: readonly GoalCheck[]): Rows {
  const mark = (m: boolean | null): string => (m === null ? '–' : m ? '✓' : '✗');
  return [
    ['Target (issues 11 and 17)', 'Measured', 'Met'],
    ...goals.map((g) => [g.goal, g.measured, mark(g.met)]),
  ];
}
