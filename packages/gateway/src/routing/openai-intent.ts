import type { ChatMessage } from '../protocol/openai.ts';
import type { IntentMessage } from './types.ts';

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const part of content) {
    if (part.type === 'text' && typeof part.text === 'string') out += (out ? '\n' : '') + part.text;
  }
  return out;
}

/**
 * The conversation as routers see it: user and assistant text in order. System/developer prompts
 * and tool results are dropped (they describe the agent, not the current intent); assistant
 * messages that only call tools contribute nothing.
 */
export function intentFromOpenAI(messages: readonly ChatMessage[]): IntentMessage[] {
  const out: IntentMessage[] = [];
  for (const m of messages) {
    if (m.role !== 'user' && m.role !== 'assistant') continue;
    const text = textOf(m.content);
    if (text !== '') out.push({ role: m.role, text });
  }
  return out;
}
