import type { BrainToolCall } from '../brain/types.ts';
import type { OpenAIUsage } from './openai-stream.ts';

/** A non-streaming `chat.completion` body. */
export function openaiCompletion(input: {
  id: string;
  model: string;
  created: number;
  text: string;
  calls: readonly BrainToolCall[];
  finishReason: 'stop' | 'length' | 'tool_calls';
  usage: OpenAIUsage;
}): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: input.text, refusal: null };
  if (input.calls.length > 0) {
    message.tool_calls = input.calls.map((c) => ({
      id: c.id,
      type: 'function',
      function: { name: c.name, arguments: JSON.stringify(c.arguments) },
    }));
  }
  return {
    id: input.id,
    object: 'chat.completion',
    created: input.created,
    model: input.model,
    system_fingerprint: 'sim-models',
    choices: [{ index: 0, message, logprobs: null, finish_reason: input.finishReason }],
    usage: input.usage,
  };
}
