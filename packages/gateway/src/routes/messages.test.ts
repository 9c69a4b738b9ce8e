import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import Anthropic from '@anthropic-ai/sdk';
import {
  RESEARCH_CONFIG,
  RESEARCH_ROUTES,
  RESEARCH_STEPS,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';

let gw: TestGateway;
let client: Anthropic;
beforeAll(async () => {
  gw = await startTestGateway(RESEARCH_CONFIG);
  client = new Anthropic({ baseURL: gw.url, apiKey: 'client-key', maxRetries: 0 });
});
afterAll(() => gw.stop());

const lookup: Anthropic.Tool = {
  name: 'lookup',
  description: 'Look up benchmark data',
  input_schema: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
};

/** The research loop of `RESEARCH_STEPS` as an Anthropic conversation at step `n`. */
function researchMessages(n: number): Anthropic.MessageParam[] {
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: RESEARCH_STEPS[0] }];
  for (let i = 1; i <= n; i++) {
    const id = `toolu_${i}`;
    messages.push(
      {
        role: 'assistant',
        content: [
          { type: 'text', text: RESEARCH_STEPS[i] ?? '' },
          { type: 'tool_use', id, name: 'run_step', input: { step: i } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: `result of step ${i}` }] },
    );
  }
  return messages;
}

async function step(n: number, headers: Record<string, string> = {}) {
  const { data, response } = await client.messages
    .create(
      { model: 'auto', max_tokens: 256, system: 'You are a research agent.', messages: researchMessages(n) },
      { headers },
    )
    .withResponse();
  expect(data.type).toBe('message');
  return {
    model: response.headers.get('x-tether-model'),
    route: response.headers.get('x-tether-route'),
    pinned: response.headers.get('x-tether-pinned'),
  };
}

describe('POST /v1/messages (official @anthropic-ai/sdk client, real sockets)', () => {
  test('non-stream to an Anthropic upstream: passed through with the x-tether-* headers', async () => {
    const { data, response } = await client.messages
      .create(
        {
          model: 'anthropic/claude-sonnet-4',
          max_tokens: 256,
          system: [{ type: 'text', text: 'You are terse.' }],
          messages: [{ role: 'user', content: 'Compare Postgres and MySQL for reporting' }],
        },
        { headers: { 'x-tether-routing': 'off' } },
      )
      .withResponse();
    expect(data.role).toBe('assistant');
    expect(data.model).toBe('claude-sonnet-4');
    expect(data.stop_reason).toBe('end_turn');
    expect(data.content[0]?.type === 'text' && data.content[0].text.length).toBeGreaterThan(0);
    expect(data.usage.input_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-tether-model')).toBe('anthropic/claude-sonnet-4');
    expect(response.headers.get('x-tether-pinned')).toBe('false');
  });

  test('streaming to an Anthropic upstream relays the full SSE event sequence', async () => {
    const { data: stream, response } = await client.messages
      .create(
        {
          model: 'anthropic/claude-sonnet-4',
          max_tokens: 256,
          stream: true,
          messages: [{ role: 'user', content: 'Compare Postgres and MySQL for reporting' }],
        },
        { headers: { 'x-tether-routing': 'off' } },
      )
      .withResponse();
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('x-tether-model')).toBe('anthropic/claude-sonnet-4');
    const types: string[] = [];
    let text = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    }
    expect(types[0]).toBe('message_start');
    expect(types).toContain('content_block_start');
    expect(types).toContain('content_block_delta');
    expect(types).toContain('content_block_stop');
    expect(types.at(-2)).toBe('message_delta');
    expect(types.at(-1)).toBe('message_stop');
    expect(text.length).toBeGreaterThan(0);
  });

  test('image blocks are passed through to an Anthropic upstream', async () => {
    const pixel =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
    const message = await client.messages.create({
      model: 'anthropic/claude-sonnet-4',
      max_tokens: 64,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: pixel } },
            { type: 'text', text: 'What is in this picture?' },
          ],
        },
      ],
    });
    expect(message.content.length).toBeGreaterThan(0);
  });

  test('the research loop alternates models without a header and stays on one with affinity', async () => {
    const free = [];
    for (let n = 0; n < 5; n++) free.push(await step(n));
    expect(free.map((s) => s.route)).toEqual([
      'code_generation',
      'complex_reasoning',
      'code_generation',
      'complex_reasoning',
      'code_generation',
    ]);
    const pinned = [];
    for (let n = 0; n < 5; n++) pinned.push(await step(n, { 'X-Model-Affinity': 'anthropic-loop-1' }));
    expect(new Set(pinned.map((s) => s.model))).toEqual(new Set([RESEARCH_ROUTES.code_generation]));
    expect(pinned.map((s) => s.pinned)).toEqual(['false', 'true', 'true', 'true', 'true']);
  });

  test('a pin is shared with /v1/chat/completions and the routing endpoint', async () => {
    await step(1, { 'X-Model-Affinity': 'shared-1' });
    const chat = await gw.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-model-affinity': 'shared-1' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'Implement a parser' }] }),
    });
    expect([chat.status, chat.headers.get('x-tether-model')]).toEqual([
      200,
      RESEARCH_ROUTES.complex_reasoning,
    ]);
    const routed = await gw.fetch('/routing/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-model-affinity': 'shared-1' },
      body: JSON.stringify({ max_tokens: 10, messages: researchMessages(0) }),
    });
    expect(await routed.json()).toMatchObject({
      model: RESEARCH_ROUTES.complex_reasoning,
      route: 'complex_reasoning',
      session_id: 'shared-1',
      pinned: true,
    });
    expect(routed.headers.get('x-tether-pinned')).toBe('true');
  });

  test('the routing endpoint decides without calling a model', async () => {
    const res = await gw.fetch('/routing/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ max_tokens: 10, messages: researchMessages(0) }),
    });
    const body = await res.json();
    expect(body).toMatchObject({
      model: RESEARCH_ROUTES.code_generation,
      route: 'code_generation',
      pinned: false,
    });
    expect(body.models).toEqual([RESEARCH_ROUTES.code_generation]);
    expect(body.trace_id).toMatch(/^[0-9a-f]{32}$/);
  });
});

/** Serve exactly the named model, so a test can pick the upstream wire format. */
const ROUTING_OFF = { 'x-tether-routing': 'off' };

/** Runs a tool loop to its end through the SDK: each tool_use answered with a tool_result. */
async function toolLoop(model: string, stream: boolean, headers: Record<string, string> = {}) {
  const messages: Anthropic.MessageParam[] = [
    { role: 'user', content: 'Look up the benchmark numbers for Postgres' },
  ];
  const served: Array<string | null> = [];
  for (let round = 0; round < 6; round++) {
    let message: Anthropic.Message;
    if (stream) {
      const s = client.messages.stream({ model, max_tokens: 512, tools: [lookup], messages }, { headers });
      message = await s.finalMessage();
      served.push((await s.withResponse()).response.headers.get('x-tether-model'));
    } else {
      const { data, response } = await client.messages
        .create({ model, max_tokens: 512, tools: [lookup], messages }, { headers })
        .withResponse();
      message = data;
      served.push(response.headers.get('x-tether-model'));
    }
    messages.push({ role: 'assistant', content: message.content });
    const calls = message.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    if (message.stop_reason !== 'tool_use') return { message, rounds: round + 1, served, calls: 0 };
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call.input).toHaveProperty('query');
    messages.push({
      role: 'user',
      content: calls.map((c) => ({ type: 'tool_result' as const, tool_use_id: c.id, content: '12000 tps' })),
    });
  }
  throw new Error('the tool loop did not end');
}

describe('/v1/messages tool loops, native and translated', () => {
  for (const stream of [false, true]) {
    test(`Anthropic upstream, ${stream ? 'stream' : 'non-stream'}: tool_use → tool_result → end_turn`, async () => {
      const { message, rounds } = await toolLoop('anthropic/claude-sonnet-4', stream, ROUTING_OFF);
      expect(rounds).toBeGreaterThan(1);
      expect(message.stop_reason).toBe('end_turn');
    });

    test(`OpenAI-style upstream, ${stream ? 'stream' : 'non-stream'}: translated both ways`, async () => {
      const { message, rounds, served } = await toolLoop('openai/gpt-4o', stream, ROUTING_OFF);
      expect(rounds).toBeGreaterThan(1);
      expect(message.stop_reason).toBe('end_turn');
      expect(message.model).toBe('gpt-4o');
      expect(message.usage.output_tokens).toBeGreaterThan(0);
      expect(new Set(served)).toEqual(new Set(['openai/gpt-4o']));
    });
  }

  test('translated stream: text deltas, input_json deltas and the stop reason arrive in order', async () => {
    const stream = await client.messages.create({
      model: 'openai/gpt-4o',
      max_tokens: 256,
      stream: true,
      tools: [lookup],
      messages: [{ role: 'user', content: 'Look up the benchmark numbers for Postgres' }],
    });
    const deltas = new Set<string>();
    let stop: string | null = null;
    let json = '';
    for await (const event of stream) {
      if (event.type === 'content_block_delta') deltas.add(event.delta.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta')
        json += event.delta.partial_json;
      if (event.type === 'message_delta') stop = event.delta.stop_reason;
    }
    expect(deltas.has('input_json_delta')).toBe(true);
    expect(json).toContain('query');
    expect(stop).toBe('tool_use');
  });
});
