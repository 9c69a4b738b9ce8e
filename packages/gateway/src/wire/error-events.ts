import { encodeSSE } from './sse.ts';

/**
 * An OpenAI-style in-stream error, the way OpenAI reports a failure after the headers are sent.
 * Tether ends the stream right after it, without `data: [DONE]`, so no client mistakes a broken
 * answer for a whole one.
 */
export function openAIErrorEvent(message: string, code = 'upstream_error'): Uint8Array {
  return encodeSSE({ error: { message, type: 'upstream_error', code } });
}

/** An Anthropic in-stream `error` event (`overloaded_error`, `api_error`…), as the Messages API sends it. */
export function anthropicErrorEvent(message: string, type = 'api_error'): Uint8Array {
  return encodeSSE({ type: 'error', error: { type, message } }, 'error');
}
