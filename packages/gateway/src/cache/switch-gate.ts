import type { ResolvedConfig, ResolvedModel } from '../config/types.ts';
import { switchRegretUsd } from './pricing.ts';

/** What the cache-regret gate decided about a proposed switch away from a warm model. */
export interface SwitchGate {
  /** `retained`: the previous model serves (and is re-pinned); `allowed`: the switch went ahead. */
  outcome: 'retained' | 'allowed';
  /** Regret of switching, USD: the context uncached at the candidate minus cached at the previous model. */
  regretUsd: number;
  /** The model that served before (the pin's, or the one remembered after the pin expired). */
  previousModel: string;
  /** The model the router proposed. */
  candidateModel: string;
  /** Estimated context tokens the regret was computed for. */
  contextTokens: number;
  /** The model not chosen: the candidate when retained, the previous model when allowed. */
  roadNotTaken: string;
}

/**
 * The cache-regret gate (`routing.affinity.switch_cost_usd`): when a pin expired or drifted and the
 * router proposes `candidate` instead of `previous`, keep `previous` if re-sending the context
 * uncached to `candidate` would cost more than the threshold over sending it cached to `previous`.
 * Returns `undefined` (the gate does not act) when it is off, the models are the same, or either
 * model has no pricing.
 */
export function gateSwitch(
  config: ResolvedConfig,
  previous: ResolvedModel | undefined,
  candidate: ResolvedModel,
  contextTokens: () => number,
): SwitchGate | undefined {
  const threshold = config.routing.affinity.switchCostUsd;
  if (threshold === undefined || previous === undefined || previous.name === candidate.name) return undefined;
  if (previous.pricing === undefined || candidate.pricing === undefined) return undefined;
  const tokens = contextTokens();
  const regretUsd = switchRegretUsd(tokens, candidate.pricing, previous.pricing);
  const retained = regretUsd > threshold;
  return {
    outcome: retained ? 'retained' : 'allowed',
    regretUsd,
    previousModel: previous.name,
    candidateModel: candidate.name,
    contextTokens: tokens,
    roadNotTaken: retained ? candidate.name : previous.name,
  };
}
