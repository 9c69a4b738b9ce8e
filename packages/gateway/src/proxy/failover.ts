import type { Decision } from '../affinity/decider.ts';
import type { ResolvedConfig, ResolvedModel } from '../config/types.ts';
import { GatewayError } from '../errors.ts';

/**
 * The models to try, in order: the decided model, then the rest of its route's models (in the
 * route's preference order, continuing after the decided one), then the default model. A model the
 * client named itself (directly, through an alias, or as the no-route fallback) is never swapped for
 * another: it is the only candidate.
 */
export function failoverCandidates(config: ResolvedConfig, decision: Decision): ResolvedModel[] {
  if (decision.reason === 'requested' || decision.reason === 'alias' || decision.reason === 'named')
    return [decision.model];
  const routeModels = config.routes.find((route) => route.name === decision.route)?.models ?? [];
  const at = routeModels.indexOf(decision.model.name);
  const ordered = at === -1 ? routeModels : [...routeModels.slice(at + 1), ...routeModels.slice(0, at)];
  const names = [decision.model.name, ...ordered];
  if (config.defaultModel !== undefined) names.push(config.defaultModel);
  const out: ResolvedModel[] = [];
  for (const name of new Set(names)) {
    const model = config.modelsByName.get(name);
    if (model) out.push(model);
  }
  return out;
}

/**
 * Whether the next candidate may be tried after `error`: only retryable upstream failures (429,
 * 5xx, timeout, reset, malformed answer), and never once the client has gone away.
 */
export function mayFailOver(error: unknown, signal: AbortSignal): boolean {
  return !signal.aborted && GatewayError.isInstance(error) && error.retryable;
}
