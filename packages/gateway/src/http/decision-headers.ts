import type { Decision } from '../affinity/decider.ts';
import {
  AFFINITY_SWITCH_HEADER,
  AFFINITY_TTL_HEADER,
  MODEL_HEADER,
  PINNED_HEADER,
  REPINNED_HEADER,
  ROUTE_HEADER,
  SWITCH_HEADER,
} from './header-names.ts';
import { type RequestRecord, servedDecision } from './request-state.ts';

/** Response headers describing a decision alone (the routing endpoints: nothing was served). */
export function decisionHeaders(decision: Decision): Record<string, string> {
  const headers: Record<string, string> = {
    [MODEL_HEADER]: decision.model.name,
    [ROUTE_HEADER]: decision.route ?? 'none',
    [PINNED_HEADER]: decision.pinned ? 'true' : 'false',
  };
  affinityHeaders(decision, headers);
  return headers;
}

/**
 * `x-tether-affinity` for what the store said (`unavailable`; `cached`: the replica's near cache
 * answered while Redis could not be asked; `implicit`: keyed by the prompt prefix), and the
 * cache-regret gate's `x-tether-switch` verdict (`routing.affinity.switch_cost_usd`) when it acted.
 */
function affinityHeaders(decision: Decision, headers: Record<string, string>): void {
  if (decision.affinityStatus === 'unavailable') headers[AFFINITY_SWITCH_HEADER] = 'unavailable';
  else if (decision.pin?.cachedWhileUnavailable === true) headers[AFFINITY_SWITCH_HEADER] = 'cached';
  else if (decision.cache?.implicit) headers[AFFINITY_SWITCH_HEADER] = 'implicit';
  if (decision.cache?.gate !== undefined) headers[SWITCH_HEADER] = decision.cache.gate.outcome;
}

/**
 * Response headers of a proxied request, written from its record: the model that served (after
 * any failover), route, pinned, `x-tether-affinity: off|unavailable|cached|implicit`, the TTL a pin
 * got from this request and `x-tether-repinned`. Errors carry them too (the decided model, when none served).
 */
export function servedHeaders(record: RequestRecord): Record<string, string> {
  const served = servedDecision(record);
  if (served === undefined || record.decision === undefined) return {};
  const headers: Record<string, string> = {
    [MODEL_HEADER]: served.model,
    [ROUTE_HEADER]: served.route,
    [PINNED_HEADER]: served.pinned ? 'true' : 'false',
  };
  affinityHeaders(record.decision, headers);
  if (record.affinity?.enabled === false) headers[AFFINITY_SWITCH_HEADER] = 'off';
  if (record.pin.includes('repinned')) headers[REPINNED_HEADER] = 'true';
  if (record.pinTtlSeconds !== undefined) headers[AFFINITY_TTL_HEADER] = String(record.pinTtlSeconds);
  return headers;
}
