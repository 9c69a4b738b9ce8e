import { describe, expect, test } from 'bun:test';
import { byteStream, fixture, readEvents } from './__fixtures__/helpers.ts';
import { openAIStreamToAnthropic } from './openai-stream-to-anthropic.ts';

const sse = fixture(import.meta.dir, 'openai-stream-tool-calls.sse');

describe('openAIStreamToAnthropic', () => {
  test('emits the full Anthropic event sequence for text then parallel tool calls, whatever the chunking', async () => {
    for (const size of [1, 5, 33, 100_000]) {
      const events = await readEvents(openAIStreamToAnthropic(byteStream(sse, size)));
      // Every event's `event:` line names its `type`.
      expect(events.every((event) => event.event === event.json?.type)).toBe(true);
      expect(events.map((event) => event.event)).toEqual([
        'message_start',
        'content_block_start',
        'content_block_delta',
        'content_block_delta',
        'content_block_stop',
        'content_block_start',
        'content_block_delta',
        'content_block_delta',
        'content_block_stop',
        'content_block_start',
        'content_block_delta',
        'content_block_stop',
        'message_delta',
        'message_stop',
      ]);
      const json = events.map((event) => event.json);
      expect(json[0]).toMatchObject({
        message: { id: 'chatcmpl-XyZ', role: 'assistant', model: 'gpt-4.1-mini', content: [] },
      });
      expect(json[1]).toEqual({
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'text', text: '' },
      });
      expect(json[3]).toEqual({
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text: 'that up — ✓' },
      });
      expect(json[5]).toEqual({
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'tool_use', id: 'call_A', name: 'get_weather', input: {} },
      });
      const args = (index: number) =>
        json
          .filter((item) => item?.type === 'content_block_delta' && item.index === index)
          .map((item) => (item?.delta as { partial_json?: string } | undefined)?.partial_json ?? '')
          .join('');
      expect(JSON.parse(args(1))).toEqual({ location: 'Paris' });
      expect(json[9]).toMatchObject({
        index: 2,
        content_block: { type: 'tool_use', id: 'call_B', name: 'get_time' },
      });
      expect(JSON.parse(args(2))).toEqual({ tz: 'CET' });
      expect(json[12]).toEqual({
        type: 'message_delta',
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: { input_tokens: 44, output_tokens: 25, cache_read_input_tokens: 256 },
      });
    }
  });

  test('an upstream error chunk becomes `event: error`', async () => {
    const cut = sse.indexOf(
      'data: {"id":"chatcmpl-XyZ","object":"chat.completion.chunk","created":1763780000,"model":"gpt-4.1-mini","choices":[{"index":0,"delta":{"tool_calls"',
    );
    const upstream = `${sse.slice(0, cut)}data: {"error":{"message":"rate limited","type":"rate_limit_error"}}\n\n`;
    const events = await readEvents(openAIStreamToAnthropic(byteStream(upstream, 7)));
    expect(events.at(-1)).toMatchObject({
      event: 'error',
      json: { type: 'error', error: { type: 'api_error', message: 'rate limited' } },
    });
    expect(events.some((event) => event.event === 'message_stop')).toBe(false);
  });

  test('a cut stream (reset or early end) ends with `event: error`, never message_stop', async () => {
    const half = Math.floor(new TextEncoder().encode(sse).length / 2);
    for (const source of [byteStream(sse, 16, { cutAfter: half }), byteStream(sse.slice(0, half), 16)]) {
      const events = await readEvents(openAIStreamToAnthropic(source));
      expect(events[0]?.event).toBe('message_start');
      expect(events.at(-1)?.event).toBe('error');
      expect(events.some((event) => event.event === 'message_stop')).toBe(false);
    }
  });

  test('a stream that finished but omitted [DONE] still completes', async () => {
    const events = await readEvents(openAIStreamToAnthropic(byteStream(sse.replace('data: [DONE]', ''), 64)));
    expect(events.at(-1)?.event).toBe('message_stop');
    expect(events.at(-2)?.json).toMatchObject({ delta: { stop_reason: 'tool_use' } });
  });
});
