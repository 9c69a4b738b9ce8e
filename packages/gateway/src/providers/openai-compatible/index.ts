import {
  type ChatCompletion,
  type ChatCompletionRequest,
  chatCompletionResponseSchema,
} from '../../protocol/openai.ts';
import { openAIErrorEvent } from '../../wire/error-events.ts';
import { relayStream } from '../../wire/relay-stream.ts';
import type { Provider, ProviderCallContext, ProviderSettings } from '../types.ts';
import { malformed, parseJsonBody, postUpstream } from '../upstream-fetch.ts';
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
    // The timeout bounds the wait for headers; a long answer may then stream for as long as it needs.
    upstream.clearTimeout();
    const source = upstream.response.body;
    if (source === null) throw malformed(settings, upstream.response.status);
    return relayStream(source, { endMarker: '[DONE]', errorEvent: openAIErrorEvent });
  }

  return {
    name: settings.name,
    interface: 'openai',
    chat,
    stream,
    openai: createNativeResponsesApi(settings, auth),
  };
}
