/** Gateway overhead: the same requests to every target, interleaved run by run so drift hits all alike. */
import { join } from 'node:path';
import { type Placement, runJsonChild, specArgument } from './processes.ts';
import type { AffinityMode, LatencyResult, LatencySpec, LoadResult, LoadSpec } from './protocol.ts';
import { spread } from './stats.ts';
import { BENCH_PROMPT } from './tether-config.ts';

export const MODES = ['json', 'stream'] as const;
export type Mode = (typeof MODES)[number];

/** Something requests can be sent to: sim-models itself, a proxy or a gateway. */
export interface Target {
  key: string;
  label: string;
  /** Full URL of the chat completions endpoint. */
  url: string;
  headers: Record<string, string>;
  /** Model name in the request body. */
  model: string;
  affinity?: AffinityMode;
  /** Which API the body speaks. @default 'chat' */
  api?: 'chat' | 'responses';
  /** What its added latency is measured against. @default the direct target */
  baseline?: Target;
}

export interface OverheadBudget {
  runs: number;
  latencySamples: number;
  latencyWarmup: number;
  /** Cap on one latency run, in seconds (slow targets take fewer samples). */
  latencyMaxSeconds: number;
  saturationSeconds: number;
  saturationConnections: number;
  fixedSeconds: number;
  fixedConnections: number;
}

export interface TargetRuns {
  latency: LatencyResult[];
  saturated: LoadResult[];
  fixed: LoadResult[];
}

export interface OverheadResults {
  /** The fixed offered rate (req/s) every target was driven at. */
  rate: number;
  runs: Record<Mode, Record<string, TargetRuns>>;
}

const HERE = import.meta.dir;

/** The request body: a one-line chat the sim answers with its tiny fixed response. */
export function requestBody(target: Target, mode: Mode): string {
  if (target.api === 'responses')
    return JSON.stringify({
      model: target.model,
      input: BENCH_PROMPT,
      ...(mode === 'stream' ? { stream: true } : {}),
    });
  return JSON.stringify({
    model: target.model,
    messages: [{ role: 'user', content: BENCH_PROMPT }],
    ...(mode === 'stream' ? { stream: true } : {}),
  });
}

function latencySpec(target: Target, direct: Target, mode: Mode, budget: OverheadBudget): LatencySpec {
  const request = (t: Target) => ({
    url: t.url,
    body: requestBody(t, mode),
    headers: t.headers,
    affinity: t.affinity,
  });
  return {
    ...request(target),
    samples: budget.latencySamples,
    warmup: budget.latencyWarmup,
    maxSeconds: budget.latencyMaxSeconds,
    baseline: target === direct ? undefined : request(target.baseline ?? direct),
  };
}

function loadSpec(
  target: Target,
  mode: Mode,
  connections: number,
  duration: number,
  rate?: number,
): LoadSpec {
  return {
    urls: [target.url],
    body: requestBody(target, mode),
    headers: target.headers,
    affinity: target.affinity,
    connections,
    duration,
    rate,
  };
}

/** Sequential c=1 latency in a load-CPU child. */
export function measureLatency(spec: LatencySpec, placement: Placement): Promise<LatencyResult> {
  return runJsonChild<LatencyResult>(['bun', join(HERE, 'latency-client.ts'), specArgument(spec)], placement);
}

/** One autocannon run in a load-CPU Node child. */
export function measureLoad(spec: LoadSpec, placement: Placement): Promise<LoadResult> {
  return runJsonChild<LoadResult>(
    ['node', join(HERE, 'autocannon-runner.mjs'), specArgument(spec)],
    placement,
  );
}

/** Half the slowest target's saturated throughput, rounded down to a round number: a rate all sustain. */
export function chooseRate(results: OverheadResults['runs']): number {
  const medians = MODES.flatMap((m) =>
    Object.values(results[m]).map((r) => spread(r.saturated.map((s) => s.rps)).median),
  ).filter((v) => Number.isFinite(v) && v > 0);
  const half = Math.min(...medians) / 2;
  const step = half >= 1000 ? 500 : half >= 200 ? 100 : 25;
  return Math.max(25, Math.floor(half / step) * step);
}

const us = (v: number): string => `${v.toFixed(0)} µs`;

/** Runs every phase against every target; `log` reports progress (stderr). */
export async function runOverhead(
  targets: readonly Target[],
  budget: OverheadBudget,
  placement: Placement,
  log: (line: string) => void,
): Promise<OverheadResults> {
  const direct = targets.find((t) => t.key === 'direct');
  if (!direct) throw new Error('the direct target is required as the baseline');
  const runs = { json: {}, stream: {} } as Record<Mode, Record<string, TargetRuns>>;
  for (const mode of MODES) {
    for (const t of targets) runs[mode][t.key] = { latency: [], saturated: [], fixed: [] };
  }
  for (let run = 1; run <= budget.runs; run++) {
    for (const mode of MODES) {
      for (const t of targets) {
        const lat = await measureLatency(latencySpec(t, direct, mode, budget), placement);
        const sat = await measureLoad(
          loadSpec(t, mode, budget.saturationConnections, budget.saturationSeconds),
          placement,
        );
        runs[mode][t.key]!.latency.push(lat);
        runs[mode][t.key]!.saturated.push(sat);
        const added = lat.baseline ? ` (+${us(lat.p50Us - lat.baseline.p50Us)})` : '';
        log(
          `[overhead] run ${run}/${budget.runs} ${mode.padEnd(6)} ${t.label.padEnd(22)} c=1 p50 ${us(lat.p50Us)}${added} p99 ${us(lat.p99Us)}` +
            ` | c=${budget.saturationConnections} ${sat.rps.toFixed(0)} req/s p99 ${sat.p99Ms.toFixed(2)} ms` +
            (lat.errors + sat.non2xx + sat.errors > 0
              ? ` | ${lat.errors + sat.non2xx + sat.errors} failed`
              : ''),
        );
      }
    }
  }
  const rate = chooseRate(runs);
  log(`[overhead] fixed offered rate: ${rate} req/s (half the slowest target's saturated throughput)`);
  for (let run = 1; run <= budget.runs; run++) {
    for (const mode of MODES) {
      for (const t of targets) {
        const fixed = await measureLoad(
          loadSpec(t, mode, budget.fixedConnections, budget.fixedSeconds, rate),
          placement,
        );
        runs[mode][t.key]!.fixed.push(fixed);
        log(
          `[overhead] run ${run}/${budget.runs} ${mode.padEnd(6)} ${t.label.padEnd(22)} @${rate} req/s: ${fixed.rps.toFixed(0)} req/s p99 ${fixed.p99Ms.toFixed(2)} ms`,
        );
      }
    }
  }
  return { rate, runs };
}
