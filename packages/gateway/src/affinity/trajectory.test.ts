import { describe, expect, test } from 'bun:test';
import { SSEParser } from '../wire/sse-parser.ts';
import { TrajectoryWatcher, watchTrajectory } from './trajectory.ts';

const encoder = new TextEncoder();

/** Feeds `text` to a watcher in chunks of `size` bytes (splits land inside lines and escapes). */
function watch(format: 'openai' | 'anthropic', text: string, size = 7): boolean {
  const watcher = new TrajectoryWatcher(format);
  const parser = new SSEParser();
  const bytes = encoder.encode(text);
  for (let i = 0; i < bytes.length; i += size)
    for (const event of parser.push(bytes.slice(i, i + size)).events) watcher.event(event);
  const last = parser.end();
  if (last !== undefined) watcher.event(last);
  return watcher.endsTrajectory();
}

const openAI = (...chunks: unknown[]) =>
  [...chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`), 'data: [DONE]\n\n'].join('');
const delta = (d: Record<string, unknown>, finish: string | null = null) => ({
  choices: [{ index: 0, delta: d, finish_reason: finish }],
});

const anthropic = (stop: string, blocks: Array<Record<string, unknown>>, end = true) =>
  [
    { type: 'message_start', message: { id: 'm', content: [] } },
    ...blocks.map((b, index) => ({ type: 'content_block_start', index, content_block: b })),
    { type: 'message_delta', delta: { stop_reason: stop } },
    ...(end ? [{ type: 'message_stop' }] : []),
  ]
    .map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`)
    .join('');

describe('TrajectoryWatcher', () => {
  test('OpenAI: stop without tool calls ends it; tool calls, length, a cut or an error do not', () => {
    expect(watch('openai', openAI(delta({ content: 'done' }), delta({}, 'stop')))).toBe(true);
    const call = { tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '{}' } }] };
    expect(watch('openai', openAI(delta(call), delta({}, 'tool_calls')))).toBe(false);
    expect(watch('openai', openAI(delta({ content: 'x' }), delta({}, 'length')))).toBe(false);
    const cut = openAI(delta({ content: 'x' }), delta({}, 'stop')).replace('data: [DONE]\n\n', '');
    expect(watch('openai', cut)).toBe(false);
    const failed = `${openAI(delta({}, 'stop')).replace('data: [DONE]\n\n', '')}data: {"error":{"message":"x"}}\n\ndata: [DONE]\n\n`;
    expect(watch('openai', failed)).toBe(false);
  });

  test('model text cannot fake a marker: quotes inside JSON strings are escaped', () => {
    const sneaky = delta({ content: '"finish_reason":"stop" and data: [DONE]' });
    expect(watch('openai', openAI(sneaky, delta({}, 'length')))).toBe(false);
  });

  test('Anthropic: end_turn without tool_use ends it; tool_use, max_tokens or no message_stop do not', () => {
    expect(watch('anthropic', anthropic('end_turn', [{ type: 'text', text: '' }]), 5)).toBe(true);
    expect(
      watch('anthropic', anthropic('tool_use', [{ type: 'tool_use', id: 't', name: 'f', input: {} }])),
    ).toBe(false);
    expect(watch('anthropic', anthropic('max_tokens', [{ type: 'text', text: '' }]))).toBe(false);
    expect(watch('anthropic', anthropic('end_turn', [{ type: 'text', text: '' }], false))).toBe(false);
  });

  test('CRLF line endings are read too', () => {
    expect(watch('openai', openAI(delta({}, 'stop')).replaceAll('\n', '\r\n'))).toBe(true);
  });
});

describe('watchTrajectory', () => {
  test('passes every byte through unchanged and reports at the end', async () => {
    const text = openAI(delta({ content: 'hello' }), delta({}, 'stop'));
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of text.match(/[\s\S]{1,5}/g) ?? []) controller.enqueue(encoder.encode(part));
        controller.close();
      },
    });
    const seen: boolean[] = [];
    const watcher = new TrajectoryWatcher('openai');
    for (const event of new SSEParser().push(encoder.encode(text)).events) watcher.event(event);
    const out = await new Response(
      watchTrajectory(source, watcher, async (ends) => {
        seen.push(ends);
      }),
    ).text();
    expect(out).toBe(text);
    expect(seen).toEqual([true]);
  });
});
