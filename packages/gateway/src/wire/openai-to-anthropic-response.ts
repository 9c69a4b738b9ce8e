import type { AnthropicMessage, AnthropicResponseBlock, AnthropicUsage } from '../protocol/anthropic.ts';
import type { ChatCompletion, Usage } from '../protocol/openai.ts';
import { mapFinishReason } from './map-stop-reason.ts';
import { parseArguments } from './openai-to-anthropic-request.ts';

/**
 * OpenAI ChatCompletion → Anthropic Message: the text as one text block, each tool call as a
 * `tool_use` block (arguments parsed; `{}` when the model wrote broken JSON), finish reason and
 * usage mapped.
 */
export function openAIToAnthropicResponse(
  completion: ChatCompletion,
  requestedModel?: string,
): AnthropicMessage {
  const choice = completion.choices[0];
  const message = choice?.message;
  const content: AnthropicResponseBlock[] = [];
  const text =
    typeof message?.content === 'string' && message.content !== '' ? message.content : message?.refusal;
  if (typeof text === 'string' && text !== '') content.push({ type: 'text', text });
  for (const call of message?.tool_calls ?? []) {
    content.push({
      type: 'tool_use',
      id: call.id,
      name: call.function.name,
      input: parseArguments(call.function.arguments),
    });
  }
  const refused = typeof message?.refusal === 'string' && message.refusal !== '';
  return {
    id: completion.id,
    type: 'message',
    role: 'assistant',
    model: completion.model ?? requestedModel ?? '',
    content,
    stop_reason: refused ? 'refusal' : (mapFinishReason(choice?.finish_reason) ?? 'end_turn'),
    stop_sequence: null,
    usage: toAnthropicUsage(completion.usage),
  };
}

/**
 * OpenAI usage → Anthropic usage. OpenAI's `prompt_tokens` includes cached tokens, Anthropic's
 * `input_tokens` does not, so cached tokens move to `cache_read_input_tokens`.
 */
export function toAnthropicUsage(usage: Usage | null | undefined): AnthropicUsage {
  const cached = usage?.prompt_tokens_details?.cached_tokens ?? 0;
  const out: AnthropicUsage = {
    input_tokens: Math.max(0, (usage?.prompt_tokens ?? 0) - cached),
    output_tokens: usage?.completion_tokens ?? 0,
  };
  if (cached > 0) out.cache_read_input_tokens = cached;
  return out;
}
