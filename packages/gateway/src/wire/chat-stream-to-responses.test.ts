import { describe, expect, test } from 'bun:test';
import type { ResponseObject } from '../protocol/responses.ts';
import { byteStream, fixture, readEvents } from './__fixtures__/helpers.ts';
import { responseShell } from './chat-response-to-responses.ts';
import { chatStreamToResponses } from './chat-stream-to-responses.ts';

const SSE = fixture(import.meta.dir, 'openai-stream-tool-calls.sse');
const shell = () =>
  responseShell({ id: 'resp_0123456789abcdef0123456789abcdef', model: 'm', createdAt: 1, request: {} });

describe('chatStreamToResponses', () => {
  test('text then tool calls: the documented event order, sequence numbers, final response stored first', async () => {
    let stored: ResponseObject | undefined;
    const events = await readEvents(
      chatStreamToResponses(byteStream(SSE, 7), {
        shell: shell(),
        onComplete: async (response) => {
          stored = response;
        },
      }),
    );
    const types = events.map((e) => e.event);
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(types).toContain('response.output_text.done');
    expect(types).toContain('response.function_call_arguments.done');
    expect(types.at(-1)).toBe('response.completed');
    // Event name and `type` agree; sequence numbers count up from 0 without gaps.
    expect(events.every((e) => e.json?.type === e.event)).toBe(true);
    expect(events.map((e) => e.json?.sequence_number)).toEqual(events.map((_, i) => i));
    const final = events.at(-1)?.json?.response as ResponseObject;
    expect(final.status).toBe('completed');
    expect(final.output_text).toBe('Let me look that up — ✓');
    const calls = final.output.filter((i) => i.type === 'function_call');
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(() => JSON.parse(call.arguments)).not.toThrow();
    expect(stored?.id).toBe(final.id);
  });

  test('a cut stream ends with error then response.failed and stores nothing', async () => {
    let stored = false;
    const events = await readEvents(
      chatStreamToResponses(byteStream(SSE, 5, { cutAfter: 400 }), {
        shell: shell(),
        onComplete: async () => {
          stored = true;
        },
      }),
    );
    expect(events.map((e) => e.event).slice(-2)).toEqual(['error', 'response.failed']);
    expect((events.at(-1)?.json?.response as ResponseObject | undefined)?.status).toBe('failed');
    expect(stored).toBe(false);
  });

  test('an upstream error event becomes error + response.failed with its message', async () => {
    const body = 'data: {"error":{"message":"overloaded","type":"upstream_error"}}\n\n';
    const events = await readEvents(chatStreamToResponses(byteStream(body, 4), { shell: shell() }));
    expect(events.find((e) => e.event === 'error')?.json?.message).toBe('overloaded');
    expect(events.at(-1)?.event).toBe('response.failed');
  });
});
