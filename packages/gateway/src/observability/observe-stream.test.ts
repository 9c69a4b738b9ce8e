import { describe, expect, test } from 'bun:test';
import { observeStream } from './observe-stream.ts';
import { createPinActivity } from './pin-activity.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

function source(chunks: string[], fail?: Error): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(bytes(chunks[i++] ?? ''));
      else if (fail) controller.error(fail);
      else controller.close();
    },
  });
}

describe('observeStream', () => {
  test('relays every chunk and reports the first chunk and the end once', async () => {
    const calls: string[] = [];
    const out = observeStream(source(['a', 'b', 'c']), {
      first: () => calls.push('first'),
      done: (error) => calls.push(error === undefined ? 'done' : 'failed'),
    });
    expect(await new Response(out).text()).toBe('abc');
    expect(calls).toEqual(['first', 'done']);
  });

  test('reports an upstream failure and a reader cancelling', async () => {
    const failed: unknown[] = [];
    const broken = observeStream(source(['a'], new Error('cut')), {
      first() {},
      done: (e) => failed.push(e),
    });
    await expect(new Response(broken).text()).rejects.toThrow('cut');
    expect(failed).toHaveLength(1);

    const cancelled: unknown[] = [];
    const reader = observeStream(source(['a', 'b']), {
      first() {},
      done: (e) => cancelled.push(e),
    }).getReader();
    await reader.read();
    await reader.cancel('client left');
    expect(cancelled).toEqual(['client left']);
  });
});

describe('pin activity', () => {
  test('counts per pin, bounded: the least recently counted pin is dropped first', () => {
    const activity = createPinActivity(2);
    activity.countPin('a');
    activity.countPin('b');
    activity.countPin('a');
    activity.countPin('c'); // drops b
    expect([activity.requestsOf('a'), activity.requestsOf('b'), activity.requestsOf('c')]).toEqual([2, 0, 1]);
    activity.countModel('m/one', true);
    activity.countModel('m/one', false);
    activity.countModel('m/one', true);
    expect(activity.models()).toEqual([{ model: 'm/one', pinned: 2, routed: 1 }]);
  });
});
