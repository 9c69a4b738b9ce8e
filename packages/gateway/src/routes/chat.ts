import { Elysia } from 'elysia';
import { completionEndsTrajectory } from '../affinity/trajectory.ts';
import type { GatewayContext } from '../http/context.ts';
import { decideRequest } from '../proxy/decide-request.ts';
import { serveDecision } from '../proxy/serve.ts';
import { openAIChatSource } from '../proxy/sources.ts';

/**
 * `POST /v1/chat/completions`: decide (router + affinity), then proxy to the chosen model, streaming
 * SSE chunk by chunk, through the serving pipeline shared with `/v1/messages` (failover, pin
 * lifecycle). Every response, errors included, carries the `x-tether-*` decision headers.
 */
export function chatRoutes(tether: GatewayContext) {
  return new Elysia({ name: 'tether/chat' }).post(
    '/v1/chat/completions',
    async ({ request }) => {
      const decided = await decideRequest(tether, request, openAIChatSource);
      const { affinity, decision } = decided;
      return serveDecision(tether, request, decision, affinity.lifecycle, {
        format: 'openai',
        async call(provider, model, ctx) {
          const upstream = decided.upstreamBody(model, provider.interface === 'openai');
          if (upstream.stream === true) {
            // Streams are counted too: ask for the usage chunk, and drop it if the client did not.
            const asked = upstream.stream_options?.include_usage === true;
            if (!asked) upstream.stream_options = { ...upstream.stream_options, include_usage: true };
            const stream = await provider.stream(upstream, ctx);
            return { kind: 'stream', stream, hideUsageChunk: !asked };
          }
          const completion = await provider.chat(upstream, ctx);
          return { kind: 'json', body: completion, endsTrajectory: completionEndsTrajectory(completion) };
        },
      });
    },
    { parse: 'none' },
  );
}
