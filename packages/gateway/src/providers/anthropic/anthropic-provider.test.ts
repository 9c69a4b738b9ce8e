import { afterAll, describe, expect, test } from 'bun:test';
import { UpstreamError } from '../../errors.ts';
import { fixture, readEvents, readText } from '../../wire/__fixtures__/helpers.ts';
import type { ProviderCallContext } from '../types.ts';
import { ANTHROPIC_VERSION, createAnthropicProvider } from './index.ts';

// The recorded Anthropic payloads live with the wire-format module that parses them.
const wireDir = `${import.meta.dir}/../../wire`;

// A tiny real upstream replaying recorded Anthropic payloads; sim-models covers generated answers.
const KEY = 'sk-ant-test-SECRET-42';
const message = fixture(wireDir, 'message-tool-use.json');
const overloaded = fixture(wireDir, 'error-overloaded.json');
const sse = fixture(wireDir, 'stream-tool-use.sse');
const seen: Array<{ path: string; headers: Headers; body: Record<string, unknown> }> = [];

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  async fetch(request) {
    const body = (await request.json()) as Record<string, unknown>;
    seen.push({ path: new URL(request.url).pathname, headers: request.headers, body });
    const json = { 'content-type': 'application/json' };
    switch (request.headers.get('x-case')) {
      case 'overloaded':
        return new Response(overloaded, { status: 529, headers: json });
      case 'invalid':
        return Response.json(
          { type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: too large' } },
          { status: 400 },
        );
      case 'cut':
        return new Response(sse.slice(0, 700), { headers: { 'content-type': 'text/event-stream' } });
    }
    if (body.stream === true) return new Response(sse, { headers: { 'content-type': 'text/event-stream' } });
    return new Response(message, { headers: json });
  },
});
afterAll(() => server.stop(true));

const claude = createAnthropicProvider({
  name: 'anthropic',
  interface: 'anthropic',
  baseUrl: `http://127.0.0.1:${server.port}/v1`,
  apiKey: KEY,
  timeoutMs: 5_000,
});
const ctx = (testCase?: string): ProviderCallContext => ({
  signal: new AbortController().signal,
  headers: testCase === undefined ? {} : { 'x-case': testCase },
});
const request = {
  model: 'claude-sonnet-4-5',
  messages: [
    { role: 'system' as const, content: 'Be brief.' },
    { role: 'user' as const, content: 'Weather in Paris?' },
  ],
};

describe('Anthropic provider', () => {
  test('chat sends an Anthropic request with x-api-key and version, and answers OpenAI-shaped', async () => {
    const completion = await claude.chat(request, ctx());
    const call = seen.at(-1)!;
    expect(call.path).toBe('/v1/messages');
    expect(call.headers.get('x-api-key')).toBe(KEY);
    expect(call.headers.get('anthropic-version')).toBe(ANTHROPIC_VERSION);
    expect(call.headers.get('authorization')).toBeNull();
    expect(call.body).toMatchObject({ system: 'Be brief.', max_tokens: 4096, stream: false });
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: {
        content: "I'll check the weather in Paris.",
        tool_calls: [{ function: { name: 'get_weather' } }],
      },
    });
  });

  test('Anthropic error bodies become UpstreamError with their message; 529 is retryable', async () => {
    const error = (await claude
      .chat(request, ctx('overloaded'))
      .catch((caught: unknown) => caught)) as UpstreamError;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({
      status: 502,
      upstreamStatus: 529,
      retryable: true,
      message: 'anthropic: Overloaded',
    });
    const invalid = (await claude.messages
      ?.create({ max_tokens: 1, messages: [{ role: 'user', content: 'x' }] }, ctx('invalid'))
      .catch((caught: unknown) => caught)) as UpstreamError;
    expect(invalid).toMatchObject({
      status: 400,
      retryable: false,
      message: 'anthropic: max_tokens: too large',
    });
    expect(invalid.upstreamBody).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: too large' },
    });
  });

  test('stream translates Anthropic SSE to OpenAI chunks with usage when asked', async () => {
    const stream = await claude.stream({ ...request, stream_options: { include_usage: true } }, ctx());
    const events = await readEvents(stream);
    expect(seen.at(-1)?.body.stream).toBe(true);
    expect(seen.at(-1)?.body).not.toHaveProperty('stream_options');
    expect(events.at(-1)?.data).toBe('[DONE]');
    expect(events.at(-2)?.json).toMatchObject({ choices: [], usage: { completion_tokens: 89 } });
  });

  test('messages passthrough relays Anthropic bytes unchanged, and flags a cut stream with event: error', async () => {
    const body = {
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      messages: [{ role: 'user' as const, content: 'hi' }],
    };
    expect(await readText(await claude.messages!.stream(body, ctx()))).toBe(sse);
    expect((await claude.messages!.create(body, ctx())).content).toHaveLength(4);
    const cut = await readEvents(await claude.messages!.stream(body, ctx('cut')));
    expect(cut.at(-1)).toMatchObject({
      event: 'error',
      json: { type: 'error', error: { type: 'api_error' } },
    });
  });
});
