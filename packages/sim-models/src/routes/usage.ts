import { estimateTokens } from '../brain/text.ts';
import type { BrainRequest, BrainToolCall } from '../brain/types.ts';
import type { OpenAIUsage } from './openai-stream.ts';

// Deterministic token estimates (~4 characters a token), the same for both wire formats.

/** Prompt tokens: every message's text and tool calls, plus the tool definitions. */
export function promptTokens(req: BrainRequest): number {
  let n = 0;
  for (const m of req.messages) {
    n += 4 + estimateTokens(m.text);
    for (const c of m.toolCalls ?? []) n += estimateTokens(c.name + JSON.stringify(c.arguments));
  }
  for (const t of req.tools ?? [])
    n += estimateTokens(t.name + (t.description ?? '') + JSON.stringify(t.parameters ?? {}));
  return n;
}

/** Completion tokens: the text plus each call's name and arguments. */
export function completionTokens(text: string, calls: readonly BrainToolCall[] = []): number {
  let n = text === '' ? 0 : estimateTokens(text);
  for (const c of calls) n += estimateTokens(c.name + JSON.stringify(c.arguments));
  return Math.max(1, n);
}

/** A chat-completions `usage` block with the details the real API sends. */
export function openaiUsage(prompt: number, completion: number, cached: number): OpenAIUsage {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}
