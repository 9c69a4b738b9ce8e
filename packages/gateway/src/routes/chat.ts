import { Elysia } from 'elysia';
import { readRequestAffinity } from '../affinity/request-affinity.ts';
import { completionEndsTrajectory } from '../affinity/trajectory.ts';
import { readJsonBody } from '../http/body.ts';
import type { GatewayContext } from '../http/context.ts';
import { chatCompletionRequestSchema } from '../protocol/openai.ts';
import { serveDecision } from '../proxy/serve.ts';
import { intentFromOpenAI } from '../routing/openai-intent.ts';

/**
 * `POST /v1/chat/completions`: decide (router + affinity), then proxy to the chosen model, streaming
 * SSE chunk by chunk, through the serving pipeline shared with `/v1/messages` (failover, pin
 * lifecycle). Every response, errors included, carries the `x-tether-*` decision headers.
 */
export function chatRoutes(tether: GatewayContext) {
  const { config, decider } = tether;
  return new Elysia({ name: 'tether/chat' }).decorate('tether', tether).post(
    '/v1/chat/completions',
    async ({ request }) => {
      const body = await readJsonBody(
        request,
        config.maxBodyBytes,
        chatCompletionRequestSchema,
        config.bodyTimeoutMs,
      );
      const affinity = readRequestAffinity(request.headers, config, body);
      const decision = await decider.decide({
        requestedModel: body.model,
        intent: intentFromOpenAI(body.messages),
        affinityId: affinity.scope.id,
        tenant: affinity.scope.tenant,
        ttlSeconds: affinity.lifecycle.ttlSeconds,
        signal: request.signal,
      });
      return serveDecision(tether, request, decision, affinity.lifecycle, {
        format: 'openai',
        async call(provider, model, ctx) {
          const upstream = { ...body, model: model.upstreamModel };
          if (body.stream === true) return { kind: 'stream', stream: await provider.stream(upstream, ctx) };
          const completion = await provider.chat(upstream, ctx);
          return { kind: 'json', body: completion, endsTrajectory: completionEndsTrajectory(completion) };
        },
      });
    },
    { parse: 'none' },
  );
}
