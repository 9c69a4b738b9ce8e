/** The targets, checked against what this run measured (reported, never asserted). */
import { num } from './format.ts';
import { MODES, type Mode } from './overhead.ts';
import { type OverheadRow, rowOf } from './summary.ts';

export interface GoalCheck {
  goal: string;
  measured: string;
  /** `null` when a needed number is missing (a target failed to run). */
  met: boolean | null;
}

/** Keys of the targets the goals compare. */
export const KEYS = {
  bare: 'bare-proxy',
  none: 'tether-none',
  memory: 'tether-memory',
  responses: 'tether-responses',
  quiet: 'tether-memory-quiet',
  redis: 'tether-redis',
  redisFar: 'tether-redis-no-near-cache',
  portkey: 'portkey',
} as const;

const MODE_NAME: Record<Mode, string> = { json: 'non-streaming', stream: 'streaming' };

function check(goal: string, values: number[], measure: (v: number[]) => [string, boolean]): GoalCheck {
  if (values.some((v) => !Number.isFinite(v))) return { goal, measured: 'not measured', met: null };
  const [measured, met] = measure(values);
  return { goal, measured, met };
}

/** Evaluates every target for both modes; `redisRttUs` is one loopback Redis round trip (p50, the driver's client). */
export function checkGoals(rows: readonly OverheadRow[], redisRttUs: number): GoalCheck[] {
  const out: GoalCheck[] = [];
  for (const mode of MODES) {
    const m = MODE_NAME[mode];
    const get = (key: string) => rowOf(rows, key, mode);
    const mem = get(KEYS.memory);
    const redis = get(KEYS.redis);
    const bare = get(KEYS.bare);
    const pk = get(KEYS.portkey);
    const nan = Number.NaN;
    out.push(
      check(`${m}: added p50 ≤ 50 µs at concurrency 1, memory pins`, [mem?.addedP50.median ?? nan], ([a]) => [
        `${num(a!)} µs`,
        a! <= 50,
      ]),
      check(
        `${m}: Redis pins add ≤ 1 loopback Redis round trip over memory pins (p50)`,
        [redis?.addedP50.median ?? nan, mem?.addedP50.median ?? nan, redisRttUs],
        ([r, mm, rtt]) => [`+${num(r! - mm!)} µs vs one round trip ${num(rtt!)} µs`, r! - mm! <= rtt!],
      ),
      check(
        `${m}: Redis pins (near cache) added p50 within 10% of memory pins (issue 19)`,
        [redis?.addedP50.median ?? nan, mem?.addedP50.median ?? nan],
        ([r, mm]) => [`${num(r! / mm!, 2)}× (${num(r!)} vs ${num(mm!)} µs)`, r! <= 1.1 * mm!],
      ),
      check(
        `${m}: ≥ 10× less added latency than Portkey (p50, c=1)`,
        [pk?.addedP50.median ?? nan, mem?.addedP50.median ?? nan],
        ([p, mm]) => [`${num(p! / mm!, 1)}× (${num(mm!)} vs ${num(p!)} µs)`, p! / mm! >= 10],
      ),
      check(
        `${m}: ≥ 5× Portkey's saturated throughput (c=32)`,
        [mem?.satRps.median ?? nan, pk?.satRps.median ?? nan],
        ([t, p]) => [`${num(t! / p!, 1)}× (${num(t!, 0)} vs ${num(p!, 0)} req/s)`, t! / p! >= 5],
      ),
      check(
        `${m}: added p50 within 1.5× of the bare-proxy floor`,
        [mem?.addedP50.median ?? nan, bare?.addedP50.median ?? nan],
        ([t, b]) => [`${num(t! / b!, 2)}× (${num(t!)} vs ${num(b!)} µs)`, t! <= 1.5 * b!],
      ),
      check(
        `${m}: saturated throughput within 1.5× of the bare-proxy floor`,
        [mem?.satRps.median ?? nan, bare?.satRps.median ?? nan],
        ([t, b]) => [`floor is ${num(b! / t!, 2)}× (${num(t!, 0)} vs ${num(b!, 0)} req/s)`, b! / t! <= 1.5],
      ),
    );
  }
  return out;
}
