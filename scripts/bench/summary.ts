/** Turns raw overhead runs into per-target rows: medians with min–max, added latency and ratios to direct. */
import { MODES, type Mode, type OverheadResults, type Target } from './overhead.ts';
import { pairedDifference, pairedRatio, type Spread, spread } from './stats.ts';

export interface OverheadRow {
  key: string;
  label: string;
  mode: Mode;
  /** Concurrency 1, µs. */
  p50: Spread;
  p99: Spread;
  /** Minus direct sampled alternately in the same run (request by request), µs. */
  addedP50: Spread;
  addedP99: Spread;
  /** Fixed offered rate: achieved req/s and p99 in ms. */
  fixedRps: Spread;
  fixedP99: Spread;
  fixedP99Ratio: Spread;
  /** Saturation (concurrency 32). */
  satRps: Spread;
  satRpsRatio: Spread;
  satP99: Spread;
  satP99Ratio: Spread;
  /** Failed requests over all runs (non-2xx, socket errors, timeouts). */
  failed: number;
}

/** The key of the baseline target every ratio is taken against. */
export const DIRECT = 'direct';

export function summarize(results: OverheadResults, targets: readonly Target[]): OverheadRow[] {
  const rows: OverheadRow[] = [];
  for (const mode of MODES) {
    const direct = results.runs[mode][DIRECT];
    if (!direct) continue;
    for (const t of targets) {
      const r = results.runs[mode][t.key];
      if (!r) continue;
      const p50 = r.latency.map((x) => x.p50Us);
      const p99 = r.latency.map((x) => x.p99Us);
      const failed =
        r.latency.reduce((n, x) => n + x.errors, 0) +
        [...r.saturated, ...r.fixed].reduce((n, x) => n + x.non2xx + x.errors + x.timeouts, 0);
      rows.push({
        key: t.key,
        label: t.label,
        mode,
        p50: spread(p50),
        p99: spread(p99),
        // Each run's baseline is the direct target sampled alternately with this one.
        addedP50: pairedDifference(
          p50,
          r.latency.map((x) => x.baseline?.p50Us ?? x.p50Us),
        ),
        addedP99: pairedDifference(
          p99,
          r.latency.map((x) => x.baseline?.p99Us ?? x.p99Us),
        ),
        fixedRps: spread(r.fixed.map((x) => x.rps)),
        fixedP99: spread(r.fixed.map((x) => x.p99Ms)),
        fixedP99Ratio: pairedRatio(
          r.fixed.map((x) => x.p99Ms),
          direct.fixed.map((x) => x.p99Ms),
        ),
        satRps: spread(r.saturated.map((x) => x.rps)),
        satRpsRatio: pairedRatio(
          r.saturated.map((x) => x.rps),
          direct.saturated.map((x) => x.rps),
        ),
        satP99: spread(r.saturated.map((x) => x.p99Ms)),
        satP99Ratio: pairedRatio(
          r.saturated.map((x) => x.p99Ms),
          direct.saturated.map((x) => x.p99Ms),
        ),
        failed,
      });
    }
  }
  return rows;
}

/** The row of `key` in `mode`, if it was measured. */
export function rowOf(rows: readonly OverheadRow[], key: string, mode: Mode): OverheadRow | undefined {
  return rows.find((r) => r.key === key && r.mode === mode);
}
