// Every OpenAI ⇄ Anthropic wire-format conversion, and the SSE codec they share. Providers and
// routes import from here; nothing in this folder imports a provider, so there is no cycle.
export { anthropicStreamToOpenAI } from './anthropic-stream-to-openai.ts';
export { anthropicToOpenAIRequest } from './anthropic-to-openai-request.ts';
export { fromAnthropicResponse, toOpenAIUsage } from './anthropic-to-openai-response.ts';
export { anthropicErrorEvent, openAIErrorEvent } from './error-events.ts';
export { mapFinishReason, mapStopReason } from './map-stop-reason.ts';
export {
  type OpenAIStreamToAnthropicOptions,
  openAIStreamToAnthropic,
} from './openai-stream-to-anthropic.ts';
export { toAnthropicRequest } from './openai-to-anthropic-request.ts';
export { openAIToAnthropicResponse, toAnthropicUsage } from './openai-to-anthropic-response.ts';
export { type RelayOptions, relayStream } from './relay-stream.ts';
export { encodeSSE, parseSSE, SSE_DONE, type SSEEvent } from './sse.ts';
export { streamFromGenerator } from './stream-utils.ts';
