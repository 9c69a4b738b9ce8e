import type { ModelPricing } from '../config/types.ts';
import { estimateCostUsd, estimateSavingsUsd } from './pricing.ts';
import type { TokenUsage } from './usage.ts';

/** Summed usage of some traffic. Cost and savings count only responses of priced models. */
export interface UsageTotals {
  responses: number;
  /** Responses whose usage was missing or malformed. */
  unknown: number;
  inputTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  costUsd: number;
  savingsUsd: number;
}

export const emptyTotals = (): UsageTotals => ({
  responses: 0,
  unknown: 0,
  inputTokens: 0,
  cachedTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  savingsUsd: 0,
});

/** Adds one response to `totals`. */
export function addUsage(
  totals: UsageTotals,
  usage: TokenUsage | undefined,
  pricing: ModelPricing | undefined,
): void {
  totals.responses++;
  if (usage === undefined) {
    totals.unknown++;
    return;
  }
  totals.inputTokens += usage.input;
  totals.cachedTokens += usage.cachedRead;
  totals.cacheWriteTokens += usage.cacheWrite;
  totals.outputTokens += usage.output;
  if (pricing === undefined) return;
  totals.costUsd += estimateCostUsd(usage, pricing);
  totals.savingsUsd += estimateSavingsUsd(usage, pricing);
}

/** Share of input tokens served from cache, 0–1 (0 without input). */
export const cacheHitRatio = (t: UsageTotals): number =>
  t.inputTokens === 0 ? 0 : t.cachedTokens / t.inputTokens;

/** Per-replica usage tallies for the dashboard and the admin API. */
export interface UsageTally {
  record(
    model: string,
    pinKey: string | undefined,
    pinned: boolean,
    usage: TokenUsage | undefined,
    pricing: ModelPricing | undefined,
  ): void;
  /** Totals per serving model (bounded by the configured models). */
  models(): Array<{ model: string } & UsageTotals>;
  /** Totals of traffic served under a pin vs routed afresh. */
  traffic(): { pinned: UsageTotals; unpinned: UsageTotals };
  /** Totals of one pin (`id` or `tenant:id`), or `undefined` when this replica has none. */
  pin(key: string): UsageTotals | undefined;
}

/** In-process tallies; per-pin entries bounded to `maxPins` (least recently updated dropped first). */
export function createUsageTally(maxPins = 10_000): UsageTally {
  const models = new Map<string, UsageTotals>();
  const pins = new Map<string, UsageTotals>();
  const traffic = { pinned: emptyTotals(), unpinned: emptyTotals() };
  return {
    record(model, pinKey, pinned, usage, pricing) {
      let m = models.get(model);
      if (m === undefined) {
        m = emptyTotals();
        models.set(model, m);
      }
      addUsage(m, usage, pricing);
      addUsage(pinned ? traffic.pinned : traffic.unpinned, usage, pricing);
      if (pinKey === undefined) return;
      const p = pins.get(pinKey) ?? emptyTotals();
      pins.delete(pinKey);
      pins.set(pinKey, p);
      addUsage(p, usage, pricing);
      if (pins.size > maxPins) {
        const oldest = pins.keys().next();
        if (!oldest.done) pins.delete(oldest.value);
      }
    },
    models: () => [...models].map(([model, t]) => ({ model, ...t })),
    traffic: () => ({ pinned: { ...traffic.pinned }, unpinned: { ...traffic.unpinned } }),
    pin: (key) => {
      const t = pins.get(key);
      return t && { ...t };
    },
  };
}
