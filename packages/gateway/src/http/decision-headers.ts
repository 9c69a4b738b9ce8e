import type { Decision } from '../affinity/resolve.ts';

/** Response headers describing a decision, on every proxied response (errors included). */
export function decisionHeaders(decision: Decision): Record<string, string> {
  const headers: Record<string, string> = {
    'x-tether-model': decision.model.name,
    'x-tether-route': decision.route ?? 'none',
    'x-tether-pinned': decision.pinned ? 'true' : 'false',
  };
  if (decision.affinityStatus === 'unavailable') headers['x-tether-affinity'] = 'unavailable';
  // The pin came from this replica's near cache while Redis could not be asked: still pinned, unconfirmed.
  else if (decision.pin?.cachedWhileUnavailable === true) headers['x-tether-affinity'] = 'cached';
  else if (decision.cache?.implicit) headers['x-tether-affinity'] = 'implicit';
  // The cache-regret gate's verdict (`routing.affinity.switch_cost_usd`), when it acted.
  if (decision.cache?.gate !== undefined) headers['x-tether-switch'] = decision.cache.gate.outcome;
  return headers;
}
