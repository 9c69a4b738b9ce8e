import { GatewayError } from '../errors.ts';
import type { ChatCompletionRequest, ChatMessage, ContentPart, Tool, ToolCall } from '../protocol/openai.ts';
import type {
  FunctionCallItem,
  InputContentPart,
  MessageItem,
  ResponseInputItem,
  ResponsesRequest,
} from '../protocol/responses.ts';

/** Where an item came from, for error messages: the request's `input`, or the stored chain. */
export interface ItemSource {
  item: ResponseInputItem;
  /** `input[3]`; absent for items rebuilt from `previous_response_id`. */
  path?: string;
}

function unsupported(path: string | undefined, what: string): GatewayError {
  const where = path ?? 'previous_response_id';
  return new GatewayError(
    'invalid_request',
    400,
    `${where}: ${what} is not supported by this model's upstream (the Responses API is translated to chat completions)`,
    { param: where },
  );
}

function partsText(parts: string | InputContentPart[]): string {
  if (typeof parts === 'string') return parts;
  return parts
    .map((p) => (typeof p.text === 'string' ? p.text : typeof p.refusal === 'string' ? p.refusal : ''))
    .filter((t) => t !== '')
    .join('\n');
}

function userContent(item: MessageItem, path: string | undefined): string | ContentPart[] {
  if (typeof item.content === 'string') return item.content;
  return item.content.map((part, j): ContentPart => {
    if ((part.type === 'input_text' || part.type === 'output_text') && typeof part.text === 'string')
      return { type: 'text', text: part.text };
    if (part.type === 'input_image' && typeof part.image_url === 'string') {
      const detail = typeof part.detail === 'string' ? { detail: part.detail } : {};
      return { type: 'image_url', image_url: { url: part.image_url, ...detail } };
    }
    throw unsupported(path && `${path}.content[${j}].type`, `content part type "${part.type}"`);
  });
}

/**
 * Responses input items → chat messages. An assistant message and the `function_call` items that
 * follow it become one assistant message with `tool_calls`; `function_call_output` becomes a `tool`
 * message; `reasoning` items (upstream-private state) are dropped. Item references must have been
 * resolved by the caller; anything else a chat upstream cannot express is a 400 naming the item.
 */
export function itemsToChatMessages(items: readonly ItemSource[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  let assistant: { text: string[]; calls: ToolCall[] } | undefined;
  const flush = () => {
    if (!assistant) return;
    const content = assistant.text.length > 0 ? assistant.text.join('\n') : null;
    messages.push(
      assistant.calls.length > 0
        ? { role: 'assistant', content, tool_calls: assistant.calls }
        : { role: 'assistant', content },
    );
    assistant = undefined;
  };
  for (const { item, path } of items) {
    const type = item.type ?? 'message';
    if (type === 'reasoning') continue;
    if (type === 'function_call') {
      const call = item as FunctionCallItem;
      assistant ??= { text: [], calls: [] };
      assistant.calls.push({
        id: call.call_id,
        type: 'function',
        function: { name: call.name, arguments: call.arguments },
      });
      continue;
    }
    if (type === 'message' && (item as MessageItem).role === 'assistant') {
      // Text after tool calls starts a new assistant turn; text before them shares the turn.
      if (assistant && assistant.calls.length > 0) flush();
      assistant ??= { text: [], calls: [] };
      const text = partsText((item as MessageItem).content);
      if (text !== '') assistant.text.push(text);
      continue;
    }
    flush();
    if (type === 'function_call_output') {
      const out = item as { call_id: string; output: string | InputContentPart[] };
      messages.push({ role: 'tool', tool_call_id: out.call_id, content: partsText(out.output) });
      continue;
    }
    if (type === 'message') {
      const message = item as MessageItem;
      if (message.role === 'user') messages.push({ role: 'user', content: userContent(message, path) });
      else messages.push({ role: message.role, content: partsText(message.content) });
      continue;
    }
    throw unsupported(path && `${path}.type`, `input item type "${type}"`);
  }
  flush();
  return messages;
}

function chatTools(tools: ResponsesRequest['tools']): Tool[] | undefined {
  if (tools === undefined || tools.length === 0) return undefined;
  return tools.map((tool, i): Tool => {
    if (tool.type !== 'function' || typeof tool.name !== 'string')
      throw unsupported(`tools[${i}].type`, `tool type "${tool.type}"`);
    const fn: Tool['function'] = { name: tool.name };
    if (typeof tool.description === 'string') fn.description = tool.description;
    if (tool.parameters !== null && typeof tool.parameters === 'object')
      fn.parameters = tool.parameters as Record<string, unknown>;
    if (typeof tool.strict === 'boolean') fn.strict = tool.strict;
    return { type: 'function', function: fn };
  });
}

function chatToolChoice(choice: ResponsesRequest['tool_choice']): ChatCompletionRequest['tool_choice'] {
  if (choice === undefined || typeof choice === 'string') return choice;
  if (choice.type === 'function' && typeof choice.name === 'string')
    return { type: 'function', function: { name: choice.name } };
  throw unsupported('tool_choice', `tool_choice type "${choice.type}"`);
}

/** `text.format` (structured output) → chat `response_format`. */
function responseFormat(text: unknown): Record<string, unknown> | undefined {
  const format = (text as { format?: Record<string, unknown> } | undefined)?.format;
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type === 'json_schema') {
    const { type: _type, ...schema } = format;
    return { type: 'json_schema', json_schema: schema };
  }
  throw unsupported('text.format.type', `text format "${String(format.type)}"`);
}

/**
 * A Responses request → a chat-completions request for `model`. `history` is the conversation
 * rebuilt from `previous_response_id` (already flattened, references resolved); `input` the new
 * items. `instructions` apply to this request only, as in the Responses API, so they lead the
 * messages and are not taken from the history.
 */
export function responsesToChatRequest(
  body: ResponsesRequest,
  history: readonly ResponseInputItem[],
  input: readonly ItemSource[],
  model: string,
): ChatCompletionRequest {
  const messages: ChatMessage[] = [];
  if (typeof body.instructions === 'string' && body.instructions !== '')
    messages.push({ role: 'system', content: body.instructions });
  messages.push(...itemsToChatMessages([...history.map((item) => ({ item })), ...input]));
  if (!messages.some((m) => m.role !== 'system' && m.role !== 'developer'))
    throw new GatewayError('invalid_request', 400, 'input: expected at least one input item', {
      param: 'input',
    });
  const out: ChatCompletionRequest = { model, messages };
  const tools = chatTools(body.tools);
  if (tools) out.tools = tools;
  const choice = chatToolChoice(body.tool_choice);
  if (choice !== undefined && tools) out.tool_choice = choice;
  if (typeof body.max_output_tokens === 'number') out.max_tokens = body.max_output_tokens;
  if (typeof body.temperature === 'number') out.temperature = body.temperature;
  if (typeof body.top_p === 'number') out.top_p = body.top_p;
  if (typeof body.parallel_tool_calls === 'boolean' && tools)
    out.parallel_tool_calls = body.parallel_tool_calls;
  if (typeof body.user === 'string') out.user = body.user;
  const format = responseFormat(body.text);
  if (format) out.response_format = format;
  if (body.stream === true) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  return out;
}

/** The request's `input` as item sources with their paths (`input[2]`), a string as one user message. */
export function inputSources(input: ResponsesRequest['input']): ItemSource[] {
  if (input === undefined) return [];
  if (typeof input === 'string') return [{ item: { role: 'user', content: input }, path: 'input' }];
  return input.map((item, i) => ({ item, path: `input[${i}]` }));
}
