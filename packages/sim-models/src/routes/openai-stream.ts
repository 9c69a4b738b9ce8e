import type { BrainToolCall } from '../brain/types.ts';
import { dataFrame, splitJson, splitText } from '../sse.ts';

// The frames of an OpenAI chat-completion stream, in the order the real API sends them.

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** `cached_tokens` from the prompt-cache model (absent on the fixed tiny answer). */
  prompt_tokens_details?: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details?: {
    reasoning_tokens: number;
    audio_tokens: number;
    accepted_prediction_tokens: number;
    rejected_prediction_tokens: number;
  };
}

export interface OpenAIStreamInput {
  id: string;
  model: string;
  created: number;
  text: string;
  calls: readonly BrainToolCall[];
  finishReason: 'stop' | 'length' | 'tool_calls';
  usage: OpenAIUsage;
  includeUsage: boolean;
}

/**
 * `data:` frames: a first chunk with `delta.role`, the content in several deltas, each tool call
 * (id, type and name first, then its arguments in pieces), a chunk with `finish_reason`, with
 * `include_usage` a final `choices: []` chunk carrying `usage`, then `data: [DONE]`.
 */
export function openaiFrames(input: OpenAIStreamInput): string[] {
  const { id, model, created, includeUsage } = input;
  const frames: string[] = [];
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => {
    const body: Record<string, unknown> = {
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      system_fingerprint: 'sim-models',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    };
    if (includeUsage) body.usage = null;
    frames.push(dataFrame(body));
  };
  chunk({ role: 'assistant', content: '', refusal: null });
  if (input.text !== '') for (const piece of splitText(input.text)) chunk({ content: piece });
  input.calls.forEach((call, index) => {
    chunk({
      tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }],
    });
    for (const piece of splitJson(JSON.stringify(call.arguments))) {
      chunk({ tool_calls: [{ index, function: { arguments: piece } }] });
    }
  });
  chunk({}, input.finishReason);
  if (includeUsage) {
    frames.push(
      dataFrame({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        system_fingerprint: 'sim-models',
        choices: [],
        usage: input.usage,
      }),
    );
  }
  frames.push('data: [DONE]\n\n');
  return frames;
}
