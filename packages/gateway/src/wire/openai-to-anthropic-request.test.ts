import { describe, expect, test } from 'bun:test';
import { anthropicMessagesRequestSchema } from '../protocol/anthropic.ts';
import { type ChatCompletionRequest, chatCompletionRequestSchema } from '../protocol/openai.ts';
import { DEFAULT_MAX_TOKENS, toAnthropicRequest } from './openai-to-anthropic-request.ts';

const toolConversation: ChatCompletionRequest = chatCompletionRequestSchema.parse({
  model: 'claude-sonnet-4-5',
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }] },
    { role: 'user', content: 'Weather and time in Paris?' },
    {
      role: 'assistant',
      content: 'Checking.',
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{broken' } },
      ],
    },
    { role: 'tool', tool_call_id: 'call_1', content: '18°C' },
    { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '14:00' }] },
    { role: 'user', content: 'Thanks!' },
  ],
  tools: [
    {
      type: 'function',
      function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object' } },
    },
    { type: 'function', function: { name: 'get_time' } },
  ],
  tool_choice: 'required',
  parallel_tool_calls: false,
  temperature: 1.7,
  stop: 'END',
  user: 'u-1',
  frequency_penalty: 0.5,
});

describe('toAnthropicRequest', () => {
  const out = toAnthropicRequest(toolConversation);

  test('hoists system and developer messages into `system`', () => {
    expect(out.system).toBe('You are terse.\n\nUse metric units.');
    expect(out.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
  });

  test('turns tool calls into tool_use blocks, parsing arguments ({} when broken)', () => {
    expect(out.messages[1]?.content).toEqual([
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_2', name: 'get_time', input: {} },
    ]);
  });

  test('merges consecutive tool results and the next user turn into one user message, results first', () => {
    expect(out.messages[2]?.content).toEqual([
      { type: 'tool_result', tool_use_id: 'call_1', content: '18°C' },
      { type: 'tool_result', tool_use_id: 'call_2', content: [{ type: 'text', text: '14:00' }] },
      { type: 'text', text: 'Thanks!' },
    ]);
  });

  test('maps tools, tool_choice, temperature, stop and user; drops fields Anthropic rejects', () => {
    expect(out.tools).toEqual([
      { name: 'get_weather', description: 'Weather', input_schema: { type: 'object' } },
      { name: 'get_time', input_schema: { type: 'object', properties: {} } },
    ]);
    expect(out.tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(out.temperature).toBe(1);
    expect(out.stop_sequences).toEqual(['END']);
    expect(out.metadata).toEqual({ user_id: 'u-1' });
    expect(out.max_tokens).toBe(DEFAULT_MAX_TOKENS);
    expect(out).not.toHaveProperty('frequency_penalty');
    expect(anthropicMessagesRequestSchema.safeParse(out).success).toBe(true);
  });

  test('maps every tool_choice form and prefers max_completion_tokens', () => {
    const base = { messages: [{ role: 'user' as const, content: 'hi' }] };
    expect(toAnthropicRequest({ ...base, tool_choice: 'auto' }).tool_choice).toEqual({ type: 'auto' });
    expect(toAnthropicRequest({ ...base, tool_choice: 'none' }).tool_choice).toEqual({ type: 'none' });
    expect(
      toAnthropicRequest({ ...base, tool_choice: { type: 'function', function: { name: 'f' } } }).tool_choice,
    ).toEqual({ type: 'tool', name: 'f' });
    expect(toAnthropicRequest({ ...base, max_tokens: 50, max_completion_tokens: 70 }).max_tokens).toBe(70);
    expect(toAnthropicRequest({ ...base, stop: ['a', 'b'], stream: true })).toMatchObject({
      stop_sequences: ['a', 'b'],
      stream: true,
    });
  });

  test('converts image parts: data URLs to base64 blocks, other URLs to url sources', () => {
    const request = chatCompletionRequestSchema.parse({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          ],
        },
      ],
    });
    expect(toAnthropicRequest(request).messages[0]?.content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
  });

  test('skips empty assistant turns and merges consecutive user messages', () => {
    const out = toAnthropicRequest({
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: null },
        { role: 'user', content: 'b' },
      ],
    });
    expect(out.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
    ]);
  });
});
