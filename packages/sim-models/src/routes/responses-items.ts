import type { z } from 'zod';
import type { BrainMessage, BrainRequest, BrainTool, BrainToolChoice } from '../brain/types.ts';
import { parseArgs } from './openai-schema.ts';
import {
  functionCallItemSchema,
  functionCallOutputItemSchema,
  messageItemSchema,
  type ResponsesItem,
  type ResponsesRequest,
} from './responses-schema.ts';

// Responses input items → the provider-neutral conversation the brain reads. The mapping is
// chosen so a conversation sent as Responses items gives the brain exactly what the same
// conversation sent as chat messages gives it, hence the same answer on either endpoint.

/** A bad field, for a 400 that names it the way OpenAI does (`input[2].call_id`). */
export interface FieldError {
  message: string;
  param: string;
}

function path(prefix: string, issue: z.core.$ZodIssue): string {
  let out = prefix;
  for (const key of issue.path) out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  return out;
}

/** Validates `input` (a string is one user message) into items, or names the first bad field. */
export function parseInputItems(input: string | unknown[]): { items: ResponsesItem[] } | FieldError {
  if (typeof input === 'string') return { items: [{ type: 'message', role: 'user', content: input }] };
  const items: ResponsesItem[] = [];
  for (const [i, raw] of input.entries()) {
    const where = `input[${i}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      return { message: `Invalid type for '${where}': expected an object.`, param: where };
    const type = (raw as { type?: unknown }).type;
    const schema =
      type === undefined || type === 'message'
        ? messageItemSchema
        : type === 'function_call'
          ? functionCallItemSchema
          : type === 'function_call_output'
            ? functionCallOutputItemSchema
            : undefined;
    if (schema === undefined) {
      if (typeof type !== 'string')
        return { message: `Invalid type for '${where}.type': expected a string.`, param: `${where}.type` };
      continue; // reasoning, item_reference, built-in tool items: nothing the sim reads
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const param = path(where, issue);
      return { message: `Invalid value for '${param}': ${issue.message}`, param };
    }
    items.push({ ...parsed.data, type: parsed.data.type ?? 'message' } as ResponsesItem);
  }
  return { items };
}

function partsText(content: string | ReadonlyArray<{ type: string; text?: string }>): string {
  if (typeof content === 'string') return content;
  return content.map((p) => p.text ?? '').join('\n');
}

/** Function tools as the brain sees them, or the first nameless one. Other tool types are ignored. */
export function functionTools(tools: ResponsesRequest['tools']): { tools: BrainTool[] } | FieldError {
  const out: BrainTool[] = [];
  for (const [i, t] of (tools ?? []).entries()) {
    if (t.type !== 'function') continue;
    if (t.name === undefined)
      return { message: `Missing required parameter: 'tools[${i}].name'.`, param: `tools[${i}].name` };
    out.push({
      name: t.name,
      description: t.description ?? undefined,
      parameters: t.parameters ?? undefined,
    });
  }
  return { tools: out };
}

function toolChoice(choice: ResponsesRequest['tool_choice']): BrainToolChoice | undefined {
  if (choice == null) return undefined;
  if (typeof choice === 'string') return choice;
  return choice.type === 'function' && choice.name ? { name: choice.name } : undefined;
}

/**
 * The brain's view: `instructions` as a system turn, then the items. Consecutive `function_call`
 * items join the assistant turn just before them (the plan text the model said with them), so a
 * round of parallel calls is one assistant turn, as in chat completions.
 */
export function responsesToBrain(
  body: ResponsesRequest,
  items: readonly ResponsesItem[],
  tools: BrainTool[],
  maxToolRounds: number,
): BrainRequest {
  const messages: BrainMessage[] = [];
  if (body.instructions) messages.push({ role: 'system', text: body.instructions });
  for (const item of items) {
    if (item.type === 'message') {
      const role = item.role === 'developer' ? 'system' : item.role;
      messages.push({ role, text: partsText(item.content) });
    } else if (item.type === 'function_call') {
      const call = { id: item.call_id, name: item.name, arguments: parseArgs(item.arguments) };
      const last = messages.at(-1);
      if (last?.role === 'assistant') last.toolCalls = [...(last.toolCalls ?? []), call];
      else messages.push({ role: 'assistant', text: '', toolCalls: [call] });
    } else {
      messages.push({ role: 'tool', text: partsText(item.output), toolCallId: item.call_id });
    }
  }
  return {
    model: body.model,
    messages,
    tools: tools.length > 0 ? tools : undefined,
    toolChoice: toolChoice(body.tool_choice),
    maxToolRounds,
  };
}
