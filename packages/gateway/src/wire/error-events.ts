import { encodeSSE } from './sse.ts';

/** An OpenAI-style in-stream error, the way OpenAI reports a failure after the headers are sent. */
export function openAIErrorEvent(message: string): Uint8Array {
  return encodeSSE({ error: { message, type: 'upstream_error', code: 'upstream_error' } });
}

/** An Anthropic in-stream `error` event (`overloaded_error`, `api_error`…), as the Messages API sends it. */
export function anthropicErrorEvent(message: string, type = 'api_error'): Uint8Array {
  return encodeSSE({ type: 'error', error: { type, message } }, 'error');
}
