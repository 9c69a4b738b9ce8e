import { Elysia } from 'elysia';
import { readRequestAffinity } from '../affinity/request-affinity.ts';
import { readJsonBody } from '../http/body.ts';
import type { GatewayContext } from '../http/context.ts';
import { chatCompletionRequestSchema } from '../protocol/openai.ts';
import { intentFromOpenAI } from '../routing/openai-intent.ts';
import { routingDecisionResponse } from './routing-response.ts';

export type { RoutingDecisionBody } from './routing-response.ts';

/**
 * `POST /routing/v1/chat/completions`: the routing decision only, no upstream call:
 * `{model, models, route, session_id?, pinned, trace_id}`. Reads and creates pins exactly as the
 * proxy path does.
 */
export function routingRoutes(tether: GatewayContext) {
  const { config, decider } = tether;
  return new Elysia({ name: 'tether/routing' }).decorate('tether', tether).post(
    '/routing/v1/chat/completions',
    async ({ request }) => {
      const body = await readJsonBody(
        request,
        config.maxBodyBytes,
        chatCompletionRequestSchema,
        config.bodyTimeoutMs,
      );
      const { scope, lifecycle } = readRequestAffinity(request.headers, config, body);
      const decision = await decider.decide({
        requestedModel: body.model,
        intent: intentFromOpenAI(body.messages),
        affinityId: scope.id,
        tenant: scope.tenant,
        ttlSeconds: lifecycle.ttlSeconds,
        signal: request.signal,
      });
      return routingDecisionResponse(request, decision, scope.id);
    },
    { parse: 'none' },
  );
}
