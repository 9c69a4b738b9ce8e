import type { AnthropicMessageParam } from '../protocol/anthropic.ts';
import type { IntentMessage } from './types.ts';

/**
 * The conversation as routers see it, from Anthropic messages: the text blocks of user and
 * assistant turns in order. `system`, `tool_result`, `tool_use`, images and documents are left out
 * (they describe the agent or carry data, not the current intent), exactly as for OpenAI requests.
 */
export function intentFromAnthropic(messages: readonly AnthropicMessageParam[]): IntentMessage[] {
  const out: IntentMessage[] = [];
  for (const m of messages) {
    let text = '';
    if (typeof m.content === 'string') text = m.content;
    else {
      for (const block of m.content) {
        if (block.type === 'text' && typeof block.text === 'string') text += (text ? '\n' : '') + block.text;
      }
    }
    if (text !== '') out.push({ role: m.role, text });
  }
  return out;
}
