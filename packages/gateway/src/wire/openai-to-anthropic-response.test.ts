import { describe, expect, test } from 'bun:test';
import type { ChatCompletion } from '../protocol/openai.ts';
import { fixture } from './__fixtures__/helpers.ts';
import { anthropicResponseSchema, fromAnthropicResponse } from './anthropic-to-openai-response.ts';
import { openAIToAnthropicResponse } from './openai-to-anthropic-response.ts';

const completion = JSON.parse(fixture(import.meta.dir, 'chat-completion-tool-calls.json')) as ChatCompletion;

describe('openAIToAnthropicResponse', () => {
  const message = openAIToAnthropicResponse(completion);

  test('turns tool calls into tool_use blocks, {} for broken arguments, and maps the stop reason', () => {
    expect(message).toMatchObject({
      id: 'chatcmpl-AbC123',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4.1-mini-2025-04-14',
    });
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { location: 'Paris' } },
      { type: 'tool_use', id: 'call_2', name: 'get_time', input: {} },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.stop_sequence).toBeNull();
  });

  test('moves cached prompt tokens to cache_read_input_tokens', () => {
    expect(message.usage).toEqual({ input_tokens: 176, output_tokens: 40, cache_read_input_tokens: 1024 });
  });

  test('text answers map finish reasons stop → end_turn and length → max_tokens', () => {
    const text = (finish: 'stop' | 'length') =>
      openAIToAnthropicResponse({
        ...completion,
        choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: finish }],
      });
    expect(text('stop')).toMatchObject({ content: [{ type: 'text', text: 'Hi' }], stop_reason: 'end_turn' });
    expect(text('length').stop_reason).toBe('max_tokens');
  });

  test('round trip Anthropic usage → OpenAI → Anthropic is lossless for cache reads', () => {
    const anthropic = anthropicResponseSchema.parse({
      id: 'msg_1',
      model: 'claude',
      content: [{ type: 'text', text: 'ok' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 90 },
    });
    const back = openAIToAnthropicResponse(fromAnthropicResponse(anthropic));
    expect(back).toMatchObject({
      content: [{ type: 'text', text: 'ok' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 90 },
    });
  });
});
