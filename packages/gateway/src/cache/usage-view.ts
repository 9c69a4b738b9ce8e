import { cacheHitRatio, type UsageTotals } from './usage-tally.ts';

/** Usage totals as the admin API and the dashboard show them (snake case, rounded for reading). */
export interface UsageView {
  responses: number;
  /** Responses whose usage block was missing or malformed (not in the token counts). */
  usage_unknown: number;
  input_tokens: number;
  cached_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  /** Share of input tokens served from the provider's cache, 0–1. */
  cached_share: number;
  /** From `pricing`; 0 for models without pricing. */
  estimated_cost_usd: number;
  /** What the cache saved against sending every input token uncached (reads minus write premium). */
  estimated_savings_usd: number;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export function usageView(t: UsageTotals): UsageView {
  return {
    responses: t.responses,
    usage_unknown: t.unknown,
    input_tokens: t.inputTokens,
    cached_tokens: t.cachedTokens,
    cache_write_tokens: t.cacheWriteTokens,
    output_tokens: t.outputTokens,
    cached_share: round(cacheHitRatio(t), 4),
    estimated_cost_usd: round(t.costUsd, 6),
    estimated_savings_usd: round(t.savingsUsd, 6),
  };
}
