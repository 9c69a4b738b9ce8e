import {
  type ChatCompletion,
  type ChatCompletionRequest,
  chatCompletionResponseSchema,
} from '../../protocol/openai.ts';
import { openAIErrorEvent } from '../../wire/error-events.ts';
import { isOpenAIStreamEnd, relayStream } from '../../wire/relay-stream.ts';
import { redactSecrets } from '../redact-secret.ts';
import { streamLimits } from '../stream-limits.ts';
import type { Provider, ProviderCallContext, ProviderSettings } from '../types.ts';
import { callSecrets, malformed, parseJsonBody, postUpstream } from '../upstream-fetch.ts';
import { createNativeResponsesApi } from './responses.ts';

/**
 * An adapter for any upstream speaking OpenAI's `/chat/completions` (OpenAI, Groq, Mistral,
 * DeepSeek, Together, Ollama, vLLM…). Requests go through untouched apart from `stream`.
 *
 * @example
 * const openai = createOpenAICompatibleProvider({ name: 'openai', interface: 'openai',
 *   baseUrl: 'https://api.openai.com/v1', apiKey: process.env.OPENAI_API_KEY, timeoutMs: 60_000 });
 */
export function createOpenAICompatibleProvider(settings: ProviderSettings): Provider {
  const url = `${settings.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const auth: Record<string, string> =
    settings.apiKey === undefined || settings.apiKey === ''
      ? {}
      : { authorization: `Bearer ${settings.apiKey}` };

  async function chat(request: ChatCompletionRequest, ctx: ProviderCallContext): Promise<ChatCompletion> {
    const body = { ...request, stream: false };
    delete body.stream_options;
    const upstream = await postUpstream({ settings, ctx, url, headers: auth, body });
    const parsed = parseJsonBody(await upstream.text(), settings);
    if (!chatCompletionResponseSchema.safeParse(parsed).success) throw malformed(settings);
    return parsed as ChatCompletion;
  }

  async function stream(
    request: ChatCompletionRequest,
    ctx: ProviderCallContext,
  ): Promise<ReadableStream<Uint8Array>> {
    const body = { ...request, stream: true };
    const upstream = await postUpstream({ settings, ctx, url, headers: auth, body });
    // The timeout bounds the wait for the first byte; then only the idle timeout bounds each gap.
    return relayStream(await upstream.stream(), {
      isEnd: isOpenAIStreamEnd,
      errorEvent: (failure) => openAIErrorEvent(failure.message, failure.code),
      limits: streamLimits(settings),
      onEvent: ctx.onEvent,
      redact: (text) => redactSecrets(text, callSecrets(settings, ctx)),
    });
  }

  return {
    name: settings.name,
    interface: 'openai',
    chat,
    stream,
    openai: createNativeResponsesApi(settings, auth),
  };
}
