import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import OpenAI from 'openai';
import { RESEARCH_STEPS, startTestGateway, type TestGateway } from '../../test/support/index.ts';

// Pin lifecycles apply to chain pins unchanged: failover re-pins the chain, `pin_until: done`
// releases it, and an adopted session id (Codex's `session_id`) is used before the chain.
let gw: TestGateway;
let client: OpenAI;
beforeAll(async () => {
  gw = await startTestGateway({
    model_providers: [
      { model: 'openai/gpt-4o', default: true },
      { model: 'anthropic/claude-sonnet-4' },
      { model: 'groq/down', headers: { 'x-sim-fail': '503' } },
    ],
    routing_preferences: [
      {
        name: 'code_generation',
        description: 'generating new code, implementing functions, classes, SQL schemas and ORM models',
        models: ['groq/down', 'anthropic/claude-sonnet-4'],
      },
      {
        name: 'complex_reasoning',
        description: 'deep analysis, comparing options, evaluating trade-offs and recommending a choice',
        models: ['openai/gpt-4o'],
      },
    ],
    routing: { affinity: { on_upstream_error: 'failover', adopt_session_headers: true } },
  });
  client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'client-key', maxRetries: 0 });
});
afterAll(() => gw.stop());

const pinOf = async (id: string) => {
  const res = await gw.fetch(`/affinity/v1/${encodeURIComponent(id)}`);
  return res.status === 200 ? ((await res.json()) as { model: string }) : null;
};

describe('/v1/responses pin lifecycles', () => {
  test('failover: the route’s next model serves and the chain is re-pinned to it', async () => {
    const { data, response } = await client.responses.create({ input: RESEARCH_STEPS[0] }).withResponse();
    expect(response.headers.get('x-tether-model')).toBe('anthropic/claude-sonnet-4');
    expect(response.headers.get('x-tether-repinned')).toBe('true');
    expect((await pinOf(`response-chain:${data.id}`))?.model).toBe('anthropic/claude-sonnet-4');
    const next = await client.responses
      .create({ input: RESEARCH_STEPS[1], previous_response_id: data.id })
      .withResponse();
    expect(next.response.headers.get('x-tether-model')).toBe('anthropic/claude-sonnet-4');
    expect(next.response.headers.get('x-tether-pinned')).toBe('true');
  });

  test('pin_until: done releases the chain pin when a response finishes the task', async () => {
    const done = { headers: { 'x-tether-pin-until': 'done' } };
    /** Whether the turn after `previous` was served from the chain's pin. */
    const nextPinned = async (previous: string) => {
      const { response } = await client.responses
        .create({ input: RESEARCH_STEPS[1], previous_response_id: previous })
        .withResponse();
      return response.headers.get('x-tether-pinned');
    };
    const streamed = await client.responses.create({ input: RESEARCH_STEPS[1], stream: true }, done);
    let id = '';
    for await (const event of streamed) if (event.type === 'response.completed') id = event.response.id;
    expect(id).toStartWith('resp_');
    expect(await nextPinned(id)).toBe('false');

    const plain = await client.responses.create({ input: RESEARCH_STEPS[1] }, done);
    expect(await nextPinned(plain.id)).toBe('false');
    // Without `done` the pin stays.
    const kept = await client.responses.create({ input: RESEARCH_STEPS[1] });
    expect(await nextPinned(kept.id)).toBe('true');
  });

  test("Codex's session_id header is adopted before the chain; X-Model-Affinity wins over both", async () => {
    const adopted = await client.responses.create(
      { input: RESEARCH_STEPS[1] },
      { headers: { session_id: 'codex-session-1' } },
    );
    expect((await pinOf('codex-session-1'))?.model).toBe('openai/gpt-4o');

    const { response } = await client.responses
      .create(
        { input: RESEARCH_STEPS[0], previous_response_id: adopted.id },
        { headers: { session_id: 'codex-session-1' } },
      )
      .withResponse();
    expect(response.headers.get('x-tether-model')).toBe('openai/gpt-4o');
    expect(response.headers.get('x-tether-pinned')).toBe('true');

    await client.responses.create(
      { input: RESEARCH_STEPS[1], prompt_cache_key: 'cache-key-1' },
      { headers: { 'X-Model-Affinity': 'explicit-9' } },
    );
    expect((await pinOf('explicit-9'))?.model).toBe('openai/gpt-4o');
    expect(await pinOf('cache-key-1')).toBeNull();
  });
});
