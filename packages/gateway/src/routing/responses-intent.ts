import type { InputContentPart, MessageItem, ResponsesRequest } from '../protocol/responses.ts';
import type { IntentMessage } from './types.ts';

function textOf(content: MessageItem['content']): string {
  if (typeof content === 'string') return content;
  let out = '';
  for (const part of content as InputContentPart[])
    if (typeof part.text === 'string') out += (out ? '\n' : '') + part.text;
  return out;
}

/**
 * A Responses request's conversation as routers see it: user and assistant message text in order.
 * `instructions`, developer/system messages, tool calls and tool outputs are left out, as for chat.
 * A chain's earlier turns are not included: they live in the response store, and a chain is served
 * by its pin, not re-routed.
 */
export function intentFromResponses(body: ResponsesRequest): IntentMessage[] {
  if (typeof body.input === 'string') return body.input === '' ? [] : [{ role: 'user', text: body.input }];
  const out: IntentMessage[] = [];
  for (const item of body.input ?? []) {
    if ((item.type ?? 'message') !== 'message') continue;
    const message = item as MessageItem;
    if (message.role !== 'user' && message.role !== 'assistant') continue;
    const text = textOf(message.content);
    if (text !== '') out.push({ role: message.role, text });
  }
  return out;
}
