import { afterAll, describe, expect, test } from 'bun:test';
import { freePort } from '@tether/testing';
import { GatewayError, UpstreamError } from '../../errors.ts';
import { readEvents } from '../../wire/__fixtures__/helpers.ts';
import type { ProviderCallContext, ProviderSettings } from '../types.ts';
import { createOpenAICompatibleProvider } from './index.ts';

// A tiny real upstream per behaviour the adapter must handle; sim-models covers the happy paths.
const KEY = 'sk-test-SECRET-0123456789';
const seen: Array<{ path: string; headers: Headers; body: Record<string, unknown> }> = [];
let release: () => void = () => undefined;
const released = new Promise<void>((resolve) => {
  release = resolve;
});
const encoder = new TextEncoder();
const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
};

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  async fetch(request) {
    const path = new URL(request.url).pathname;
    const body = (await request.json()) as Record<string, unknown>;
    seen.push({ path, headers: request.headers, body });
    switch (request.headers.get('x-case')) {
      case 'bad-key':
        return Response.json(
          {
            error: {
              message: `Incorrect API key provided: ${KEY}.`,
              type: 'invalid_request_error',
              code: 'invalid_api_key',
            },
          },
          { status: 401 },
        );
      case 'html-500':
        return new Response('<html>oops</html>', { status: 500 });
      case 'malformed':
        return new Response('{"id": "chatcmpl-1", "choi', {
          headers: { 'content-type': 'application/json' },
        });
      case 'not-a-completion':
        return Response.json({ hello: 'world' });
      case 'slow':
        await Bun.sleep(2_000);
        return Response.json(completion);
      case 'slow-stream':
        // Headers at once, then a body that takes longer than the timeout.
        return new Response(
          new ReadableStream({
            async start(controller) {
              controller.enqueue(
                encoder.encode('data: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\n'),
              );
              await Bun.sleep(300);
              controller.enqueue(
                encoder.encode('data: {"choices":[{"index":0,"delta":{"content":"b"}}]}\n\n'),
              );
              controller.enqueue(encoder.encode('data: [DONE]\n\n'));
              controller.close();
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        );
      case 'gated-stream':
        return new Response(
          new ReadableStream({
            async start(controller) {
              controller.enqueue(
                encoder.encode('data: {"choices":[{"index":0,"delta":{"content":"first"}}]}\n\n'),
              );
              await released;
              controller.enqueue(encoder.encode('data: [DONE]\n\n'));
              controller.close();
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        );
      default:
        return Response.json(completion);
    }
  },
});
afterAll(() => server.stop(true));

function provider(overrides: Partial<ProviderSettings> = {}) {
  return createOpenAICompatibleProvider({
    name: 'acme',
    interface: 'openai',
    baseUrl: `http://127.0.0.1:${server.port}/v1/`,
    apiKey: KEY,
    headers: { 'x-static': 'yes' },
    timeoutMs: 5_000,
    ...overrides,
  });
}
const request = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };
const ctx = (testCase?: string): ProviderCallContext => ({
  signal: new AbortController().signal,
  headers: testCase === undefined ? { traceparent: '00-abc-def-01' } : { 'x-case': testCase },
});

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  expect(GatewayError.isInstance(error)).toBe(true);
  return error as UpstreamError;
}

describe('OpenAI-compatible provider', () => {
  test('posts to /chat/completions with the key, static and per-call headers', async () => {
    const answer = await provider().chat({ ...request, stream_options: { include_usage: true } }, ctx());
    expect(answer.choices[0]?.message.content).toBe('hi');
    const call = seen.at(-1)!;
    expect(call.path).toBe('/v1/chat/completions');
    expect(call.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(call.headers.get('x-static')).toBe('yes');
    expect(call.headers.get('traceparent')).toBe('00-abc-def-01');
    expect(call.body).toMatchObject({ model: 'm', stream: false });
    expect(call.body).not.toHaveProperty('stream_options');
  });

  test('sends no Authorization header without a key (local servers)', async () => {
    await provider({ apiKey: undefined }).chat(request, ctx());
    expect(seen.at(-1)?.headers.get('authorization')).toBeNull();
  });

  test('an upstream 4xx keeps its status and body, with the key redacted everywhere', async () => {
    const error = await failure(provider().chat(request, ctx('bad-key')));
    expect(error).toMatchObject({
      code: 'upstream_error',
      status: 401,
      upstreamStatus: 401,
      retryable: false,
    });
    expect(error.message).toContain('Incorrect API key provided');
    expect(error.message).not.toContain(KEY);
    expect(JSON.stringify(error.upstreamBody)).not.toContain(KEY);
    expect(error.upstreamBody).toMatchObject({ error: { code: 'invalid_api_key' } });
  });

  test('an upstream 5xx without a JSON body becomes a retryable 502', async () => {
    const error = await failure(provider().chat(request, ctx('html-500')));
    expect(error).toMatchObject({
      code: 'upstream_error',
      status: 502,
      upstreamStatus: 500,
      retryable: true,
    });
  });

  test('a 2xx that is not a chat completion is a malformed-response 502', async () => {
    for (const testCase of ['malformed', 'not-a-completion']) {
      const error = await failure(provider().chat(request, ctx(testCase)));
      expect(error).toMatchObject({ code: 'upstream_error', status: 502, retryable: true });
      expect(error.message).toContain('malformed response');
    }
  });

  test('no answer within timeoutMs is upstream_timeout 504, for chat and for stream', async () => {
    const fast = provider({ timeoutMs: 50 });
    for (const call of [fast.chat(request, ctx('slow')), fast.stream(request, ctx('slow'))]) {
      expect(await failure(call)).toMatchObject({ code: 'upstream_timeout', status: 504, retryable: true });
    }
  });

  test('a refused connection is upstream_unreachable 502, retryable', async () => {
    const port = await freePort();
    const down = provider({ baseUrl: `http://127.0.0.1:${port}/v1` });
    for (const call of [down.chat(request, ctx()), down.stream(request, ctx())]) {
      expect(await failure(call)).toMatchObject({
        code: 'upstream_unreachable',
        status: 502,
        retryable: true,
      });
    }
  });

  test('a stream rejects before returning when the upstream answers non-2xx', async () => {
    const error = await failure(provider().stream(request, ctx('bad-key')));
    expect(error.upstreamStatus).toBe(401);
  });

  test('the timeout stops at the headers: a long stream is not cut', async () => {
    const stream = await provider({ timeoutMs: 100 }).stream(request, ctx('slow-stream'));
    const events = await readEvents(stream);
    expect(events.map((event) => event.data).at(-1)).toBe('[DONE]');
    expect(events).toHaveLength(3);
    expect(seen.at(-1)?.body.stream).toBe(true);
  });

  test('bytes are relayed as they arrive, not after the upstream finishes', async () => {
    const reader = (await provider().stream(request, ctx('gated-stream'))).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('first');
    release();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      rest += new TextDecoder().decode(chunk.value);
    }
    expect(rest).toContain('[DONE]');
  });

  test('an aborted caller signal rejects as a non-retryable cancellation', async () => {
    const controller = new AbortController();
    const call = provider().chat(request, { signal: controller.signal, headers: { 'x-case': 'slow' } });
    controller.abort();
    expect(await failure(call)).toMatchObject({ retryable: false });
  });
});
