import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import OpenAI from 'openai';
import {
  RESEARCH_ROUTES,
  RESEARCH_STEPS,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';

// `openai/gpt-4o` uses the default `responses_api: native` (sim-models serves /v1/responses itself);
// the `broken-*` models cut or fail their streams.
const CONFIG = {
  model_providers: [
    { model: 'openai/gpt-4o', default: true },
    { model: 'anthropic/claude-sonnet-4' },
    { model: 'groq/broken-cut', headers: { 'x-sim-fail': 'cut-stream' } },
    { model: 'openai/broken-native', headers: { 'x-sim-fail': 'stream-error' } },
  ],
  routing_preferences: [
    {
      name: 'code_generation',
      description: 'generating new code, implementing functions, classes, SQL schemas and ORM models',
      models: ['anthropic/claude-sonnet-4'],
    },
    {
      name: 'complex_reasoning',
      description: 'deep analysis, comparing options, evaluating trade-offs and recommending a choice',
      models: ['openai/gpt-4o'],
    },
  ],
};

const TOOLS: OpenAI.Responses.FunctionTool[] = [
  {
    type: 'function',
    name: 'lookup_benchmarks',
    description: 'Look up benchmark numbers',
    parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
    strict: false,
  },
];

let gw: TestGateway;
let client: OpenAI;
beforeAll(async () => {
  gw = await startTestGateway(CONFIG);
  client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'client-key', maxRetries: 0 });
});
afterAll(() => gw.stop());

async function collect(stream: AsyncIterable<{ type: string }>): Promise<Array<{ type: string }>> {
  const events: Array<{ type: string }> = [];
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    events.push({ type: `thrown:${(error as Error).message}` });
  }
  return events;
}

describe('POST /v1/responses on a native Responses upstream', () => {
  test('create and stream with tools go through natively', async () => {
    const { data, response } = await client.responses
      .create({ model: 'openai/gpt-4o', input: RESEARCH_STEPS[1], tools: TOOLS })
      .withResponse();
    expect(response.headers.get('x-tether-model')).toBe('openai/gpt-4o');
    expect(data.output.some((i) => i.type === 'function_call')).toBe(true);

    const stream = client.responses.stream({ model: 'openai/gpt-4o', input: 'Say hello.' });
    const types = (await collect(stream)).map((e) => e.type);
    expect(types[0]).toBe('response.created');
    expect(types).toContain('response.output_text.delta');
    expect(types.at(-1)).toBe('response.completed');
  });

  test('a native chain is pinned by previous_response_id and stored for GET', async () => {
    let previous: string | undefined;
    const served: Array<string | null> = [];
    for (const step of RESEARCH_STEPS) {
      const { data, response } = await client.responses
        .create({ input: step, ...(previous ? { previous_response_id: previous } : {}) })
        .withResponse();
      previous = data.id;
      served.push(response.headers.get('x-tether-model'));
    }
    expect(new Set(served)).toEqual(new Set([RESEARCH_ROUTES.code_generation]));
    expect((await client.responses.retrieve(previous as string)).id).toBe(previous as string);
  });

  test('a chain moves between native and translated models with its context', async () => {
    // A chain is pinned to its first model; X-Tether-Routing: off moves it on purpose.
    const off = { headers: { 'x-tether-routing': 'off' } };
    const first = await client.responses.create({ model: 'openai/gpt-4o', input: 'My name is Ada.' }, off);
    const { data, response } = await client.responses
      .create({ model: 'anthropic/claude-sonnet-4', input: 'And now?', previous_response_id: first.id }, off)
      .withResponse();
    expect(response.headers.get('x-tether-model')).toBe('anthropic/claude-sonnet-4');
    expect(data.previous_response_id).toBe(first.id);
    const back = await client.responses.create(
      { model: 'openai/gpt-4o', input: 'Once more.', previous_response_id: data.id },
      off,
    );
    expect(back.status).toBe('completed');
  });
});

describe('a failing upstream stream ends with an error event, never silently', () => {
  test('translated upstream cut mid-stream: error then response.failed', async () => {
    const events = await collect(
      await client.responses.create({ model: 'groq/broken-cut', input: 'Say hello.', stream: true }),
    );
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('response.created');
    expect(types.some((t) => t === 'error' || t.startsWith('thrown:'))).toBe(true);
    expect(types).not.toContain('response.completed');

    const raw = await gw.fetch('/v1/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'groq/broken-cut', input: 'Say hello.', stream: true }),
    });
    const text = await raw.text();
    expect(text).toContain('event: error');
    expect(text).toContain('event: response.failed');
  });

  test('native upstream stream error is relayed as an error event', async () => {
    const raw = await gw.fetch('/v1/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/broken-native', input: 'Say hello.', stream: true }),
    });
    const text = await raw.text();
    expect(text).toMatch(/"type":"(error|response\.failed)"/);
    expect(text).not.toContain('"type":"response.completed"');
  });
});
