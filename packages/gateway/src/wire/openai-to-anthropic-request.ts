import type {
  AnthropicContentBlock,
  AnthropicMessageParam,
  AnthropicMessagesRequest,
} from '../protocol/anthropic.ts';
import type { ChatCompletionRequest, ChatMessage, ContentPart } from '../protocol/openai.ts';

/** `max_tokens` is required by Anthropic; used when the OpenAI request sets no limit. */
export const DEFAULT_MAX_TOKENS = 4096;

/**
 * OpenAI chat request → Anthropic Messages request. System/developer messages become `system`;
 * tool calls and results become `tool_use`/`tool_result` blocks; consecutive messages of one role
 * are merged because Anthropic requires alternating roles. Only fields Anthropic accepts are sent
 * (it rejects unknown ones).
 */
export function toAnthropicRequest(request: ChatCompletionRequest): AnthropicMessagesRequest {
  const system: string[] = [];
  const messages: AnthropicMessageParam[] = [];
  for (const message of request.messages) {
    if (message.role === 'system' || message.role === 'developer') {
      const text = textOf(message.content);
      if (text !== '') system.push(text);
      continue;
    }
    const converted = convertMessage(message);
    if (converted.content.length === 0) continue;
    const last = messages.at(-1);
    if (last?.role === converted.role) last.content = [...asBlocks(last.content), ...converted.content];
    else messages.push(converted);
  }

  const out: AnthropicMessagesRequest = {
    model: request.model ?? '',
    max_tokens: request.max_completion_tokens ?? request.max_tokens ?? DEFAULT_MAX_TOKENS,
    messages,
  };
  if (system.length > 0) out.system = system.join('\n\n');
  if (request.stream === true) out.stream = true;
  // OpenAI allows temperature up to 2, Anthropic up to 1.
  if (typeof request.temperature === 'number')
    out.temperature = Math.min(1, Math.max(0, request.temperature));
  if (typeof request.top_p === 'number') out.top_p = request.top_p;
  if (typeof request.stop === 'string') out.stop_sequences = [request.stop];
  else if (Array.isArray(request.stop) && request.stop.length > 0) out.stop_sequences = request.stop;
  if (request.user !== undefined) out.metadata = { user_id: request.user };
  if (request.tools !== undefined && request.tools.length > 0) {
    out.tools = request.tools.map((tool) => ({
      name: tool.function.name,
      ...(tool.function.description === undefined ? {} : { description: tool.function.description }),
      input_schema: tool.function.parameters ?? { type: 'object', properties: {} },
    }));
  }
  const choice = toolChoice(request);
  if (choice !== undefined) out.tool_choice = choice;
  return out;
}

function toolChoice(request: ChatCompletionRequest): AnthropicMessagesRequest['tool_choice'] {
  const choice = request.tool_choice;
  const noParallel = request.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined)
    return request.parallel_tool_calls === false ? { type: 'auto', ...noParallel } : undefined;
  if (choice === 'auto') return { type: 'auto', ...noParallel };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any', ...noParallel };
  return { type: 'tool', name: choice.function.name, ...noParallel };
}

type NonSystem = Exclude<ChatMessage, { role: 'system' | 'developer' }>;

function convertMessage(message: NonSystem): {
  role: 'user' | 'assistant';
  content: AnthropicContentBlock[];
} {
  if (message.role === 'tool') {
    const content = typeof message.content === 'string' ? message.content : partsToBlocks(message.content);
    return { role: 'user', content: [{ type: 'tool_result', tool_use_id: message.tool_call_id, content }] };
  }
  if (message.role === 'assistant') {
    const blocks = message.content == null ? [] : contentToBlocks(message.content);
    for (const call of message.tool_calls ?? []) {
      blocks.push({
        type: 'tool_use',
        id: call.id,
        name: call.function.name,
        input: parseArguments(call.function.arguments),
      });
    }
    return { role: 'assistant', content: blocks };
  }
  return { role: 'user', content: contentToBlocks(message.content) };
}

function contentToBlocks(content: string | ContentPart[]): AnthropicContentBlock[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return partsToBlocks(content);
}

function partsToBlocks(parts: ContentPart[]): AnthropicContentBlock[] {
  const blocks: AnthropicContentBlock[] = [];
  for (const part of parts) {
    if (part.type === 'text' && typeof part.text === 'string') {
      // Anthropic rejects empty text blocks.
      if (part.text === '') continue;
      blocks.push(
        part.cache_control === undefined
          ? { type: 'text', text: part.text }
          : { type: 'text', text: part.text, cache_control: part.cache_control as { type: string } },
      );
    } else if (part.type === 'image_url' && isImagePart(part)) {
      blocks.push({ type: 'image', source: imageSource(part.image_url.url) });
    }
    // Audio and file parts have no Anthropic equivalent here; they are dropped rather than rejected.
  }
  return blocks;
}

function isImagePart(part: ContentPart): part is ContentPart & { image_url: { url: string } } {
  const imageUrl = (part as { image_url?: unknown }).image_url;
  return (
    typeof imageUrl === 'object' &&
    imageUrl !== null &&
    typeof (imageUrl as { url?: unknown }).url === 'string'
  );
}

/** `data:image/png;base64,…` → a base64 source; any other URL → a URL source. */
export function imageSource(url: string): { type: string; [key: string]: unknown } {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (match !== null) return { type: 'base64', media_type: match[1], data: match[2] };
  return { type: 'url', url };
}

/** Tool-call arguments are model-written JSON; a broken string must not fail the whole request. */
export function parseArguments(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // Fall through: Anthropic requires an object.
  }
  return {};
}

function asBlocks(content: string | AnthropicContentBlock[]): AnthropicContentBlock[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

function textOf(content: string | ContentPart[]): string {
  if (typeof content === 'string') return content;
  return content
    .map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text !== '')
    .join('\n');
}
