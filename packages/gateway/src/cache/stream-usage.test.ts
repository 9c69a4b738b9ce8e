import { describe, expect, test } from 'bun:test';
import { tapUsage } from './stream-usage.ts';
import type { TokenUsage } from './usage.ts';

const enc = new TextEncoder();
const streamOf = (parts: string[]) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of parts) c.enqueue(enc.encode(p));
      c.close();
    },
  });

async function run(parts: string[], format: 'openai' | 'anthropic' | 'responses', hideUsageChunk = false) {
  let seen: TokenUsage | undefined | 'not called' = 'not called';
  const out = tapUsage(streamOf(parts), format, {
    hideUsageChunk,
    onEnd: async (u) => {
      seen = u;
    },
  });
  const text = await new Response(out).text();
  return { text, usage: seen as TokenUsage | undefined | 'not called' };
}

const chunk =
  '{"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"hi"}}],"usage":null}';
const usageChunk =
  '{"id":"c","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":1200,"completion_tokens":3,"total_tokens":1203,"prompt_tokens_details":{"cached_tokens":1152}}}';

describe('tapUsage', () => {
  test('OpenAI: reads the usage chunk and relays every byte when the client asked for it', async () => {
    const parts = [`data: ${chunk}\n\n`, `data: ${usageChunk}\n\n`, 'data: [DONE]\n\n'];
    const { text, usage } = await run(parts, 'openai');
    expect(text).toBe(parts.join(''));
    expect(usage).toEqual({ input: 1200, cachedRead: 1152, cacheWrite: 0, output: 3 });
  });

  test('OpenAI: drops the usage-only chunk the client did not ask for, even split across reads', async () => {
    const whole = `data: ${chunk}\n\ndata: ${usageChunk}\n\ndata: [DONE]\n\n`;
    const parts = [whole.slice(0, 50), whole.slice(50, 240), whole.slice(240)];
    const { text, usage } = await run(parts, 'openai', true);
    expect(text).toBe(`data: ${chunk}\n\ndata: [DONE]\n\n`);
    expect(usage).toEqual({ input: 1200, cachedRead: 1152, cacheWrite: 0, output: 3 });
  });

  test('Anthropic: input and cache counts from message_start, output from message_delta', async () => {
    const parts = [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"m","usage":{"input_tokens":4,"cache_creation_input_tokens":0,"cache_read_input_tokens":2048,"output_tokens":1}}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\\"usage\\": hi"}}\n\n',
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":42}}\n\n',
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ];
    const { text, usage } = await run(parts, 'anthropic');
    expect(text).toBe(parts.join(''));
    expect(usage).toEqual({ input: 2052, cachedRead: 2048, cacheWrite: 0, output: 42 });
  });

  test('Responses: usage from response.completed', async () => {
    const parts = [
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"hi"}\n\n',
      'event: response.completed\ndata: {"type":"response.completed","response":{"id":"r","usage":{"input_tokens":1300,"input_tokens_details":{"cached_tokens":1280},"output_tokens":9,"total_tokens":1309}}}\n\n',
    ];
    const { text, usage } = await run(parts, 'responses');
    expect(text).toBe(parts.join(''));
    expect(usage).toEqual({ input: 1300, cachedRead: 1280, cacheWrite: 0, output: 9 });
  });

  test('a stream without usage, or with a broken one, ends as unknown', async () => {
    expect((await run([`data: ${chunk}\n\n`, 'data: [DONE]\n\n'], 'openai')).usage).toBeUndefined();
    expect(
      (await run(['data: {"choices":[],"usage":{"prompt_tokens":"x"}}\n\n'], 'openai', true)).usage,
    ).toBeUndefined();
    expect((await run(['data: {"usage": not json\n\n'], 'openai')).usage).toBeUndefined();
  });
});
