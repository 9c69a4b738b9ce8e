import { describe, expect, test } from 'bun:test';
import { byteStream, fixture, readEvents } from './__fixtures__/helpers.ts';
import { anthropicStreamToOpenAI } from './anthropic-stream-to-openai.ts';

const sse = fixture(import.meta.dir, 'stream-tool-use.sse');

type Chunk = {
  id: string;
  model: string;
  choices: Array<{
    delta: {
      role?: string;
      content?: string;
      tool_calls?: Array<{ index: number; id?: string; function?: { name?: string; arguments?: string } }>;
    };
    finish_reason: string | null;
  }>;
  usage?: Record<string, unknown>;
};

/** Folds OpenAI chunks back into one message, the way an OpenAI client library does. */
function accumulate(chunks: Chunk[]) {
  let content = '';
  const calls: Array<{ id?: string; name?: string; arguments: string }> = [];
  let finish: string | null = null;
  for (const chunk of chunks) {
    const choice = chunk.choices[0];
    if (choice === undefined) continue;
    content += choice.delta.content ?? '';
    for (const call of choice.delta.tool_calls ?? []) {
      calls[call.index] ??= { arguments: '' };
      const target = calls[call.index]!;
      if (call.id !== undefined) target.id = call.id;
      if (call.function?.name !== undefined) target.name = call.function.name;
      target.arguments += call.function?.arguments ?? '';
    }
    finish = choice.finish_reason ?? finish;
  }
  return { content, calls, finish };
}

describe('anthropicStreamToOpenAI', () => {
  test('translates text and streamed tool calls, whatever the chunk boundaries', async () => {
    for (const size of [1, 3, 17, 64, 100_000]) {
      const events = await readEvents(anthropicStreamToOpenAI(byteStream(sse, size), { includeUsage: true }));
      expect(events.at(-1)?.data).toBe('[DONE]');
      const chunks = events.slice(0, -1).map((event) => event.json as Chunk);
      expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
      expect(chunks.every((chunk) => chunk.id === 'msg_014p7gG3wDgGV9EUtLvnow3U')).toBe(true);
      const { content, calls, finish } = accumulate(chunks);
      expect(content).toBe("Okay, let's check the weather in Paris — ☀️?");
      expect(calls).toEqual([
        {
          id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
          name: 'get_weather',
          arguments: '{"location": "Paris, France"}',
        },
        { id: 'toolu_02', name: 'get_time', arguments: '{"tz":"Europe/Paris"}' },
      ]);
      expect(finish).toBe('tool_calls');
      // The usage chunk comes last, after the finish reason, with no choices.
      expect(chunks.at(-1)).toMatchObject({
        choices: [],
        usage: { prompt_tokens: 572, completion_tokens: 89, total_tokens: 661 },
      });
    }
  });

  test('sends no usage chunk unless asked', async () => {
    const events = await readEvents(anthropicStreamToOpenAI(byteStream(sse, 50)));
    expect(events.some((event) => event.json?.usage !== undefined)).toBe(false);
  });

  test('an upstream error event becomes an OpenAI error chunk and the stream ends', async () => {
    const upstream =
      sse.slice(0, sse.indexOf('event: content_block_stop')) +
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n';
    const events = await readEvents(anthropicStreamToOpenAI(byteStream(upstream, 9)));
    expect(events.at(-1)?.json).toEqual({
      error: { message: 'Overloaded', type: 'upstream_error', code: 'upstream_error' },
    });
    expect(events.some((event) => event.data === '[DONE]')).toBe(false);
  });

  test('a stream cut mid-event (reset or clean end) ends with an error chunk, not [DONE]', async () => {
    const half = Math.floor(new TextEncoder().encode(sse).length / 2);
    for (const cut of [true, false]) {
      const source = cut ? byteStream(sse, 20, { cutAfter: half }) : byteStream(sse.slice(0, half), 20);
      const events = await readEvents(anthropicStreamToOpenAI(source));
      expect(events.length).toBeGreaterThan(1);
      expect(events.at(-1)?.json?.error).toMatchObject({ code: 'upstream_error' });
      expect(events.some((event) => event.data === '[DONE]')).toBe(false);
    }
  });

  test('cancelling the translated stream cancels the upstream', async () => {
    let cancelled = false;
    const upstream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(sse.slice(0, 400)));
      },
      cancel() {
        cancelled = true;
      },
    });
    const reader = anthropicStreamToOpenAI(upstream).getReader();
    await reader.read();
    await reader.cancel();
    expect(cancelled).toBe(true);
  });
});
