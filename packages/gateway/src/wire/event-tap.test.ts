import { describe, expect, test } from 'bun:test';
import { byteStream } from './__fixtures__/helpers.ts';
import { openAIErrorEvent } from './error-events.ts';
import { EventTap } from './event-tap.ts';
import { isOpenAIStreamEnd, relayStream } from './relay-stream.ts';
import { DEFAULT_STREAM_LIMITS } from './stream-limits.ts';

const text = 'data: {"a":1}\n\n: ping\n\ndata: {"b":2}\n\ndata: [DONE]\n\n';

async function collect(tap: EventTap, stream: ReadableStream<Uint8Array>) {
  const out = [];
  for await (const event of tap.events(stream.getReader(), DEFAULT_STREAM_LIMITS)) out.push(event);
  return out;
}

describe('EventTap', () => {
  test('takes the events a relay parsed instead of parsing its bytes again', async () => {
    const tap = new EventTap();
    const relayed = relayStream(byteStream(text, 5), {
      isEnd: isOpenAIStreamEnd,
      errorEvent: (failure) => openAIErrorEvent(failure.message),
      onEvent: tap.push,
    });
    expect(await collect(tap, relayed)).toEqual([
      { data: '{"a":1}' },
      { data: '{"b":2}' },
      { data: '[DONE]' },
    ]);
  });

  test('a source that reports nothing is parsed here instead', async () => {
    expect(await collect(new EventTap(), byteStream(text, 5))).toEqual([
      { data: '{"a":1}' },
      { data: '{"b":2}' },
      { data: '[DONE]' },
    ]);
  });
});
