import type { ModelPricing } from '../config/types.ts';
import type { TokenUsage } from './usage.ts';

const PER = 1_000_000;

/**
 * Estimated USD of one response: uncached input at `input`, cache reads at `cachedInput`, cache
 * writes at `cacheWrite`, output at `output`. An estimate from configured prices, never a bill.
 */
export function estimateCostUsd(usage: TokenUsage, pricing: ModelPricing): number {
  const uncached = Math.max(0, usage.input - usage.cachedRead - usage.cacheWrite);
  return (
    (uncached * pricing.input +
      usage.cachedRead * pricing.cachedInput +
      usage.cacheWrite * pricing.cacheWrite +
      usage.output * pricing.output) /
    PER
  );
}

/**
 * What the cache saved on one response, against sending every input token uncached: reads priced
 * at the discount, minus the premium paid for writes (negative when a write did not pay back yet).
 */
export function estimateSavingsUsd(usage: TokenUsage, pricing: ModelPricing): number {
  return (
    (usage.cachedRead * (pricing.input - pricing.cachedInput) -
      usage.cacheWrite * (pricing.cacheWrite - pricing.input)) /
    PER
  );
}

/**
 * The cache-regret of switching: re-sending `contextTokens` uncached to `candidate` minus sending
 * them cached to `previous`. Positive means the switch costs more than staying.
 */
export function switchRegretUsd(
  contextTokens: number,
  candidate: ModelPricing,
  previous: ModelPricing,
): number {
  return (contextTokens * (candidate.input - previous.cachedInput)) / PER;
}
