import type { BrainToolCall } from '../brain/types.ts';
import type { AnthropicCacheUsage } from '../prompt-cache/prompt-cache.ts';
import { eventFrame, splitJson, splitText } from '../sse.ts';

// Anthropic Messages bodies: the non-streaming message and the SSE event sequence.

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'tool_use';

export interface AnthropicReplyInput {
  id: string;
  model: string;
  text: string;
  calls: readonly BrainToolCall[];
  stopReason: AnthropicStopReason;
  /** The whole prompt's tokens. */
  inputTokens: number;
  usage: { completion_tokens: number };
  /** The prompt-cache model's split of the prompt; absent means nothing cached or written. */
  cache?: AnthropicCacheUsage;
}

/** Anthropic tool ids start with `toolu_`; the brain's neutral ids start with `call_`. */
export function toAnthropicToolId(id: string): string {
  return id.startsWith('call_') ? `toolu_${id.slice(5)}` : id;
}

function usage(input: AnthropicReplyInput, output: number) {
  const cache = input.cache;
  const creation = cache?.creation ?? 0;
  const creation1h = cache?.creation1h ?? 0;
  return {
    // Anthropic's input_tokens are only the tokens after the last cache breakpoint.
    input_tokens: cache ? cache.input : input.inputTokens,
    output_tokens: output,
    cache_creation_input_tokens: creation,
    cache_read_input_tokens: cache?.read ?? 0,
    cache_creation: {
      ephemeral_5m_input_tokens: creation - creation1h,
      ephemeral_1h_input_tokens: creation1h,
    },
    service_tier: 'standard',
  };
}

function blocks(input: AnthropicReplyInput): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  if (input.text !== '') out.push({ type: 'text', text: input.text });
  for (const c of input.calls)
    out.push({ type: 'tool_use', id: toAnthropicToolId(c.id), name: c.name, input: c.arguments });
  return out;
}

/** A non-streaming `message` body. */
export function anthropicMessage(input: AnthropicReplyInput): Record<string, unknown> {
  return {
    id: input.id,
    type: 'message',
    role: 'assistant',
    model: input.model,
    content: blocks(input),
    stop_reason: input.stopReason,
    stop_sequence: null,
    usage: usage(input, input.usage.completion_tokens),
  };
}

/**
 * The event sequence: `message_start`, per block `content_block_start` → deltas (`text_delta`,
 * or `input_json_delta` pieces for `tool_use`) → `content_block_stop` (a `ping` after the first
 * start, as the real API does), `message_delta` with `stop_reason` and usage, `message_stop`.
 */
export function anthropicFrames(input: AnthropicReplyInput): string[] {
  const frames: string[] = [];
  const start = { ...anthropicMessage(input), content: [], stop_reason: null, usage: usage(input, 1) };
  frames.push(eventFrame('message_start', { type: 'message_start', message: start }));
  blocks(input).forEach((block, index) => {
    if (block.type === 'text') {
      frames.push(
        eventFrame('content_block_start', {
          type: 'content_block_start',
          index,
          content_block: { type: 'text', text: '' },
        }),
      );
      if (index === 0) frames.push(eventFrame('ping', { type: 'ping' }));
      for (const text of splitText(String(block.text))) {
        frames.push(
          eventFrame('content_block_delta', {
            type: 'content_block_delta',
            index,
            delta: { type: 'text_delta', text },
          }),
        );
      }
    } else {
      const content_block = { ...block, input: {} };
      frames.push(eventFrame('content_block_start', { type: 'content_block_start', index, content_block }));
      if (index === 0) frames.push(eventFrame('ping', { type: 'ping' }));
      for (const partial_json of splitJson(JSON.stringify(block.input))) {
        frames.push(
          eventFrame('content_block_delta', {
            type: 'content_block_delta',
            index,
            delta: { type: 'input_json_delta', partial_json },
          }),
        );
      }
    }
    frames.push(eventFrame('content_block_stop', { type: 'content_block_stop', index }));
  });
  const final = usage(input, input.usage.completion_tokens);
  frames.push(
    eventFrame('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: input.stopReason, stop_sequence: null },
      // The real API repeats the input-side counts here, so a client reading only the last event has them.
      usage: {
        input_tokens: final.input_tokens,
        cache_creation_input_tokens: final.cache_creation_input_tokens,
        cache_read_input_tokens: final.cache_read_input_tokens,
        output_tokens: final.output_tokens,
      },
    }),
  );
  frames.push(eventFrame('message_stop', { type: 'message_stop' }));
  return frames;
}
