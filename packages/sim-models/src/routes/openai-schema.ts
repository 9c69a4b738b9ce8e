import { z } from 'zod';
import type { BrainMessage, BrainRequest, BrainToolCall } from '../brain/types.ts';

// The OpenAI request fields sim-models reads; everything else passes (`looseObject`).

const part = z.looseObject({ type: z.string(), text: z.string().optional() });
const content = z.union([z.string(), z.array(part)]).nullish();

const toolCall = z.looseObject({
  id: z.string(),
  type: z.string().optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const message = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content,
  tool_calls: z.array(toolCall).nullish(),
  tool_call_id: z.string().nullish(),
});

const tool = z.looseObject({
  type: z.string().optional(),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
  }),
});

export const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  tools: z.array(tool).nullish(),
  tool_choice: z
    .union([
      z.enum(['none', 'auto', 'required']),
      z.looseObject({ type: z.string().optional(), function: z.looseObject({ name: z.string() }) }),
    ])
    .nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

export const embeddingsRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string()), z.array(z.number()), z.array(z.array(z.number()))]),
  encoding_format: z.enum(['float', 'base64']).nullish(),
  dimensions: z.number().int().min(1).max(4096).nullish(),
});
export type EmbeddingsRequest = z.infer<typeof embeddingsRequestSchema>;

function text(c: z.infer<typeof content>): string {
  if (typeof c === 'string') return c;
  return (c ?? []).map((p) => p.text ?? '').join('\n');
}

/** A tool call's JSON arguments as an object; anything else (bad JSON, arrays) reads as `{}`. */
export function parseArgs(raw: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(raw);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The provider-neutral view of an OpenAI chat request. */
export function openaiToBrain(body: ChatRequest, maxToolRounds: number): BrainRequest {
  const messages: BrainMessage[] = body.messages.map((m) => {
    const role = m.role === 'developer' ? 'system' : m.role === 'function' ? 'tool' : m.role;
    const toolCalls: BrainToolCall[] | undefined = m.tool_calls?.map((c) => ({
      id: c.id,
      name: c.function.name,
      arguments: parseArgs(c.function.arguments),
    }));
    return { role, text: text(m.content), toolCalls, toolCallId: m.tool_call_id ?? undefined };
  });
  const choice = body.tool_choice;
  return {
    model: body.model,
    messages,
    tools: body.tools?.map((t) => ({
      name: t.function.name,
      description: t.function.description ?? undefined,
      parameters: t.function.parameters ?? undefined,
    })),
    toolChoice:
      choice == null ? undefined : typeof choice === 'string' ? choice : { name: choice.function.name },
    maxToolRounds,
  };
}
