export { fromAnthropicResponse, toOpenAIUsage } from '../providers/anthropic/from-anthropic-response.ts';
export { mapFinishReason, mapStopReason } from '../providers/anthropic/map-stop-reason.ts';
export { anthropicStreamToOpenAI } from '../providers/anthropic/stream-to-openai.ts';
export { toAnthropicRequest } from '../providers/anthropic/to-anthropic-request.ts';
export { anthropicToOpenAIRequest } from './anthropic-to-openai-request.ts';
export {
  type OpenAIStreamToAnthropicOptions,
  openAIStreamToAnthropic,
} from './openai-stream-to-anthropic.ts';
export { openAIToAnthropicResponse, toAnthropicUsage } from './openai-to-anthropic-response.ts';
export { encodeSSE, parseSSE, SSE_DONE, type SSEEvent } from './sse.ts';
export { streamFromGenerator } from './stream-utils.ts';
