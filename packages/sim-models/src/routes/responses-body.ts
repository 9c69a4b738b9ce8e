import { shortHash } from '../brain/text.ts';
import type { BrainToolCall } from '../brain/types.ts';

// Responses API bodies: the `response` object and its output items, in the shape the real API
// returns (`output_text` is left to the SDKs, which derive it from `output`, as the real API does).

/** `usage` of a response; `cached_tokens` comes from the prompt-cache model. */
export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** A usage block from token counts. */
export function responsesUsage(input: number, output: number, cached = 0, written = 0): ResponsesUsage {
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: cached, cache_write_tokens: written },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + output,
  };
}

/** Request fields a response echoes back. */
export interface ResponsesEcho {
  instructions: string | null;
  max_output_tokens: number | null;
  metadata: Record<string, string>;
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  store: boolean;
  temperature: number;
  top_p: number;
  tool_choice: unknown;
  tools: unknown[];
}

/** Everything a response is built from. */
export interface ResponsesReply {
  id: string;
  model: string;
  createdAt: number;
  text: string;
  calls: readonly BrainToolCall[];
  /** Cut by `max_output_tokens`: status `incomplete`. */
  incomplete: boolean;
  usage: ResponsesUsage;
  echo: ResponsesEcho;
}

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

/** A new, unique response id: ids key stored responses, so identical requests must not share one. */
export function newResponseId(): string {
  return `resp_${crypto.randomUUID().replaceAll('-', '')}${crypto.randomUUID().replaceAll('-', '').slice(0, 18)}`;
}

/** The id of the reply's message item. */
export function messageId(reply: ResponsesReply): string {
  return `msg_${reply.id.slice(5)}`;
}

/** The id of the reply's i-th function-call item. */
export function functionCallId(reply: ResponsesReply, index: number): string {
  return `fc_${shortHash(`${reply.id}:${index}`, 48)}`;
}

/** A `message` item with one `output_text` part (empty while it streams). */
export function messageItem(reply: ResponsesReply, status: ItemStatus, text?: string) {
  return {
    id: messageId(reply),
    type: 'message' as const,
    status,
    content: text === undefined ? [] : [outputTextPart(text)],
    role: 'assistant' as const,
  };
}

/** An `output_text` content part. */
export function outputTextPart(text: string) {
  return { type: 'output_text' as const, annotations: [], logprobs: [], text };
}

/** A `function_call` item; `args` is the JSON string so far ('' while it streams). */
export function functionCallItem(reply: ResponsesReply, index: number, status: ItemStatus, args: string) {
  const call = reply.calls[index]!;
  return {
    id: functionCallId(reply, index),
    type: 'function_call' as const,
    status,
    arguments: args,
    call_id: call.id,
    name: call.name,
  };
}

/** The finished output: the text as a message (when there is any), then one item per tool call. */
export function outputItems(reply: ResponsesReply): Array<Record<string, unknown>> {
  const status: ItemStatus = reply.incomplete ? 'incomplete' : 'completed';
  const out: Array<Record<string, unknown>> = [];
  if (reply.text !== '') out.push(messageItem(reply, status, reply.text));
  reply.calls.forEach((c, i) => {
    out.push(functionCallItem(reply, i, 'completed', JSON.stringify(c.arguments)));
  });
  return out;
}

/** The `response` object in a given state; `usage` is null until it completes, as in the real API. */
export function responseObject(
  reply: ResponsesReply,
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed',
  output: ReadonlyArray<Record<string, unknown>>,
  error: { code: string; message: string } | null = null,
): Record<string, unknown> {
  const done = status !== 'in_progress';
  return {
    id: reply.id,
    object: 'response',
    created_at: reply.createdAt,
    status,
    background: false,
    completed_at: status === 'completed' ? reply.createdAt : null,
    error,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    ...reply.echo,
    max_tool_calls: null,
    model: reply.model,
    output,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    text: { format: { type: 'text' }, verbosity: 'medium' },
    top_logprobs: 0,
    truncation: 'disabled',
    usage: done && status !== 'failed' ? reply.usage : null,
    user: null,
  };
}

/** The finished response: `completed`, or `incomplete` when `max_output_tokens` cut the text. */
export function finalResponse(reply: ResponsesReply): Record<string, unknown> {
  return responseObject(reply, reply.incomplete ? 'incomplete' : 'completed', outputItems(reply));
}
