import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type SimModelsHandle, startSimModels } from '@tether/sim-models';
import { UpstreamError } from '../../errors.ts';
import type { ChatCompletionRequest, ChatMessage } from '../../protocol/openai.ts';
import { readEvents } from '../../wire/__fixtures__/helpers.ts';
import type { Provider, ProviderCallContext } from '../types.ts';
import { createAnthropicProvider } from './index.ts';

// OpenAI-shaped calls translated to the simulated Anthropic upstream over real sockets, and back.
let sim: SimModelsHandle;
let claude: Provider;
beforeAll(async () => {
  sim = await startSimModels({ quiet: true });
  claude = createAnthropicProvider({
    name: 'anthropic',
    interface: 'anthropic',
    baseUrl: `${sim.url}/v1`,
    apiKey: 'sk-ant-sim',
    timeoutMs: 10_000,
  });
});
afterAll(() => sim.stop());

const ctx = (headers: Record<string, string> = {}): ProviderCallContext => ({
  signal: new AbortController().signal,
  headers,
});
const messages: ChatMessage[] = [
  { role: 'system', content: 'You are a database expert.' },
  { role: 'user', content: 'Compare Postgres and MySQL for analytics.' },
];
const withTools: ChatCompletionRequest = {
  model: 'claude-sonnet-4-5',
  messages,
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

describe('Anthropic provider against sim-models', () => {
  test('chat translates a plain answer with finish reason and usage', async () => {
    const completion = await claude.chat({ model: 'claude-sonnet-4-5', messages, max_tokens: 500 }, ctx());
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(20);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(completion.usage?.total_tokens).toBe(
      (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0),
    );
  });

  test('a full tool round: tool_use → tool_calls, tool results translated back, then the final answer', async () => {
    const first = await claude.chat(withTools, ctx());
    const message = first.choices[0]?.message;
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(message?.tool_calls).toHaveLength(2);
    const calls = message?.tool_calls ?? [];
    for (const call of calls) expect(JSON.parse(call.function.arguments)).toHaveProperty('query');

    const second = await claude.chat(
      {
        ...withTools,
        messages: [
          ...messages,
          { role: 'assistant', content: message?.content ?? null, tool_calls: calls },
          ...calls.map((call) => ({
            role: 'tool' as const,
            tool_call_id: call.id,
            content: 'Postgres wins on joins.',
          })),
        ],
      },
      ctx(),
    );
    expect(second.choices[0]?.finish_reason).toBe('stop');
    expect(second.choices[0]?.message.tool_calls).toBeUndefined();
    expect(second.choices[0]?.message.content?.length).toBeGreaterThan(0);
  });

  test('stream translates streamed tool_use into OpenAI tool_call deltas, finish reason, usage, [DONE]', async () => {
    const stream = await claude.stream(
      { ...withTools, stream: true, stream_options: { include_usage: true } },
      ctx(),
    );
    const events = await readEvents(stream);
    expect(events.at(-1)?.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => event.json ?? {});
    expect(chunks[0]).toMatchObject({
      object: 'chat.completion.chunk',
      choices: [{ delta: { role: 'assistant' } }],
    });
    let content = '';
    const args = ['', ''];
    const names: string[] = [];
    let finish: unknown;
    for (const chunk of chunks) {
      const choice = (chunk.choices as Array<Record<string, unknown>>)[0];
      if (choice === undefined) continue;
      const delta = choice.delta as { content?: string; tool_calls?: Array<Record<string, unknown>> };
      content += delta.content ?? '';
      for (const call of delta.tool_calls ?? []) {
        const fn = call.function as { name?: string; arguments?: string };
        if (fn.name !== undefined) names[call.index as number] = fn.name;
        args[call.index as number] += fn.arguments ?? '';
      }
      finish = choice.finish_reason ?? finish;
    }
    expect(content.length).toBeGreaterThan(10);
    expect(names).toEqual(['search_docs', 'search_docs']);
    for (const text of args) expect(JSON.parse(text)).toHaveProperty('query');
    expect(finish).toBe('tool_calls');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: expect.any(Number) } });
  });

  test('native passthrough: messages.create and messages.stream keep the Anthropic shapes and order', async () => {
    const request = {
      model: 'claude-sonnet-4-5',
      max_tokens: 300,
      messages: [{ role: 'user' as const, content: 'Hello' }],
    };
    const message = await claude.messages!.create(request, ctx());
    expect(message).toMatchObject({ type: 'message', role: 'assistant', stop_reason: 'end_turn' });
    expect(message.content[0]?.type).toBe('text');
    const events = await readEvents(await claude.messages!.stream(request, ctx()));
    const order = events.map((event) => event.event).filter((name) => name !== 'ping');
    expect(order[0]).toBe('message_start');
    expect(order[1]).toBe('content_block_start');
    expect(order.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
  });

  test('Anthropic error bodies become UpstreamError with their message and status', async () => {
    const error = (await claude
      .chat(withTools, ctx({ 'x-sim-fail': '429' }))
      .catch((e: unknown) => e)) as UpstreamError;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 429, upstreamStatus: 429, retryable: true });
    expect(error.message).toContain('Simulated 429');
    expect(error.upstreamBody).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
  });

  test('a cut Anthropic stream becomes an OpenAI error chunk; a cut passthrough an Anthropic error event', async () => {
    const headers = { 'x-sim-fail': 'cut-stream', 'x-sim-chunk-delay-ms': '5' };
    const translated = await readEvents(await claude.stream({ ...withTools, stream: true }, ctx(headers)));
    expect(translated.at(-1)?.json).toMatchObject({ error: { code: 'upstream_error' } });
    expect(translated.some((event) => event.data === '[DONE]')).toBe(false);
    const request = {
      model: 'claude-sonnet-4-5',
      max_tokens: 300,
      messages: [{ role: 'user' as const, content: 'Hi' }],
    };
    const native = await readEvents(await claude.messages!.stream(request, ctx(headers)));
    expect(native.at(-1)).toMatchObject({
      event: 'error',
      json: { type: 'error', error: { type: 'api_error' } },
    });
  });
});
