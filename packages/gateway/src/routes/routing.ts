import { Elysia } from 'elysia';
import type { GatewayContext } from '../http/context.ts';
import { decideRequest } from '../proxy/decide-request.ts';
import { openAIRoutingSource } from '../proxy/sources.ts';
import { routingDecisionResponse } from './routing-response.ts';

export type { RoutingDecisionBody } from './routing-response.ts';

/**
 * `POST /routing/v1/chat/completions`: the routing decision only, no upstream call:
 * `{model, models, route, session_id?, pinned, trace_id}`. Reads and creates pins exactly as the
 * proxy path does.
 */
export function routingRoutes(tether: GatewayContext) {
  return new Elysia({ name: 'tether/routing' }).post(
    '/routing/v1/chat/completions',
    async ({ request }) => {
      const { affinity, decision } = await decideRequest(tether, request, openAIRoutingSource);
      return routingDecisionResponse(request, decision, affinity.scope.id);
    },
    { parse: 'none' },
  );
}
