import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import OpenAI from 'openai';
import {
  RESEARCH_CONFIG,
  RESEARCH_ROUTES,
  researchConversation,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';
import type { ChatMessage } from '../protocol/openai.ts';

let gw: TestGateway;
let client: OpenAI;
beforeAll(async () => {
  gw = await startTestGateway(RESEARCH_CONFIG);
  client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'client-key', maxRetries: 0 });
});
afterAll(() => gw.stop());

/** One research-loop step through the official client; returns the decision headers. */
async function step(n: number, headers: Record<string, string> = {}) {
  const { data, response } = await client.chat.completions
    .create(
      { model: 'auto', messages: researchConversation(n) as OpenAI.ChatCompletionMessageParam[] },
      { headers },
    )
    .withResponse();
  expect(data.choices[0]?.message).toBeDefined();
  return {
    model: response.headers.get('x-tether-model'),
    route: response.headers.get('x-tether-route'),
    pinned: response.headers.get('x-tether-pinned'),
  };
}

describe('POST /v1/chat/completions (official openai client, real sockets)', () => {
  test('the five alternating research steps land on two models without a header', async () => {
    const served = [];
    for (let n = 0; n < 5; n++) served.push(await step(n));
    expect(served.map((s) => s.route)).toEqual([
      'code_generation',
      'complex_reasoning',
      'code_generation',
      'complex_reasoning',
      'code_generation',
    ]);
    expect(new Set(served.map((s) => s.model))).toEqual(new Set(Object.values(RESEARCH_ROUTES)));
    expect(served.every((s) => s.pinned === 'false')).toBe(true);
  });

  test('with X-Model-Affinity all five land on one model: pinned false, then true', async () => {
    const served = [];
    for (let n = 0; n < 5; n++) served.push(await step(n, { 'X-Model-Affinity': 'research-1' }));
    expect(new Set(served.map((s) => s.model))).toEqual(new Set([RESEARCH_ROUTES.code_generation]));
    expect(served.map((s) => s.pinned)).toEqual(['false', 'true', 'true', 'true', 'true']);
    expect(served.every((s) => s.route === 'code_generation')).toBe(true);
  });

  test('X-Session-Id is the same pin as X-Model-Affinity', async () => {
    const first = await step(1, { 'X-Session-Id': 'research-2' });
    const second = await step(0, { 'X-Model-Affinity': 'research-2' });
    expect(first.model).toBe(RESEARCH_ROUTES.complex_reasoning);
    expect([second.model, second.pinned]).toEqual([RESEARCH_ROUTES.complex_reasoning, 'true']);
  });

  test('concurrent first requests of one id all get one model', async () => {
    const served = await Promise.all(
      Array.from({ length: 16 }, (_, i) => step(i % 2, { 'X-Model-Affinity': 'burst' })),
    );
    expect(new Set(served.map((s) => s.model)).size).toBe(1);
    expect(served.filter((s) => s.pinned === 'false').length).toBe(1);
  });

  test('streaming is relayed chunk by chunk, with and without affinity', async () => {
    for (const headers of [{}, { 'X-Model-Affinity': 'stream-1' }, { 'X-Model-Affinity': 'stream-1' }]) {
      const { data: stream, response } = await client.chat.completions
        .create(
          {
            model: 'auto',
            stream: true,
            messages: researchConversation(1) as OpenAI.ChatCompletionMessageParam[],
          },
          { headers },
        )
        .withResponse();
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      expect(response.headers.get('x-tether-model')).toBe(RESEARCH_ROUTES.complex_reasoning);
      let text = '';
      let chunks = 0;
      for await (const chunk of stream) {
        chunks++;
        text += chunk.choices[0]?.delta.content ?? '';
      }
      expect(chunks).toBeGreaterThan(2);
      expect(text.length).toBeGreaterThan(0);
    }
  });

  test('OpenAI-style tool calls pass through', async () => {
    const completion = await client.chat.completions.create({
      model: 'openai/gpt-4o',
      messages: [{ role: 'user', content: 'Look up the benchmark numbers for Postgres' }],
      tools: [lookupTool],
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && call.function.name).toBe('lookup');
  });
});

const lookupTool: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'lookup',
    description: 'Look up benchmark data',
    parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
  },
};

describe('OpenAI client → anthropic/… upstream (translated both ways)', () => {
  const ask: ChatMessage[] = [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'Look up the benchmark numbers for Postgres' },
  ];

  test('non-stream: tool_use becomes tool_calls, tool results go back, usage and stop reason map', async () => {
    const first = await client.chat.completions.create({
      model: 'anthropic/claude-sonnet-4',
      messages: ask as OpenAI.ChatCompletionMessageParam[],
      tools: [lookupTool],
    });
    const message = first.choices[0]?.message;
    const call = message?.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && call.function.name).toBe('lookup');
    expect(first.usage?.prompt_tokens).toBeGreaterThan(0);
    if (!call || !message) throw new Error('expected a tool call');
    const second = await client.chat.completions.create({
      model: 'anthropic/claude-sonnet-4',
      tools: [lookupTool],
      messages: [
        ...(ask as OpenAI.ChatCompletionMessageParam[]),
        { role: 'assistant', content: message.content, tool_calls: message.tool_calls },
        { role: 'tool', tool_call_id: call.id, content: 'postgres: 12000 tps' },
      ],
    });
    expect(second.choices[0]?.message.role).toBe('assistant');
  });

  test('stream: tool call deltas arrive as OpenAI chunks', async () => {
    const stream = await client.chat.completions.create({
      model: 'anthropic/claude-sonnet-4',
      stream: true,
      messages: ask as OpenAI.ChatCompletionMessageParam[],
      tools: [lookupTool],
    });
    const calls: Array<{ id: string; name: string; args: string }> = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const d of chunk.choices[0]?.delta.tool_calls ?? []) {
        const call = calls[d.index] ?? { id: '', name: '', args: '' };
        calls[d.index] = call;
        call.id += d.id ?? '';
        call.name += d.function?.name ?? '';
        call.args += d.function?.arguments ?? '';
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.id).not.toBe('');
      expect(call.name).toBe('lookup');
      expect(JSON.parse(call.args)).toHaveProperty('query');
    }
    expect(finish).toBe('tool_calls');
  });
});
