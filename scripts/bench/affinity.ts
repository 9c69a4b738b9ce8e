/** Affinity cost: decision latency routed vs pinned, and Redis round trips per request. */
import type { RedisServerHandle } from '@tether/testing';
import { measureLatency } from './overhead.ts';
import type { Placement } from './processes.ts';
import type { LatencySpec } from './protocol.ts';
import { commandCalls, commandDelta, infoNumber, redisInfo } from './redis-info.ts';
import { type Spread, spread } from './stats.ts';
import { BENCH_PROMPT, SIM_TINY_MODEL } from './tether-config.ts';

export const AFFINITY_HEADER = 'X-Model-Affinity';

/** A Tether process to ask for decisions. */
export interface DecisionCase {
  label: string;
  store: 'memory' | 'redis';
  router: 'local' | 'llm';
  origin: string;
}

export interface DecisionRow extends Omit<DecisionCase, 'origin'> {
  /** A first request: pin lookup (miss), router, atomic claim. µs at concurrency 1. */
  routedP50: Spread;
  routedP99: Spread;
  /** A pinned request: pin lookup (hit) only. */
  pinnedP50: Spread;
  pinnedP99: Spread;
  errors: number;
}

const BODY = JSON.stringify({ model: SIM_TINY_MODEL, messages: [{ role: 'user', content: BENCH_PROMPT }] });
const JSON_HEADERS = { 'content-type': 'application/json' };

function spec(
  url: string,
  mode: 'fixed' | 'unique',
  prefix: string,
  samples: number,
  warmup: number,
): LatencySpec {
  return {
    url,
    body: BODY,
    headers: JSON_HEADERS,
    affinity: { header: AFFINITY_HEADER, mode, prefix },
    samples,
    warmup,
    maxSeconds: 30,
  };
}

/**
 * Checks a case behaves as the table assumes: a new id is routed (a route chose, not pinned), the
 * same id again is served from its pin. Returns why not, or `null`.
 */
export async function verifyDecisionCase(c: DecisionCase): Promise<string | null> {
  const id = `verify-${Date.now()}`;
  const ask = async (): Promise<{ route?: string | null; pinned?: boolean }> => {
    const res = await fetch(`${c.origin}/routing/v1/chat/completions`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, [AFFINITY_HEADER]: id },
      body: BODY,
    });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
    return (await res.json()) as { route?: string | null; pinned?: boolean };
  };
  try {
    const first = await ask();
    const second = await ask();
    if (first.pinned !== false || !first.route) return `first request not routed: ${JSON.stringify(first)}`;
    if (second.pinned !== true) return `second request not pinned: ${JSON.stringify(second)}`;
    return null;
  } catch (error) {
    return String(error);
  }
}

/** Decision-only endpoint latency (`POST /routing/v1/chat/completions`), runs interleaved across cases. */
export async function measureDecisions(
  cases: readonly DecisionCase[],
  budget: { runs: number; samples: number },
  placement: Placement,
  log: (line: string) => void,
): Promise<DecisionRow[]> {
  const raw = cases.map(() => ({ routed: [] as number[][], pinned: [] as number[][], errors: 0 }));
  for (let run = 1; run <= budget.runs; run++) {
    for (const [i, c] of cases.entries()) {
      const url = `${c.origin}/routing/v1/chat/completions`;
      const routed = await measureLatency(
        spec(url, 'unique', `routed-${i}-${run}-`, budget.samples, 20),
        placement,
      );
      const pinned = await measureLatency(spec(url, 'fixed', `pinned-${i}`, budget.samples, 50), placement);
      raw[i]!.routed.push([routed.p50Us, routed.p99Us]);
      raw[i]!.pinned.push([pinned.p50Us, pinned.p99Us]);
      raw[i]!.errors += routed.errors + pinned.errors;
      const fail = routed.firstError ?? pinned.firstError;
      log(
        `[affinity] run ${run}/${budget.runs} ${c.label.padEnd(16)} routed p50 ${routed.p50Us.toFixed(0)} µs, pinned p50 ${pinned.p50Us.toFixed(0)} µs` +
          (fail ? ` | ${fail}` : ''),
      );
    }
  }
  return cases.map(({ origin: _origin, ...c }, i) => {
    const r = raw[i]!;
    return {
      ...c,
      routedP50: spread(r.routed.map((x) => x[0]!)),
      routedP99: spread(r.routed.map((x) => x[1]!)),
      pinnedP50: spread(r.pinned.map((x) => x[0]!)),
      pinnedP99: spread(r.pinned.map((x) => x[1]!)),
      errors: r.errors,
    };
  });
}

export interface RoundTrips {
  kind: 'first request' | 'pinned request';
  /** Client reads Redis processed per request (≈ round trips), after subtracting the probe's own. */
  roundTrips: number;
  /** Commands per request by name (commands inside a Lua script count separately). */
  commands: Record<string, number>;
}

interface Snapshot {
  reads: number;
  calls: Map<string, number>;
}

async function snapshot(redis: RedisServerHandle): Promise<Snapshot> {
  const reads = infoNumber(await redisInfo(redis, 'stats'), 'total_reads_processed');
  return { reads, calls: await commandCalls(redis) };
}

/**
 * Sends `n` chat requests through a Redis-backed Tether at concurrency 1 and diffs Redis's own
 * counters (`total_reads_processed`, `INFO commandstats`); an idle probe pair measures what the
 * probes themselves add, which is subtracted.
 */
export async function measureRoundTrips(
  redis: RedisServerHandle,
  origin: string,
  n: number,
  placement: Placement,
): Promise<RoundTrips[]> {
  const idleA = await snapshot(redis);
  const idleB = await snapshot(redis);
  const probeReads = idleB.reads - idleA.reads;
  const url = `${origin}/v1/chat/completions`;
  const out: RoundTrips[] = [];
  const cases = [
    { kind: 'first request', mode: 'unique', warmup: 0 },
    { kind: 'pinned request', mode: 'fixed', warmup: 1 },
  ] as const;
  for (const c of cases) {
    // The pinned case's single warm-up request creates the pin before the counters are read.
    if (c.warmup > 0) await measureLatency(spec(url, c.mode, 'round-trips', 1, 0), placement);
    const before = await snapshot(redis);
    await measureLatency(spec(url, c.mode, 'round-trips', n, 0), placement);
    const after = await snapshot(redis);
    out.push({
      kind: c.kind,
      roundTrips: (after.reads - before.reads - probeReads) / n,
      commands: commandDelta(before.calls, after.calls, n),
    });
  }
  return out;
}
