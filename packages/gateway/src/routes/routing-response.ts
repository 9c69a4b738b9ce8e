import type { Decision } from '../affinity/decider.ts';
import { decisionHeaders } from '../http/decision-headers.ts';
import { jsonResponse } from '../http/json-response.ts';
import { traceIdOf } from '../http/trace.ts';

/** The body of `POST /routing/v1/chat/completions` and `POST /routing/v1/messages`. */
export interface RoutingDecisionBody {
  model: string;
  models: string[];
  /** The route name, or `null` when no route chose the model. */
  route: string | null;
  /** The affinity id, only when the request sent one. */
  session_id?: string;
  pinned: boolean;
  trace_id: string;
}

/** The decision-only answer of the routing endpoints, with the same `x-tether-*` headers as the proxy. */
export function routingDecisionResponse(
  request: Request,
  decision: Decision,
  affinityId: string | undefined,
): Response {
  const out: RoutingDecisionBody = {
    model: decision.model.name,
    models: decision.models,
    route: decision.route,
    pinned: decision.pinned,
    trace_id: traceIdOf(request.headers),
  };
  if (affinityId !== undefined) out.session_id = affinityId;
  return jsonResponse(out, 200, decisionHeaders(decision));
}
