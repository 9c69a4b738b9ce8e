import { describe, expect, test } from 'bun:test';
import type { AnthropicMessagesRequest } from '../protocol/anthropic.ts';
import { injectCacheMarkers } from './anthropic-markers.ts';

const EPHEMERAL = { type: 'ephemeral' };

const request = (): AnthropicMessagesRequest => ({
  model: 'claude',
  max_tokens: 100,
  system: 'You are a careful agent.',
  tools: [
    { name: 'a', input_schema: { type: 'object' } },
    { name: 'b', input_schema: { type: 'object' } },
  ],
  messages: [
    { role: 'user', content: 'first question' },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'calling' },
        { type: 'tool_use', id: 't1', name: 'a', input: {} },
      ],
    },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'done' }] },
  ],
});

/** Every `cache_control` in a JSON value. */
function markers(value: unknown): number {
  return (JSON.stringify(value).match(/"cache_control"/g) ?? []).length;
}

describe('injectCacheMarkers', () => {
  test('marks the last tool, the system prompt and the last block of the last message', () => {
    const input = request();
    const out = injectCacheMarkers(input);
    expect(out.tools?.[1]).toEqual({ name: 'b', input_schema: { type: 'object' }, cache_control: EPHEMERAL });
    expect(out.tools?.[0]).toEqual({ name: 'a', input_schema: { type: 'object' } });
    expect(out.system).toEqual([
      { type: 'text', text: 'You are a careful agent.', cache_control: EPHEMERAL },
    ]);
    expect(out.messages[2]?.content).toEqual([
      { type: 'tool_result', tool_use_id: 't1', content: 'done', cache_control: EPHEMERAL },
    ]);
    expect(markers(out)).toBe(3);
    // The input is not mutated, and nothing but markers changed.
    expect(markers(input)).toBe(0);
    expect(JSON.parse(JSON.stringify(out).replaceAll(',"cache_control":{"type":"ephemeral"}', ''))).toEqual({
      ...input,
      system: [{ type: 'text', text: 'You are a careful agent.' }],
    });
  });

  test('a request where the client set any cache_control is left untouched', () => {
    const input = request();
    input.messages[0] = {
      role: 'user',
      content: [{ type: 'text', text: 'q', cache_control: { type: 'ephemeral', ttl: '1h' } }],
    };
    expect(injectCacheMarkers(input)).toBe(input);
    const viaSystem = {
      ...request(),
      system: [{ type: 'text' as const, text: 's', cache_control: EPHEMERAL }],
    };
    expect(injectCacheMarkers(viaSystem)).toBe(viaSystem);
  });

  test('string content becomes one text block; empty text and thinking blocks are never marked', () => {
    const out = injectCacheMarkers({
      model: 'm',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(out.messages[0]?.content).toEqual([{ type: 'text', text: 'hello', cache_control: EPHEMERAL }]);
    expect(out.system).toBeUndefined();
    expect(out.tools).toBeUndefined();
    const thinking = injectCacheMarkers({
      model: 'm',
      max_tokens: 5,
      messages: [
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'x' },
            { type: 'thinking', thinking: 'hm' },
          ],
        },
      ],
    });
    expect(thinking.messages[0]?.content).toEqual([
      { type: 'text', text: 'x', cache_control: EPHEMERAL },
      { type: 'thinking', thinking: 'hm' },
    ]);
  });

  test('never more than 4 breakpoints', () => {
    for (const input of [request(), { ...request(), tools: [] }, { ...request(), system: '' }]) {
      expect(markers(injectCacheMarkers(input))).toBeLessThanOrEqual(4);
    }
  });
});
