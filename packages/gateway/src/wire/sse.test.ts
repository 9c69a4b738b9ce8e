import { describe, expect, test } from 'bun:test';
import { byteStream } from './__fixtures__/helpers.ts';
import { encodeSSE, parseSSE, type SSEEvent } from './sse.ts';

async function collect(text: string, size: number): Promise<SSEEvent[]> {
  const events: SSEEvent[] = [];
  for await (const event of parseSSE(byteStream(text, size))) events.push(event);
  return events;
}

const sample =
  ': comment\n\nevent: message_start\ndata: {"type":"message_start","t":"héllo ☀️"}\n\n' +
  'data: first\r\ndata: second\r\n\r\nevent: ping\nid: 7\nretry: 100\ndata:{"type":"ping"}\r\r' +
  'data: [DONE]\n\n';

const expected: SSEEvent[] = [
  { event: 'message_start', data: '{"type":"message_start","t":"héllo ☀️"}' },
  { data: 'first\nsecond' },
  { event: 'ping', data: '{"type":"ping"}' },
  { data: '[DONE]' },
];

describe('parseSSE', () => {
  test('parses LF, CRLF and CR framing, multi-line data, comments and unknown fields', async () => {
    expect(await collect(sample, 1 << 20)).toEqual(expected);
  });

  test('gives the same events whatever the chunk boundaries (inside lines, CRLF pairs, UTF-8 characters)', async () => {
    for (let size = 1; size <= 13; size++) expect(await collect(sample, size)).toEqual(expected);
  });

  test('drops an event the input ends in the middle of', async () => {
    const events = await collect('data: {"a":1}\n\ndata: {"b":', 4);
    expect(events).toEqual([{ data: '{"a":1}' }]);
  });
});

describe('encodeSSE', () => {
  test('encodes objects as JSON, strings as they are, and round-trips through parseSSE', async () => {
    const text = new TextDecoder().decode(encodeSSE({ type: 'ping' }, 'ping'));
    expect(text).toBe('event: ping\ndata: {"type":"ping"}\n\n');
    const multi = new TextDecoder().decode(encodeSSE('a\nb'));
    expect(await collect(multi, 2)).toEqual([{ data: 'a\nb' }]);
  });
});
