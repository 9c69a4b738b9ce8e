import { z } from 'zod';
import type { BrainMessage, BrainRequest, BrainToolChoice } from '../brain/types.ts';

// The Anthropic Messages fields sim-models reads; everything else passes (`looseObject`).

const block = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
  tool_use_id: z.string().optional(),
  content: z
    .union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))])
    .optional(),
});

export const messagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  messages: z
    .array(
      z.looseObject({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), z.array(block)]) }),
    )
    .min(1),
  system: z
    .union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))])
    .optional(),
  stream: z.boolean().optional(),
  tools: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        description: z.string().optional(),
        input_schema: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .optional(),
  tool_choice: z
    .looseObject({ type: z.enum(['auto', 'any', 'tool', 'none']), name: z.string().optional() })
    .optional(),
});
export type MessagesRequest = z.infer<typeof messagesRequestSchema>;

function texts(parts: ReadonlyArray<{ type: string; text?: string }>): string {
  return parts
    .filter((p) => p.type === 'text')
    .map((p) => p.text ?? '')
    .join('\n');
}

function objectInput(input: unknown): Record<string, unknown> {
  return input !== null && typeof input === 'object' && !Array.isArray(input)
    ? (input as Record<string, unknown>)
    : {};
}

/**
 * The provider-neutral view of an Anthropic request. `tool_result` blocks become `role: "tool"`
 * turns; a user turn that carries tool results doesn't start a new task, so its text is dropped
 * from the round count (it stays in no turn of its own).
 */
export function anthropicToBrain(body: MessagesRequest, maxToolRounds: number): BrainRequest {
  const messages: BrainMessage[] = [];
  const system = typeof body.system === 'string' ? body.system : texts(body.system ?? []);
  if (system !== '') messages.push({ role: 'system', text: system });
  for (const m of body.messages) {
    if (typeof m.content === 'string') {
      messages.push({ role: m.role, text: m.content });
      continue;
    }
    const results = m.content.filter((b) => b.type === 'tool_result');
    for (const r of results) {
      const text = typeof r.content === 'string' ? r.content : texts(r.content ?? []);
      messages.push({ role: 'tool', text, toolCallId: r.tool_use_id });
    }
    const toolCalls = m.content
      .filter((b) => b.type === 'tool_use')
      .map((b) => ({ id: b.id ?? '', name: b.name ?? '', arguments: objectInput(b.input) }));
    const text = texts(m.content);
    if (m.role === 'assistant')
      messages.push({ role: 'assistant', text, toolCalls: toolCalls.length ? toolCalls : undefined });
    else if (results.length === 0) messages.push({ role: 'user', text });
  }
  const c = body.tool_choice;
  let toolChoice: BrainToolChoice | undefined;
  if (c) toolChoice = c.type === 'any' ? 'required' : c.type === 'tool' ? { name: c.name ?? '' } : c.type;
  return {
    model: body.model,
    messages,
    tools: body.tools?.map((t) => ({ name: t.name, description: t.description, parameters: t.input_schema })),
    toolChoice,
    maxToolRounds,
  };
}
