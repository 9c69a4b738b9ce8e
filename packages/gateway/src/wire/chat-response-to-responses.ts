import type { ChatCompletion, FinishReason, Usage } from '../protocol/openai.ts';
import type {
  OutputFunctionCall,
  OutputMessage,
  ResponseObject,
  ResponseOutputItem,
  ResponsesRequest,
  ResponsesUsage,
} from '../protocol/responses.ts';
import { outputItemId } from '../responses/ids.ts';

/** What a translated Response is built from besides the upstream answer. */
export interface ResponseShellInput {
  id: string;
  /** The model name reported to the client (the upstream's name for it). */
  model: string;
  /** Epoch seconds. */
  createdAt: number;
  request: ResponsesRequest;
}

/** A Response with no output yet (`in_progress`): what `response.created` carries. */
export function responseShell({ id, model, createdAt, request }: ResponseShellInput): ResponseObject {
  return {
    id,
    object: 'response',
    created_at: createdAt,
    status: 'in_progress',
    error: null,
    incomplete_details: null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    model,
    output: [],
    output_text: '',
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    store: request.store !== false,
    temperature: request.temperature ?? null,
    top_p: request.top_p ?? null,
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    metadata: request.metadata ?? {},
    usage: null,
    text: { format: { type: 'text' } },
    truncation: 'disabled',
    ...(request.user === undefined ? {} : { user: request.user }),
  };
}

/** Chat usage → Responses usage (cached prompt tokens kept). */
export function toResponsesUsage(usage: Usage | null | undefined): ResponsesUsage | null {
  if (!usage) return null;
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: usage.prompt_tokens_details?.cached_tokens ?? 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: usage.total_tokens,
  };
}

/** `length` (and filters) leave a Response `incomplete`, as OpenAI reports `max_output_tokens`. */
export function finishStatus(
  reason: FinishReason | null | undefined,
): Pick<ResponseObject, 'status' | 'incomplete_details'> {
  if (reason === 'length')
    return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (reason === 'content_filter')
    return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

/** The concatenated text of every `output_text` part, as the SDKs' `output_text` convenience field. */
export function outputText(output: readonly ResponseOutputItem[]): string {
  let text = '';
  for (const item of output) if (item.type === 'message') for (const part of item.content) text += part.text;
  return text;
}

/** A finished Response from its output items, usage and finish reason. */
export function finishResponse(
  shell: ResponseObject,
  output: ResponseOutputItem[],
  usage: Usage | null | undefined,
  reason: FinishReason | null | undefined,
): ResponseObject {
  return {
    ...shell,
    ...finishStatus(reason),
    output,
    output_text: outputText(output),
    usage: toResponsesUsage(usage),
  };
}

/**
 * A chat completion → a Response: the assistant text becomes a `message` item with one
 * `output_text` part, each tool call a `function_call` item whose `call_id` is the upstream's call id.
 */
export function chatResponseToResponses(completion: ChatCompletion, shell: ResponseObject): ResponseObject {
  const choice = completion.choices[0];
  const output: ResponseOutputItem[] = [];
  const text = typeof choice?.message.content === 'string' ? choice.message.content : '';
  const status = choice?.finish_reason === 'length' ? 'incomplete' : 'completed';
  if (text !== '') {
    const message: OutputMessage = {
      type: 'message',
      id: outputItemId('msg', shell.id, output.length),
      role: 'assistant',
      status,
      content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
    };
    output.push(message);
  }
  for (const call of choice?.message.tool_calls ?? []) {
    const item: OutputFunctionCall = {
      type: 'function_call',
      id: outputItemId('fc', shell.id, output.length),
      call_id: call.id,
      name: call.function.name,
      arguments: call.function.arguments,
      status: 'completed',
    };
    output.push(item);
  }
  return finishResponse(shell, output, completion.usage, choice?.finish_reason);
}
