import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type SimModelsHandle, startSimModels } from '@tether/sim-models';
import { UpstreamError } from '../../errors.ts';
import type { ChatCompletionRequest } from '../../protocol/openai.ts';
import { readEvents } from '../../wire/__fixtures__/helpers.ts';
import type { Provider, ProviderCallContext } from '../types.ts';
import { createOpenAICompatibleProvider } from './index.ts';

// Over real sockets against the simulated OpenAI upstream.
let sim: SimModelsHandle;
let openai: Provider;
beforeAll(async () => {
  sim = await startSimModels({ quiet: true });
  openai = createOpenAICompatibleProvider({
    name: 'openai',
    interface: 'openai',
    baseUrl: `${sim.url}/v1`,
    apiKey: 'sk-sim',
    timeoutMs: 10_000,
  });
});
afterAll(() => sim.stop());

const ctx = (headers: Record<string, string> = {}): ProviderCallContext => ({
  signal: new AbortController().signal,
  headers,
});
const ask: ChatCompletionRequest = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Compare Postgres and MySQL for analytics.' }],
};
const withTools: ChatCompletionRequest = {
  ...ask,
  tools: [
    {
      type: 'function',
      function: {
        name: 'search_docs',
        description: 'Search documentation',
        parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
      },
    },
  ],
};

/** Folds streamed chunks the way an OpenAI client does. */
function accumulate(events: Awaited<ReturnType<typeof readEvents>>) {
  let content = '';
  let finish: unknown = null;
  let usage: unknown;
  const calls: Array<{ id?: string; name?: string; arguments: string }> = [];
  for (const { json } of events) {
    if (json?.usage != null) usage = json.usage;
    const choice = (json?.choices as Array<Record<string, unknown>> | undefined)?.[0];
    if (choice === undefined) continue;
    const delta = choice.delta as { content?: string; tool_calls?: Array<Record<string, unknown>> };
    content += delta.content ?? '';
    for (const call of delta.tool_calls ?? []) {
      const index = call.index as number;
      calls[index] ??= { arguments: '' };
      const target = calls[index];
      const fn = call.function as { name?: string; arguments?: string } | undefined;
      if (typeof call.id === 'string') target.id = call.id;
      if (fn?.name !== undefined) target.name = fn.name;
      target.arguments += fn?.arguments ?? '';
    }
    finish = choice.finish_reason ?? finish;
  }
  return { content, calls, finish, usage };
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe('OpenAI-compatible provider against sim-models', () => {
  test('chat returns the answer, finish reason and usage', async () => {
    const completion = await openai.chat(ask, ctx());
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(20);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.total_tokens).toBe(
      (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0),
    );
  });

  test('chat with tools returns parallel tool calls with JSON arguments', async () => {
    const completion = await openai.chat(withTools, ctx());
    const calls = completion.choices[0]?.message.tool_calls ?? [];
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.function.name).toBe('search_docs');
      expect(typeof JSON.parse(call.function.arguments).query).toBe('string');
    }
  });

  test('stream relays text, tool-call deltas, finish reason, usage and [DONE]', async () => {
    const stream = await openai.stream({ ...withTools, stream_options: { include_usage: true } }, ctx());
    const events = await readEvents(stream);
    expect(events.at(-1)?.data).toBe('[DONE]');
    const { content, calls, finish, usage } = accumulate(events);
    expect(content.length).toBeGreaterThan(10);
    expect(calls).toHaveLength(2);
    expect(calls.every((call) => call.id?.startsWith('call_') && call.name === 'search_docs')).toBe(true);
    for (const call of calls) expect(JSON.parse(call.arguments)).toHaveProperty('query');
    expect(finish).toBe('tool_calls');
    expect(usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) });
  });

  test.each([
    [
      '429',
      { code: 'upstream_error', status: 429, upstreamStatus: 429, retryable: true, type: 'rate_limit_error' },
    ],
    ['500', { code: 'upstream_error', status: 502, upstreamStatus: 500, retryable: true }],
    ['503', { code: 'upstream_error', status: 502, upstreamStatus: 503, retryable: true }],
    ['400', { code: 'upstream_error', status: 400, upstreamStatus: 400, retryable: false }],
    ['reset', { code: 'upstream_unreachable', status: 502, retryable: true }],
    ['malformed', { code: 'upstream_error', status: 502, retryable: true }],
  ])('x-sim-fail: %s on chat → %o', async (fault, expected) => {
    const error = await failure(openai.chat(ask, ctx({ 'x-sim-fail': fault })));
    expect(error).toMatchObject(expected);
    if (/^\d+$/.test(fault)) {
      expect(error.message).toContain('Simulated');
      expect(error.upstreamBody).toMatchObject({ error: { message: expect.any(String) } });
    }
  });

  test('x-sim-fail: cut-stream on chat (body dropped half-way) → retryable 502', async () => {
    // Depending on when Bun flushes, the drop lands before or after the headers.
    const error = await failure(openai.chat(ask, ctx({ 'x-sim-fail': 'cut-stream' })));
    expect(error).toMatchObject({ status: 502, retryable: true });
    expect(['upstream_error', 'upstream_unreachable']).toContain(error.code);
  });

  test.each(['429', '503', 'reset'])('x-sim-fail: %s on stream rejects before any byte', async (fault) => {
    const error = await failure(openai.stream(ask, ctx({ 'x-sim-fail': fault })));
    expect(error.retryable).toBe(true);
  });

  test('x-sim-fail: timeout with a small timeoutMs → upstream_timeout 504, chat and stream', async () => {
    const impatient = createOpenAICompatibleProvider({
      name: 'openai',
      interface: 'openai',
      baseUrl: `${sim.url}/v1`,
      timeoutMs: 150,
    });
    for (const call of [
      impatient.chat(ask, ctx({ 'x-sim-fail': 'timeout' })),
      impatient.stream(ask, ctx({ 'x-sim-fail': 'timeout' })),
    ]) {
      expect(await failure(call)).toMatchObject({ code: 'upstream_timeout', status: 504, retryable: true });
    }
  });

  test('x-sim-fail: cut-stream ends the stream with an OpenAI error event and no [DONE]', async () => {
    // A chunk delay makes the sim flush each frame, so the cut lands mid-stream, after the headers.
    const headers = { 'x-sim-fail': 'cut-stream', 'x-sim-chunk-delay-ms': '5' };
    const events = await readEvents(await openai.stream(ask, ctx(headers)));
    expect(events.length).toBeGreaterThan(1);
    expect(events.at(-1)?.json).toMatchObject({ error: { code: 'upstream_error' } });
    expect(events.some((event) => event.data === '[DONE]')).toBe(false);
  });
});
