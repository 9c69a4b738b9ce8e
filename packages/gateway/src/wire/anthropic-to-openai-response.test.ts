import { describe, expect, test } from 'bun:test';
import { fixture } from './__fixtures__/helpers.ts';
import { anthropicResponseSchema, fromAnthropicResponse } from './anthropic-to-openai-response.ts';
import { mapStopReason } from './map-stop-reason.ts';

describe('fromAnthropicResponse', () => {
  const message = anthropicResponseSchema.parse(
    JSON.parse(fixture(import.meta.dir, 'message-tool-use.json')),
  );
  const completion = fromAnthropicResponse(message);

  test('joins text blocks, skips thinking, and turns tool_use into tool_calls', () => {
    const choice = completion.choices[0];
    expect(choice?.message.content).toBe("I'll check the weather in Paris.");
    expect(choice?.message.tool_calls).toEqual([
      {
        id: 'toolu_01A09q90qw90lq917835lq9',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"location":"Paris, France","unit":"celsius"}' },
      },
    ]);
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(completion).toMatchObject({
      id: 'msg_01Aq9w938a90dw8q',
      object: 'chat.completion',
      model: 'claude-sonnet-4-5-20250929',
    });
  });

  test('counts cached tokens into prompt_tokens and reports cache reads as cached_tokens', () => {
    expect(completion.usage).toEqual({
      prompt_tokens: 472 + 1024 + 10,
      completion_tokens: 89,
      total_tokens: 472 + 1024 + 10 + 89,
      prompt_tokens_details: { cached_tokens: 1024 },
    });
  });

  test('content is null with only tool calls, empty string with nothing at all', () => {
    const toolOnly = fromAnthropicResponse({ ...message, content: message.content.slice(3) });
    expect(toolOnly.choices[0]?.message.content).toBeNull();
    const empty = fromAnthropicResponse({ ...message, content: [], stop_reason: 'end_turn' });
    expect(empty.choices[0]?.message).toEqual({ role: 'assistant', content: '' });
  });
});

describe('mapStopReason', () => {
  test('maps every Anthropic stop reason', () => {
    expect(mapStopReason('end_turn')).toBe('stop');
    expect(mapStopReason('stop_sequence')).toBe('stop');
    expect(mapStopReason('max_tokens')).toBe('length');
    expect(mapStopReason('tool_use')).toBe('tool_calls');
    expect(mapStopReason('refusal')).toBe('content_filter');
    expect(mapStopReason(null)).toBeNull();
  });
});
