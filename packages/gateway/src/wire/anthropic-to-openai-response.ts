import { z } from 'zod';
import type { AnthropicUsage } from '../protocol/anthropic.ts';
import type { ChatCompletion, ToolCall, Usage } from '../protocol/openai.ts';
import { mapStopReason } from './map-stop-reason.ts';

/** The fields of an Anthropic Message the translation reads; upstream bodies are read leniently. */
export const anthropicResponseSchema = z.looseObject({
  id: z.string(),
  model: z.string().nullish(),
  content: z.array(z.looseObject({ type: z.string() })),
  stop_reason: z.string().nullish(),
  usage: z
    .looseObject({
      input_tokens: z.number().nullish(),
      output_tokens: z.number().nullish(),
      cache_read_input_tokens: z.number().nullish(),
      cache_creation_input_tokens: z.number().nullish(),
    })
    .nullish(),
});
export type AnthropicResponse = z.infer<typeof anthropicResponseSchema>;

/**
 * Anthropic Message → OpenAI ChatCompletion: text blocks joined, `tool_use` blocks as `tool_calls`
 * (input JSON-encoded), stop reason mapped, usage converted with `toOpenAIUsage`.
 */
export function fromAnthropicResponse(message: AnthropicResponse, requestedModel?: string): ChatCompletion {
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const block of message.content) {
    if (block.type === 'text' && typeof block.text === 'string') text += block.text;
    else if (block.type === 'tool_use' && typeof block.id === 'string' && typeof block.name === 'string') {
      toolCalls.push({
        id: block.id,
        type: 'function',
        function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
      });
    }
    // `thinking` and server-tool blocks have no place in a chat completion.
  }
  const completion: ChatCompletion = {
    id: message.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: message.model ?? requestedModel ?? '',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text !== '' || toolCalls.length === 0 ? text : null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: mapStopReason(message.stop_reason),
        logprobs: null,
      },
    ],
  };
  if (message.usage != null) completion.usage = toOpenAIUsage(message.usage);
  return completion;
}

/**
 * Anthropic usage → OpenAI usage. Anthropic's `input_tokens` excludes cached tokens while OpenAI's
 * `prompt_tokens` includes them, so cache reads and writes are added in; reads are also reported as
 * `prompt_tokens_details.cached_tokens`.
 */
export function toOpenAIUsage(
  usage: Partial<Record<keyof AnthropicUsage, number | null | undefined>>,
): Usage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const prompt = (usage.input_tokens ?? 0) + cacheRead + (usage.cache_creation_input_tokens ?? 0);
  const completion = usage.output_tokens ?? 0;
  const out: Usage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  };
  if (cacheRead > 0) out.prompt_tokens_details = { cached_tokens: cacheRead };
  return out;
}
