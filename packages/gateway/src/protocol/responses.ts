import { z } from 'zod';

// The OpenAI Responses API (`POST /v1/responses`) as far as the gateway reads it. Like the chat
// schemas, objects are loose: fields the gateway does not translate still reach a native upstream.

const textInputPart = z.looseObject({ type: z.enum(['input_text', 'output_text']), text: z.string() });
const imageInputPart = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.string().nullish(),
});
const refusalPart = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });
const otherPart = z.looseObject({ type: z.string() });
export const inputContentPartSchema = z.union([textInputPart, imageInputPart, refusalPart, otherPart]);
export type InputContentPart = z.infer<typeof inputContentPartSchema>;

export const messageItemSchema = z.looseObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(inputContentPartSchema)]),
  id: z.string().nullish(),
  status: z.string().nullish(),
});
export const functionCallItemSchema = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
  id: z.string().nullish(),
  status: z.string().nullish(),
});
export const functionCallOutputItemSchema = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(inputContentPartSchema)]),
  id: z.string().nullish(),
  status: z.string().nullish(),
});
export const itemReferenceSchema = z.looseObject({
  type: z.literal('item_reference'),
  id: z.string().min(1),
});
/** Reasoning items carry upstream-private state; translated upstreams skip them. */
export const reasoningItemSchema = z.looseObject({ type: z.literal('reasoning') });

export type MessageItem = z.infer<typeof messageItemSchema>;
export type FunctionCallItem = z.infer<typeof functionCallItemSchema>;
export type FunctionCallOutputItem = z.infer<typeof functionCallOutputItemSchema>;
export type ItemReference = z.infer<typeof itemReferenceSchema>;
/** An item type the gateway does not model (`web_search_call`, …): passed to native upstreams only. */
export type OtherItem = { type: string; [key: string]: unknown };
export type ResponseInputItem =
  | MessageItem
  | FunctionCallItem
  | FunctionCallOutputItem
  | ItemReference
  | z.infer<typeof reasoningItemSchema>
  | OtherItem;

const ITEM_SCHEMAS: Record<string, z.ZodType> = {
  message: messageItemSchema,
  function_call: functionCallItemSchema,
  function_call_output: functionCallOutputItemSchema,
  item_reference: itemReferenceSchema,
  reasoning: reasoningItemSchema,
};

/**
 * One input item. Known types are validated against their own schema, so a malformed one is a 400
 * naming the exact field (`input[2].call_id`); a message may omit `type` (the easy-input form).
 * Item types the gateway does not model pass as they are (only a native upstream can use them).
 */
export const inputItemSchema = z
  .looseObject({ type: z.string().optional(), role: z.unknown().optional() })
  .check((ctx) => {
    const item = ctx.value;
    const type = item.type ?? (item.role !== undefined ? 'message' : undefined);
    if (type === undefined) {
      ctx.issues.push({ code: 'custom', message: 'expected an item with a `type` or a `role`', input: item });
      return;
    }
    const schema = ITEM_SCHEMAS[type];
    if (!schema) return;
    const parsed = schema.safeParse(item);
    if (parsed.success) return;
    for (const issue of parsed.error.issues)
      ctx.issues.push({ code: 'custom', message: issue.message, path: issue.path, input: item });
  })
  .transform((item) => item as ResponseInputItem);

const inputItemsSchema = z.array(inputItemSchema);

/**
 * `input`: a string (one user message) or items. Not a `z.union`: a union reports a bad item as
 * "invalid input" at `input`, where the client needs `input[2].call_id`.
 */
export const responsesInputSchema = z.unknown().transform((value, ctx): string | ResponseInputItem[] => {
  if (typeof value === 'string') return value;
  const parsed = inputItemsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues)
    ctx.addIssue({
      code: 'custom',
      message: Array.isArray(value) ? issue.message : 'expected a string or an array of input items',
      path: issue.path,
    });
  return z.NEVER;
});

export const functionToolSchema = z.looseObject({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});
export type FunctionTool = z.infer<typeof functionToolSchema>;
const otherToolSchema = z.looseObject({ type: z.string() });

export const responsesToolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), name: z.string().min(1) }),
  // Hosted-tool choices (`web_search`, `allowed_tools`, `mcp`…) pass to native upstreams; a
  // `function` choice must name its function.
  z.looseObject({
    type: z.string().refine((type) => type !== 'function', 'a function tool_choice needs a name'),
  }),
]);

const responsesRequestFields = z.looseObject({
  /** Optional at the gateway: the router or the default model picks one when absent. */
  model: z.string().min(1).max(256).optional(),
  input: responsesInputSchema.optional(),
  instructions: z.string().nullish(),
  previous_response_id: z.string().min(1).max(256).nullish(),
  tools: z.array(z.union([functionToolSchema, otherToolSchema])).optional(),
  tool_choice: responsesToolChoiceSchema.optional(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  store: z.boolean().nullish(),
  stream: z.boolean().nullish(),
  user: z.string().optional(),
  prompt_cache_key: z.string().optional(),
});

/** A request with nothing to answer (no input, no previous response) is a 400 naming `input`. */
export const responsesRequestSchema = responsesRequestFields.check((ctx) => {
  const { input, previous_response_id: previous } = ctx.value;
  const empty = input === undefined || input === '' || (Array.isArray(input) && input.length === 0);
  if (empty && (previous === undefined || previous === null))
    ctx.issues.push({
      code: 'custom',
      message: 'expected a non-empty input (or a previous_response_id)',
      path: ['input'],
      input,
    });
});
export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;

export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs?: unknown[];
}

export interface OutputMessage {
  type: 'message';
  id: string;
  role: 'assistant';
  status: 'in_progress' | 'completed' | 'incomplete';
  content: OutputText[];
}

export interface OutputFunctionCall {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: 'in_progress' | 'completed' | 'incomplete';
}

export type ResponseOutputItem = OutputMessage | OutputFunctionCall;

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export type ResponseStatus = 'completed' | 'incomplete' | 'in_progress' | 'failed';

/** A Response object, as `POST /v1/responses` returns and `response.*` stream events carry it. */
export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: string } | null;
  instructions: string | null;
  max_output_tokens: number | null;
  model: string;
  output: ResponseOutputItem[];
  output_text: string;
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  store: boolean;
  temperature: number | null;
  top_p: number | null;
  tool_choice: unknown;
  tools: unknown[];
  metadata: Record<string, string>;
  usage: ResponsesUsage | null;
  text: { format: { type: 'text' } };
  truncation: 'disabled';
  user?: string;
}

/** Upstream (native) Responses bodies are read leniently: only what the gateway records. */
export const upstreamResponseSchema = z.looseObject({
  id: z.string(),
  output: z.array(z.looseObject({ type: z.string() })).nullish(),
  status: z.string().nullish(),
});
