import type {
  AnthropicContentBlock,
  AnthropicMessageParam,
  AnthropicMessagesRequest,
} from '../protocol/anthropic.ts';
import type { ChatCompletionRequest, ChatMessage, ContentPart, ToolCall } from '../protocol/openai.ts';

type Block = Record<string, unknown> & { type: string };

/**
 * Anthropic Messages request → OpenAI chat request, for an Anthropic client routed to an
 * OpenAI-style upstream. `system` → a system message; `tool_use` → assistant `tool_calls`;
 * `tool_result` → `tool` messages (placed first, right after the assistant turn that called them);
 * streaming asks for usage (`stream_options.include_usage`) so the Anthropic `message_delta` has it.
 */
export function anthropicToOpenAIRequest(request: AnthropicMessagesRequest): ChatCompletionRequest {
  const messages: ChatMessage[] = [];
  const system = typeof request.system === 'string' ? request.system : joinText(request.system ?? []);
  if (system !== '') messages.push({ role: 'system', content: system });
  for (const message of request.messages) messages.push(...convertMessage(message));

  const out: ChatCompletionRequest = { messages, max_tokens: request.max_tokens };
  if (request.model !== undefined) out.model = request.model;
  if (request.stream === true) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  if (request.temperature !== undefined) out.temperature = request.temperature;
  if (request.top_p !== undefined) out.top_p = request.top_p;
  if (request.stop_sequences !== undefined && request.stop_sequences.length > 0)
    out.stop = request.stop_sequences;
  if (typeof request.metadata?.user_id === 'string') out.user = request.metadata.user_id;
  // Server tools (web search, code execution…) carry a `type`; only client tools translate.
  const tools = (request.tools ?? []).filter((tool) => tool.type === undefined || tool.type === 'custom');
  if (tools.length > 0) {
    out.tools = tools.map((tool) => ({
      type: 'function' as const,
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.input_schema ?? { type: 'object', properties: {} },
      },
    }));
  }
  const choice = request.tool_choice;
  if (choice !== undefined) {
    if (choice.type === 'auto') out.tool_choice = 'auto';
    else if (choice.type === 'any') out.tool_choice = 'required';
    else if (choice.type === 'none') out.tool_choice = 'none';
    else if (choice.name !== undefined)
      out.tool_choice = { type: 'function', function: { name: choice.name } };
    if (choice.disable_parallel_tool_use === true && tools.length > 0) out.parallel_tool_calls = false;
  }
  return out;
}

function convertMessage(message: AnthropicMessageParam): ChatMessage[] {
  if (typeof message.content === 'string') return [{ role: message.role, content: message.content }];
  const blocks = message.content as Block[];
  if (message.role === 'assistant') {
    const text = joinText(blocks);
    const toolCalls: ToolCall[] = blocks
      .filter((block) => block.type === 'tool_use')
      .map((block) => ({
        id: String(block.id),
        type: 'function' as const,
        function: { name: String(block.name), arguments: JSON.stringify(block.input ?? {}) },
      }));
    if (toolCalls.length === 0) return [{ role: 'assistant', content: text }];
    return [{ role: 'assistant', content: text === '' ? null : text, tool_calls: toolCalls }];
  }
  const out: ChatMessage[] = [];
  for (const block of blocks) {
    if (block.type !== 'tool_result') continue;
    const content = block.content as string | AnthropicContentBlock[] | undefined;
    const text = typeof content === 'string' ? content : joinText((content ?? []) as Block[]);
    // OpenAI has no error flag on tool results; say it in the text so the model still knows.
    out.push({
      role: 'tool',
      tool_call_id: String(block.tool_use_id),
      content: block.is_error === true ? `Error: ${text}` : text,
    });
  }
  const parts = blocks.flatMap(toPart);
  if (parts.length > 0) {
    const onlyText = parts.every((part) => part.type === 'text');
    out.push({ role: 'user', content: onlyText ? parts.map((part) => String(part.text)).join('\n') : parts });
  }
  return out;
}

function toPart(block: Block): ContentPart[] {
  if (block.type === 'text' && typeof block.text === 'string') return [{ type: 'text', text: block.text }];
  if (block.type === 'image') {
    const source = (block.source ?? {}) as Record<string, unknown>;
    if (source.type === 'base64') {
      return [
        {
          type: 'image_url',
          image_url: { url: `data:${String(source.media_type)};base64,${String(source.data)}` },
        },
      ];
    }
    if (source.type === 'url' && typeof source.url === 'string')
      return [{ type: 'image_url', image_url: { url: source.url } }];
  }
  return []; // documents, thinking and server-tool blocks have no chat-completions equivalent
}

function joinText(blocks: ReadonlyArray<Record<string, unknown>>): string {
  return blocks
    .filter((block) => block.type === 'text' && typeof block.text === 'string')
    .map((block) => block.text as string)
    .join('');
}
