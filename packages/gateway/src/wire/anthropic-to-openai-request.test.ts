import { describe, expect, test } from 'bun:test';
import { anthropicMessagesRequestSchema } from '../protocol/anthropic.ts';
import { chatCompletionRequestSchema } from '../protocol/openai.ts';
import { anthropicToOpenAIRequest } from './anthropic-to-openai-request.ts';
import { toAnthropicRequest } from './openai-to-anthropic-request.ts';

const request = anthropicMessagesRequestSchema.parse({
  model: 'gpt-4.1-mini',
  max_tokens: 512,
  system: [
    { type: 'text', text: 'You are terse. ' },
    { type: 'text', text: 'Metric units.' },
  ],
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Weather here?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'hmm', signature: 'x' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'toolu_2', name: 'get_time', input: {} },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: '18°C' },
        {
          type: 'tool_result',
          tool_use_id: 'toolu_2',
          content: [{ type: 'text', text: 'clock broken' }],
          is_error: true,
        },
        { type: 'text', text: 'And tomorrow?' },
      ],
    },
  ],
  tools: [
    {
      name: 'get_weather',
      description: 'Weather',
      input_schema: { type: 'object', properties: { city: { type: 'string' } } },
    },
    { name: 'get_time', input_schema: { type: 'object' } },
    { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
  ],
  tool_choice: { type: 'any', disable_parallel_tool_use: true },
  stop_sequences: ['END'],
  temperature: 0.3,
  top_k: 5,
  stream: true,
  metadata: { user_id: 'u-9' },
});

describe('anthropicToOpenAIRequest', () => {
  const out = anthropicToOpenAIRequest(request);

  test('system first, images as data URLs, tool_use as tool_calls, tool results as tool messages', () => {
    expect(out.messages).toEqual([
      { role: 'system', content: 'You are terse. Metric units.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather here?' },
          { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
        ],
      },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          {
            id: 'toolu_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
          { id: 'toolu_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: '18°C' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'Error: clock broken' },
      { role: 'user', content: 'And tomorrow?' },
    ]);
    expect(chatCompletionRequestSchema.safeParse(out).success).toBe(true);
  });

  test('maps tools (client tools only), tool_choice, limits and streaming with usage', () => {
    expect(out.tools?.map((tool) => tool.function.name)).toEqual(['get_weather', 'get_time']);
    expect(out.tool_choice).toBe('required');
    expect(out.parallel_tool_calls).toBe(false);
    expect(out).toMatchObject({
      model: 'gpt-4.1-mini',
      max_tokens: 512,
      stop: ['END'],
      temperature: 0.3,
      user: 'u-9',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(out).not.toHaveProperty('top_k');
  });

  test('maps the other tool_choice forms', () => {
    const base = { max_tokens: 10, messages: [{ role: 'user' as const, content: 'hi' }] };
    expect(anthropicToOpenAIRequest({ ...base, tool_choice: { type: 'auto' } }).tool_choice).toBe('auto');
    expect(anthropicToOpenAIRequest({ ...base, tool_choice: { type: 'none' } }).tool_choice).toBe('none');
    expect(
      anthropicToOpenAIRequest({ ...base, tool_choice: { type: 'tool', name: 'f' } }).tool_choice,
    ).toEqual({
      type: 'function',
      function: { name: 'f' },
    });
  });
});

describe('round trip OpenAI → Anthropic → OpenAI', () => {
  test('keeps roles, text, tool calls, tool results, tools and limits', () => {
    const original = chatCompletionRequestSchema.parse({
      model: 'm',
      max_tokens: 300,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'c1', type: 'function', function: { name: 'w', arguments: '{"city":"Paris"}' } },
            { id: 'c2', type: 'function', function: { name: 'w', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
        { role: 'tool', tool_call_id: 'c2', content: 'rain' },
        { role: 'assistant', content: 'Paris sunny, Rome rain.' },
        { role: 'user', content: 'Thanks' },
      ],
      tools: [
        { type: 'function', function: { name: 'w', description: 'weather', parameters: { type: 'object' } } },
      ],
      tool_choice: { type: 'function', function: { name: 'w' } },
      stop: ['###'],
      temperature: 0.5,
    });
    const back = anthropicToOpenAIRequest(anthropicMessagesRequestSchema.parse(toAnthropicRequest(original)));
    expect(back).toEqual({
      model: original.model,
      max_tokens: original.max_tokens,
      messages: original.messages,
      tools: original.tools,
      tool_choice: original.tool_choice,
      stop: original.stop,
      temperature: original.temperature,
    });
  });
});
