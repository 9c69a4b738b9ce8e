/**
 * Context size: the same hops as the overhead suite, with bodies shaped like an agent's history
 * (many turns, tool calls and results) at 1 KB, 100 KB and 1 MB, plus a streaming row at 100 KB.
 * Every hop is interleaved with direct requests request by request (added latency) and run after
 * run (throughput), as in the overhead suite.
 */
import { agentHistoryBody, CONTEXT_SIZES } from './agent-body.ts';
import { KEYS } from './goals.ts';
import { type Mode, measureLatency, measureLoad, type Target } from './overhead.ts';
import type { Placement } from './processes.ts';
import { pairedDifference, type Spread, spread } from './stats.ts';

export interface ContextBudget {
  runs: number;
  latencySamples: number;
  latencyWarmup: number;
  /** Cap on one latency run, in seconds (large bodies and slow hops take fewer samples). */
  latencyMaxSeconds: number;
  saturationSeconds: number;
  saturationConnections: number;
}

/** One measured cell: a hop at one context size and mode. */
export interface ContextRow {
  size: string;
  bytes: number;
  mode: Mode;
  key: string;
  label: string;
  addedP50: Spread;
  addedP99: Spread;
  satRps: Spread;
  failed: number;
}

/** The hops this suite compares (direct is the baseline of every added latency). */
export const CONTEXT_KEYS: readonly string[] = [KEYS.bare, KEYS.memory, KEYS.redis, KEYS.portkey];

interface Case {
  size: (typeof CONTEXT_SIZES)[number];
  mode: Mode;
}

const CASES: Case[] = [
  ...CONTEXT_SIZES.map((size) => ({ size, mode: 'json' as const })),
  { size: CONTEXT_SIZES[1], mode: 'stream' },
];

const us = (v: number): string => `${v.toFixed(0)} µs`;

/** Runs every case against every hop, `budget.runs` times, interleaved. */
export async function runContext(
  targets: readonly Target[],
  budget: ContextBudget,
  placement: Placement,
  log: (line: string) => void,
): Promise<ContextRow[]> {
  const direct = targets.find((t) => t.key === 'direct');
  if (!direct) throw new Error('the direct target is required as the baseline');
  const hops = targets.filter((t) => CONTEXT_KEYS.includes(t.key));
  type Runs = {
    p50: number[];
    p99: number[];
    base50: number[];
    base99: number[];
    rps: number[];
    failed: number;
  };
  const runs = new Map<string, Runs>();
  const bodyFor = (t: Target, c: Case) =>
    agentHistoryBody(t.model, c.size.bytes, c.mode === 'stream' ? { stream: true } : {});
  for (let run = 1; run <= budget.runs; run++) {
    for (const c of CASES) {
      for (const t of hops) {
        const id = `${c.size.label}|${c.mode}|${t.key}`;
        const r = runs.get(id) ?? { p50: [], p99: [], base50: [], base99: [], rps: [], failed: 0 };
        runs.set(id, r);
        const lat = await measureLatency(
          {
            url: t.url,
            body: bodyFor(t, c),
            headers: t.headers,
            affinity: t.affinity,
            samples: budget.latencySamples,
            warmup: budget.latencyWarmup,
            maxSeconds: budget.latencyMaxSeconds,
            baseline: { url: direct.url, body: bodyFor(direct, c), headers: direct.headers },
          },
          placement,
        );
        const sat = await measureLoad(
          {
            urls: [t.url],
            body: bodyFor(t, c),
            headers: t.headers,
            affinity: t.affinity,
            connections: budget.saturationConnections,
            duration: budget.saturationSeconds,
          },
          placement,
        );
        r.p50.push(lat.p50Us);
        r.p99.push(lat.p99Us);
        r.base50.push(lat.baseline?.p50Us ?? Number.NaN);
        r.base99.push(lat.baseline?.p99Us ?? Number.NaN);
        r.rps.push(sat.rps);
        r.failed += lat.errors + sat.non2xx + sat.errors + sat.timeouts;
        log(
          `[context] run ${run}/${budget.runs} ${c.size.label.padEnd(6)} ${c.mode.padEnd(6)} ${t.label.padEnd(22)} added p50 ${us(lat.p50Us - (lat.baseline?.p50Us ?? 0))}` +
            ` p99 ${us(lat.p99Us - (lat.baseline?.p99Us ?? 0))} | c=${budget.saturationConnections} ${sat.rps.toFixed(0)} req/s` +
            (lat.errors + sat.non2xx + sat.errors > 0
              ? ` | ${lat.errors + sat.non2xx + sat.errors} failed${lat.firstError ? `: ${lat.firstError}` : ''}`
              : ''),
        );
      }
    }
  }
  const rows: ContextRow[] = [];
  for (const c of CASES) {
    for (const t of hops) {
      const r = runs.get(`${c.size.label}|${c.mode}|${t.key}`);
      if (!r) continue;
      rows.push({
        size: c.size.label,
        bytes: c.size.bytes,
        mode: c.mode,
        key: t.key,
        label: t.label,
        addedP50: pairedDifference(r.p50, r.base50),
        addedP99: pairedDifference(r.p99, r.base99),
        satRps: spread(r.rps),
        failed: r.failed,
      });
    }
  }
  return rows;
}
