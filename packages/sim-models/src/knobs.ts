import type { ResolvedSimModelsOptions } from './options.ts';

// Per-request knobs, read from `x-sim-*` headers with the server options as defaults.

/** The fault a request asks for. */
export type FaultMode =
  | 'timeout'
  | 'reset'
  | 'malformed'
  | 'cut-stream'
  | 'stream-error'
  | { status: number };

export interface Knobs {
  /** Added before the response starts, ms. */
  latencyMs: number;
  /** Streaming: from the response start to the first chunk, ms. */
  ttftMs: number;
  /** Streaming: between chunks, ms. */
  chunkDelayMs: number;
  /** The fault to inject, already filtered by `x-sim-fail-model` and `x-sim-fail-once`. */
  fault: FaultMode | undefined;
  /** `x-sim-fixed: tiny`: the precomputed one-token answer. */
  tiny: boolean;
}

/** Every header sim-models reads; documented in the README and the report. */
export const KNOB_HEADERS = {
  latency: 'x-sim-latency-ms',
  ttft: 'x-sim-ttft-ms',
  chunkDelay: 'x-sim-chunk-delay-ms',
  fail: 'x-sim-fail',
  failModel: 'x-sim-fail-model',
  failOnce: 'x-sim-fail-once',
  fixed: 'x-sim-fixed',
} as const;

function ms(headers: Headers, name: string, fallback: number, max: number): number {
  const raw = headers.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? Math.min(n, max) : fallback;
}

/** Parses an `x-sim-fail` value; unknown values are ignored (no fault). */
export function parseFault(value: string | null): FaultMode | undefined {
  if (value === null) return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'timeout' || v === 'reset' || v === 'malformed' || v === 'cut-stream' || v === 'stream-error')
    return v;
  const status = Number(v);
  return Number.isInteger(status) && status >= 400 && status <= 599 ? { status } : undefined;
}

/**
 * Remembers `x-sim-fail-once` keys: the first request carrying a key fails, later ones with the
 * same key succeed (a retry or failover test's "flaky once" upstream). Bounded so it can't grow forever.
 */
export class FailOnceRegistry {
  private readonly seen = new Set<string>();
  /** True the first time a key is seen. */
  first(key: string): boolean {
    if (this.seen.has(key)) return false;
    if (this.seen.size >= 10_000) this.seen.clear();
    this.seen.add(key);
    return true;
  }
}

/**
 * The knobs for one request. A fault applies only when `x-sim-fail-model` (comma-separated) is
 * absent or lists the request's model, and, with `x-sim-fail-once: <key>`, only on the first
 * request carrying that key.
 */
export function readKnobs(
  headers: Headers,
  model: string,
  defaults: ResolvedSimModelsOptions,
  failOnce: FailOnceRegistry,
): Knobs {
  let fault = parseFault(headers.get(KNOB_HEADERS.fail));
  const onlyModels = headers.get(KNOB_HEADERS.failModel);
  if (fault && onlyModels !== null && !onlyModels.split(',').some((m) => m.trim() === model))
    fault = undefined;
  const onceKey = headers.get(KNOB_HEADERS.failOnce);
  if (fault && onceKey !== null && !failOnce.first(onceKey)) fault = undefined;
  return {
    latencyMs: ms(headers, KNOB_HEADERS.latency, defaults.latencyMs, 600_000),
    ttftMs: ms(headers, KNOB_HEADERS.ttft, defaults.ttftMs, 600_000),
    chunkDelayMs: ms(headers, KNOB_HEADERS.chunkDelay, defaults.chunkDelayMs, 60_000),
    fault,
    tiny: headers.get(KNOB_HEADERS.fixed)?.trim().toLowerCase() === 'tiny' || model === 'sim-tiny',
  };
}
