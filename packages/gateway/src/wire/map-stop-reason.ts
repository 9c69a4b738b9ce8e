import type { AnthropicStopReason } from '../protocol/anthropic.ts';
import type { FinishReason } from '../protocol/openai.ts';

/** Anthropic `stop_reason` → OpenAI `finish_reason`. Unknown or absent reasons give `null`. */
export function mapStopReason(reason: string | null | undefined): FinishReason | null {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
    // A paused server-tool turn ended this response normally from the client's point of view.
    case 'pause_turn':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return null;
  }
}

/** OpenAI `finish_reason` → Anthropic `stop_reason` (the reverse translation for /v1/messages). */
export function mapFinishReason(reason: string | null | undefined): AnthropicStopReason | null {
  switch (reason) {
    case 'stop':
      return 'end_turn';
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return null;
  }
}
