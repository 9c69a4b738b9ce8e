/** The context-size table, the cost per KB above the floor, and issue 17's targets. */
import type { ContextRow } from './context.ts';
import { num, withSpread } from './format.ts';
import { type GoalCheck, KEYS } from './goals.ts';
import type { Rows } from './tables.ts';

const MODE_NAME = { json: 'non-streaming', stream: 'streaming' } as const;

function rowFor(
  rows: readonly ContextRow[],
  key: string,
  size: string,
  mode = 'json',
): ContextRow | undefined {
  return rows.find((r) => r.key === key && r.size === size && r.mode === mode);
}

/** Added latency at c=1 and saturated throughput per context size and hop, with ratios to the bare proxy. */
export function contextTable(rows: readonly ContextRow[], connections: number): Rows {
  const out: Rows = [
    [
      'Context',
      'Target',
      'added p50 µs',
      'added p99 µs',
      '×bare proxy (added p50)',
      `saturated req/s (c=${connections})`,
      '×bare proxy (req/s)',
      'failed',
    ],
  ];
  for (const r of rows) {
    const bare = rowFor(rows, KEYS.bare, r.size, r.mode);
    const isBare = r.key === KEYS.bare;
    const latencyRatio = bare ? r.addedP50.median / bare.addedP50.median : Number.NaN;
    const rpsRatio = bare ? r.satRps.median / bare.satRps.median : Number.NaN;
    out.push([
      `${r.size}${r.mode === 'stream' ? ', streaming' : ''}`,
      r.label,
      withSpread(r.addedP50, '', 0),
      withSpread(r.addedP99, '', 0),
      isBare || !Number.isFinite(latencyRatio) ? '—' : `${num(latencyRatio, 2)}×`,
      withSpread(r.satRps, '', 0),
      isBare || !Number.isFinite(rpsRatio) ? '—' : `${num(rpsRatio, 2)}×`,
      String(r.failed),
    ]);
  }
  return out;
}

/** µs of added p50 per KB of body, from the smallest to the largest non-streaming size. */
function slope(rows: readonly ContextRow[], key: string): number {
  const sizes = rows.filter((r) => r.key === key && r.mode === 'json').sort((a, b) => a.bytes - b.bytes);
  const first = sizes[0];
  const last = sizes[sizes.length - 1];
  if (!first || !last || first === last) return Number.NaN;
  return (last.addedP50.median - first.addedP50.median) / ((last.bytes - first.bytes) / 1024);
}

/** "Cost per KB above the floor": each hop's added µs per KB, minus the bare proxy's. */
export function costPerKbLines(rows: readonly ContextRow[]): string[] {
  const floor = slope(rows, KEYS.bare);
  const labels = new Map(rows.map((r) => [r.key, r.label]));
  const out: string[] = [];
  if (Number.isFinite(floor)) out.push(`bare Bun proxy (the floor): ${num(floor, 2)} µs per KB`);
  for (const [key, label] of labels) {
    if (key === KEYS.bare) continue;
    const s = slope(rows, key);
    if (!Number.isFinite(s)) continue;
    const above = Number.isFinite(floor) ? `, ${num(s - floor, 2)} µs per KB above the floor` : '';
    out.push(`${label}: ${num(s, 2)} µs per KB${above}`);
  }
  return out;
}

/** Issue 17's targets, checked against the context-size run. */
export function contextGoals(rows: readonly ContextRow[], redisRttUs: number): GoalCheck[] {
  const goals: GoalCheck[] = [];
  const ratio = (key: string, size: string, mode = 'json') => {
    const t = rowFor(rows, key, size, mode);
    const bare = rowFor(rows, KEYS.bare, size, mode);
    return t && bare ? t.addedP50.median / bare.addedP50.median : Number.NaN;
  };
  const limits: Array<[string, number]> = [
    ['1 KB', 1.5],
    ['100 KB', 2],
    ['1 MB', 2],
  ];
  for (const [size, limit] of limits) {
    const r = ratio(KEYS.memory, size);
    goals.push({
      goal: `${size} agent history, memory pins: added p50 ≤ ${limit}× the bare proxy's`,
      measured: Number.isFinite(r) ? `${num(r, 2)}×` : 'not measured',
      met: Number.isFinite(r) ? r <= limit : null,
    });
  }
  const mem = rowFor(rows, KEYS.memory, '100 KB');
  const bare = rowFor(rows, KEYS.bare, '100 KB');
  const share = mem && bare ? mem.satRps.median / bare.satRps.median : Number.NaN;
  goals.push({
    goal: `100 KB, ${MODE_NAME.json}: saturated throughput ≥ 50% of the bare proxy's`,
    measured: Number.isFinite(share) ? `${num(share * 100, 0)}%` : 'not measured',
    met: Number.isFinite(share) ? share >= 0.5 : null,
  });
  for (const [size] of limits) {
    const m = rowFor(rows, KEYS.memory, size);
    const r = rowFor(rows, KEYS.redis, size);
    const extra = m && r ? r.addedP50.median - m.addedP50.median : Number.NaN;
    const ok = Number.isFinite(extra) && Number.isFinite(redisRttUs);
    goals.push({
      goal: `${size}: Redis pins add at most one Redis round trip over memory pins (p50)`,
      measured: ok
        ? `${extra >= 0 ? '+' : ''}${num(extra, 0)} µs (one round trip: ${num(redisRttUs, 0)} µs)`
        : 'not measured',
      met: ok ? extra <= redisRttUs : null,
    });
  }
  const pk = ratio(KEYS.portkey, '1 KB');
  const tm = ratio(KEYS.memory, '1 KB');
  const slower = pk / tm;
  goals.push({
    goal: '1 KB: Portkey stays ≥ 10× slower than memory pins at c=1 (added p50)',
    measured: Number.isFinite(slower) ? `${num(slower, 1)}×` : 'not measured',
    met: Number.isFinite(slower) ? slower >= 10 : null,
  });
  return goals;
}
