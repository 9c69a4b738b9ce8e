/** Order statistics over samples; medians of several runs are quoted with their min–max. */

/** The q-quantile (0–1) of `sorted` (ascending), nearest-rank; NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** p50/p99 of raw samples (any order). */
export function percentiles(samples: readonly number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
}

/** A value measured in several runs: the median, with the smallest and largest run. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** Median with min–max of per-run values; NaN runs (a failed run) are left out. */
export function spread(values: readonly number[]): Spread {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** Pairs run i of `a` with run i of `b` (they ran back to back) and returns the spread of a − b. */
export function pairedDifference(a: readonly number[], b: readonly number[]): Spread {
  return spread(a.map((v, i) => v - (b[i] ?? Number.NaN)));
}

/** Spread of a / b per paired run. */
export function pairedRatio(a: readonly number[], b: readonly number[]): Spread {
  return spread(a.map((v, i) => v / (b[i] ?? Number.NaN)));
}
