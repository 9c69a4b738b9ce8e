import type { AnthropicMessage, AnthropicMessagesRequest } from '../../protocol/anthropic.ts';
import type { ChatCompletion, ChatCompletionRequest } from '../../protocol/openai.ts';
import { anthropicStreamToOpenAI } from '../../wire/anthropic-stream-to-openai.ts';
import { anthropicResponseSchema, fromAnthropicResponse } from '../../wire/anthropic-to-openai-response.ts';
import { anthropicErrorEvent } from '../../wire/error-events.ts';
import { toAnthropicRequest } from '../../wire/openai-to-anthropic-request.ts';
import { isAnthropicStreamEnd, relayStream } from '../../wire/relay-stream.ts';
import { redactSecrets } from '../redact-secret.ts';
import { streamLimits } from '../stream-limits.ts';
import type { Provider, ProviderCallContext, ProviderSettings } from '../types.ts';
import { callSecrets, malformed, parseJsonBody, postUpstream } from '../upstream-fetch.ts';

/** The Messages API version the translation is written against. */
export const ANTHROPIC_VERSION = '2023-06-01';

/**
 * An adapter for Anthropic's Messages API. `chat`/`stream` take and give OpenAI shapes (translated
 * inside); `messages.create`/`messages.stream` pass Anthropic requests through for /v1/messages.
 *
 * @example
 * const claude = createAnthropicProvider({ name: 'anthropic', interface: 'anthropic',
 *   baseUrl: 'https://api.anthropic.com/v1', apiKey: process.env.ANTHROPIC_API_KEY, timeoutMs: 60_000 });
 */
export function createAnthropicProvider(settings: ProviderSettings): Provider {
  const url = `${settings.baseUrl.replace(/\/+$/, '')}/messages`;
  const headers: Record<string, string> = { 'anthropic-version': ANTHROPIC_VERSION };
  if (settings.apiKey !== undefined && settings.apiKey !== '') headers['x-api-key'] = settings.apiKey;

  async function create(body: AnthropicMessagesRequest, ctx: ProviderCallContext) {
    const upstream = await postUpstream({ settings, ctx, url, headers, body: { ...body, stream: false } });
    const parsed = anthropicResponseSchema.safeParse(parseJsonBody(await upstream.text(), settings));
    if (!parsed.success) throw malformed(settings);
    return parsed.data;
  }

  async function openStream(body: AnthropicMessagesRequest, ctx: ProviderCallContext) {
    const upstream = await postUpstream({ settings, ctx, url, headers, body: { ...body, stream: true } });
    // The timeout bounds the wait for the first byte; then only the idle timeout bounds each gap.
    return await upstream.stream();
  }

  return {
    name: settings.name,
    interface: 'anthropic',
    async chat(request: ChatCompletionRequest, ctx: ProviderCallContext): Promise<ChatCompletion> {
      return fromAnthropicResponse(await create(toAnthropicRequest(request), ctx), request.model);
    },
    async stream(
      request: ChatCompletionRequest,
      ctx: ProviderCallContext,
    ): Promise<ReadableStream<Uint8Array>> {
      const source = await openStream(toAnthropicRequest(request), ctx);
      return anthropicStreamToOpenAI(source, {
        includeUsage: request.stream_options?.include_usage === true,
        model: request.model,
        limits: streamLimits(settings),
        onEvent: ctx.onEvent,
        redact: (text) => redactSecrets(text, callSecrets(settings, ctx)),
      });
    },
    messages: {
      async create(request: AnthropicMessagesRequest, ctx: ProviderCallContext): Promise<AnthropicMessage> {
        return (await create(request, ctx)) as unknown as AnthropicMessage;
      },
      async stream(
        request: AnthropicMessagesRequest,
        ctx: ProviderCallContext,
      ): Promise<ReadableStream<Uint8Array>> {
        return relayStream(await openStream(request, ctx), {
          isEnd: isAnthropicStreamEnd,
          errorEvent: (failure) => anthropicErrorEvent(failure.message),
          limits: streamLimits(settings),
          onEvent: ctx.onEvent,
          redact: (text) => redactSecrets(text, callSecrets(settings, ctx)),
        });
      },
    },
  };
}
