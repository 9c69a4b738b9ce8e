import { Elysia } from 'elysia';
import { messageEndsTrajectory } from '../affinity/trajectory.ts';
import type { ResolvedModel } from '../config/types.ts';
import type { GatewayContext } from '../http/context.ts';
import type { AnthropicMessagesRequest } from '../protocol/anthropic.ts';
import type { Provider, ProviderCallContext } from '../providers/types.ts';
import { decideRequest } from '../proxy/decide-request.ts';
import { type Served, serveDecision } from '../proxy/serve.ts';
import { anthropicMessagesSource } from '../proxy/sources.ts';
import { EventTap } from '../wire/event-tap.ts';
import {
  anthropicToOpenAIRequest,
  openAIStreamToAnthropic,
  openAIToAnthropicResponse,
} from '../wire/index.ts';
import { routingDecisionResponse } from './routing-response.ts';

/**
 * Calls one model for an Anthropic request: natively on an Anthropic upstream (passed through as
 * sent, `model` replaced), translated both ways on an OpenAI-style one (streams included).
 */
async function callMessages(
  body: AnthropicMessagesRequest,
  provider: Provider,
  model: ResolvedModel,
  ctx: ProviderCallContext,
): Promise<Served> {
  const upstream = { ...body, model: model.upstreamModel };
  if (provider.messages) {
    if (body.stream === true)
      return { kind: 'stream', stream: await provider.messages.stream(upstream, ctx) };
    const message = await provider.messages.create(upstream, ctx);
    return { kind: 'json', body: message, endsTrajectory: messageEndsTrajectory(message) };
  }
  const chat = anthropicToOpenAIRequest(upstream);
  if (body.stream === true) {
    // The relay parses each chunk once and hands its events over the tap; the watcher (`onEvent`)
    // wants the Anthropic events the client gets, not the upstream's OpenAI ones.
    const { onEvent, ...upstreamCtx } = ctx;
    const tap = new EventTap();
    const stream = await provider.stream(chat, { ...upstreamCtx, onEvent: tap.push });
    return {
      kind: 'stream',
      stream: openAIStreamToAnthropic(stream, {
        model: model.upstreamModel,
        limits: { maxEventBytes: model.maxEventBytes, idleTimeoutMs: model.streamIdleTimeoutMs },
        onEvent,
        tap,
      }),
    };
  }
  const message = openAIToAnthropicResponse(await provider.chat(chat, ctx), model.upstreamModel);
  return { kind: 'json', body: message, endsTrajectory: messageEndsTrajectory(message) };
}

/**
 * Anthropic upstreams also get the client's `anthropic-beta` header: Claude Code turns features on
 * with it (extended cache TTL, long context), and a passthrough must not silently drop them.
 */
function withBeta(request: Request, provider: Provider, ctx: ProviderCallContext): ProviderCallContext {
  const beta = request.headers.get('anthropic-beta');
  if (beta === null || provider.interface !== 'anthropic') return ctx;
  return { ...ctx, headers: { ...ctx.headers, 'anthropic-beta': beta } };
}

/**
 * `POST /v1/messages` (Anthropic Messages API) and `POST /routing/v1/messages` (its decision only):
 * the same router, pins, lifecycle and `x-tether-*` headers as `/v1/chat/completions`. `x-api-key`
 * and `anthropic-version` are accepted and not forwarded (the gateway uses its own key and API
 * version), except that `passthrough_auth` models receive the client's key; `anthropic-beta` goes to
 * Anthropic upstreams. Errors on these paths
 * are in Anthropic's shape (`{"type":"error","error":{"type","message"}}`).
 */
export function messagesRoutes(tether: GatewayContext) {
  const decide = (request: Request) => decideRequest(tether, request, anthropicMessagesSource);
  return new Elysia({ name: 'tether/messages' })
    .decorate('tether', tether)
    .post(
      '/v1/messages',
      async ({ request }) => {
        const { body, affinity, decision } = await decide(request);
        return serveDecision(tether, request, decision, affinity.lifecycle, {
          format: 'anthropic',
          call: (provider, model, ctx) =>
            callMessages(body, provider, model, withBeta(request, provider, ctx)),
        });
      },
      { parse: 'none' },
    )
    .post(
      '/routing/v1/messages',
      async ({ request }) => {
        const { affinity, decision } = await decide(request);
        return routingDecisionResponse(request, decision, affinity.scope.id);
      },
      { parse: 'none' },
    );
}
