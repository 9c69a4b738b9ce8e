import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import OpenAI from 'openai';
import {
  RESEARCH_ROUTES,
  RESEARCH_STEPS,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';

/** RESEARCH_CONFIG with both models on the translated path (chat completions / Anthropic messages). */
const CONFIG = {
  model_providers: [
    { model: 'openai/gpt-4o', default: true, responses_api: 'translate' },
    { model: 'anthropic/claude-sonnet-4' },
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

describe('POST /v1/responses (openai SDK, translated upstreams)', () => {
  test('responses.create with tools returns function_call items with call_id, then text', async () => {
    const { data, response } = await client.responses
      .create({ model: 'auto', input: RESEARCH_STEPS[1], tools: TOOLS, instructions: 'Use tools.' })
      .withResponse();
    expect(data.id).toStartWith('resp_');
    expect(data.object).toBe('response');
    expect(data.status).toBe('completed');
    const calls = data.output.filter((i) => i.type === 'function_call');
    expect(calls.length).toBeGreaterThan(0);
    expect(calls[0]?.call_id).toBeTruthy();
    expect(calls[0]?.name).toBe('lookup_benchmarks');
    expect(data.usage?.total_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-tether-model')).toBe(RESEARCH_ROUTES.complex_reasoning);
    expect(response.headers.get('x-tether-route')).toBe('complex_reasoning');

    const next = await client.responses.create({
      model: 'auto',
      previous_response_id: data.id,
      input: calls.map((c) => ({
        type: 'function_call_output' as const,
        call_id: c.call_id,
        output: '42 ms',
      })),
      tools: TOOLS,
      tool_choice: 'none',
    });
    expect(next.status).toBe('completed');
    expect(next.output_text.length).toBeGreaterThan(0);
    expect(next.output[0]?.type).toBe('message');
  });

  test('responses.stream emits the documented event sequence and a final response', async () => {
    const stream = client.responses.stream({ model: 'auto', input: RESEARCH_STEPS[0], tools: TOOLS });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalResponse();
    expect(types[0]).toBe('response.created');
    expect(types[1]).toBe('response.in_progress');
    expect(types).toContain('response.output_item.added');
    expect(types).toContain('response.function_call_arguments.delta');
    expect(types).toContain('response.function_call_arguments.done');
    expect(types).toContain('response.output_item.done');
    expect(types.at(-1)).toBe('response.completed');
    expect(final.output.some((i) => i.type === 'function_call')).toBe(true);

    const text = client.responses.stream({ model: 'auto', input: 'Say hello.' });
    const textTypes: string[] = [];
    for await (const event of text) textTypes.push(event.type);
    expect(textTypes).toContain('response.content_part.added');
    expect(textTypes).toContain('response.output_text.delta');
    expect(textTypes).toContain('response.output_text.done');
    expect((await text.finalResponse()).output_text.length).toBeGreaterThan(0);
  });

  test('GET and DELETE /v1/responses/{id}; store: false keeps nothing', async () => {
    const created = await client.responses.create({ model: 'auto', input: 'Say hello.' });
    const got = await client.responses.retrieve(created.id);
    expect(got.id).toBe(created.id);
    expect(got.output_text).toBe(created.output_text);
    await client.responses.delete(created.id);
    const gone = await gw.fetch(`/v1/responses/${created.id}`);
    expect(gone.status).toBe(404);

    const unstored = await client.responses.create({ model: 'auto', input: 'Say hello.', store: false });
    expect((await gw.fetch(`/v1/responses/${unstored.id}`)).status).toBe(404);
  });

  test('a previous_response_id chain stays on one model across alternating intents, no header', async () => {
    let previous: string | undefined;
    const served: Array<[string | null, string | null]> = [];
    for (const step of RESEARCH_STEPS) {
      const { data, response } = await client.responses
        .create({ model: 'auto', input: step, ...(previous ? { previous_response_id: previous } : {}) })
        .withResponse();
      previous = data.id;
      served.push([response.headers.get('x-tether-model'), response.headers.get('x-tether-pinned')]);
    }
    expect(new Set(served.map(([m]) => m))).toEqual(new Set([RESEARCH_ROUTES.code_generation]));
    expect(served.map(([, p]) => p)).toEqual(['false', 'true', 'true', 'true', 'true']);
  });

  test('an explicit X-Model-Affinity wins over the chain', async () => {
    const first = await client.responses.create(
      { model: 'auto', input: RESEARCH_STEPS[1] },
      { headers: { 'X-Model-Affinity': 'explicit-1' } },
    );
    const { response } = await client.responses
      .create(
        { model: 'auto', input: RESEARCH_STEPS[0], previous_response_id: first.id },
        { headers: { 'X-Model-Affinity': 'explicit-2' } },
      )
      .withResponse();
    expect(response.headers.get('x-tether-model')).toBe(RESEARCH_ROUTES.code_generation);
    expect(response.headers.get('x-tether-pinned')).toBe('false');
  });
});

describe('POST /v1/responses bad input', () => {
  const post = (body: unknown) =>
    gw.fetch('/v1/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  test('an unknown previous_response_id is a 400 naming it', async () => {
    const res = await post({ input: 'hi', previous_response_id: 'resp_nope' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; param: string; code: string } };
    expect(body.error.param).toBe('previous_response_id');
    expect(body.error.message).toContain('resp_nope');
    expect(body.error.code).toBe('previous_response_not_found');
  });

  test('a malformed input item is a 400 naming the field', async () => {
    const res = await post({ input: [{ type: 'function_call_output', output: 'x' }] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { param: string; type: string } };
    expect(body.error.param).toBe('input[0].call_id');
    expect(body.error.type).toBe('invalid_request_error');
  });

  test('an item_reference to an unknown gateway item is a 400 naming it', async () => {
    const id = `msg_${'0'.repeat(32)}_0`;
    const res = await post({ input: [{ type: 'item_reference', id }] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { param: string; message: string } };
    expect(body.error.param).toBe('input[0].id');
    expect(body.error.message).toContain(id);
  });

  test('a hosted tool on a translated upstream is a 400 naming the tool', async () => {
    const res = await post({ input: 'hi', tools: [{ type: 'web_search' }] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe('tools[0].type');
  });
});
