import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import OpenAI from 'openai';
import {
  RESEARCH_CONFIG,
  RESEARCH_ROUTES,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';

let gw: TestGateway;
let client: OpenAI;
beforeAll(async () => {
  gw = await startTestGateway(RESEARCH_CONFIG);
  client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
});
afterAll(() => gw.stop());

const coding = [{ role: 'user' as const, content: 'Implement SQLAlchemy models for orders' }];

describe('models, aliases and explicit models', () => {
  test('GET /v1/models lists configured models and aliases', async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(['openai/gpt-4o', 'anthropic/claude-sonnet-4', 'smart']);
  });

  test('GET /v1/models also lists the routing preferences', async () => {
    const body = (await (await gw.fetch('/v1/models')).json()) as {
      routes: { name: string; description: string; models: string[] }[];
    };
    expect(body.routes.map((r) => [r.name, r.models[0]])).toEqual([
      ['code_generation', RESEARCH_ROUTES.code_generation],
      ['complex_reasoning', RESEARCH_ROUTES.complex_reasoning],
    ]);
    expect(body.routes[0]?.description.length).toBeGreaterThan(0);
  });

  test('a named model is routed and pinned (Plano), and a pin beats the model a later request names', async () => {
    const first = await client.chat.completions
      .create({ model: 'openai/gpt-4o', messages: coding }, { headers: { 'x-model-affinity': 'named-1' } })
      .withResponse();
    expect(first.response.headers.get('x-tether-model')).toBe(RESEARCH_ROUTES.code_generation);
    expect(first.response.headers.get('x-tether-route')).toBe('code_generation');
    expect(first.response.headers.get('x-tether-pinned')).toBe('false');
    expect(await gw.store.get({ id: 'named-1' })).toMatchObject({ model: RESEARCH_ROUTES.code_generation });
    const reasoning = [{ role: 'user' as const, content: 'Compare the options and assess the trade-offs' }];
    const later = await client.chat.completions
      .create({ model: 'gpt-4o', messages: reasoning }, { headers: { 'x-model-affinity': 'named-1' } })
      .withResponse();
    expect(later.response.headers.get('x-tether-model')).toBe(RESEARCH_ROUTES.code_generation);
    expect(later.response.headers.get('x-tether-pinned')).toBe('true');
  });

  test('X-Tether-Routing: off serves exactly the named model and writes no pin', async () => {
    const { response } = await client.chat.completions
      .create(
        { model: 'openai/gpt-4o', messages: coding },
        { headers: { 'x-model-affinity': 'explicit-1', 'x-tether-routing': 'off' } },
      )
      .withResponse();
    expect(response.headers.get('x-tether-model')).toBe('openai/gpt-4o');
    expect(response.headers.get('x-tether-route')).toBe('none');
    expect(response.headers.get('x-tether-pinned')).toBe('false');
    expect((await gw.store.get({ id: 'explicit-1' })) ?? null).toBeNull();
  });

  test('X-Tether-Routing: off with an unconfigured model is a 400; a bad value names the header', async () => {
    const off = await gw.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tether-routing': 'off' },
      body: JSON.stringify({ model: 'gpt-5', messages: coding }),
    });
    expect(off.status).toBe(400);
    expect(((await off.json()) as { error: { code: string } }).error.code).toBe('unknown_model');
    const bad = await gw.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tether-routing': 'maybe' },
      body: JSON.stringify({ model: 'gpt-4o', messages: coding }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
      'X-Tether-Routing',
    );
  });

  test('with X-Tether-Routing: off an alias resolves to its model', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'smart', messages: coding }, { headers: { 'x-tether-routing': 'off' } })
      .withResponse();
    expect(response.headers.get('x-tether-model')).toBe(RESEARCH_ROUTES.complex_reasoning);
    expect(data.model).toBe('gpt-4o');
  });

  test('an unknown model with a default is routed', async () => {
    const { response } = await client.chat.completions
      .create({ model: 'whatever', messages: coding })
      .withResponse();
    expect(response.headers.get('x-tether-route')).toBe('code_generation');
  });

  test('GET /healthz reports the store', async () => {
    expect(await (await gw.fetch('/healthz')).json()).toEqual({
      status: 'ok',
      store: { backend: 'memory', reachable: true },
    });
  });
});

describe('no default model', () => {
  test('an unknown model is a 400 listing the configured models', async () => {
    const gw2 = await startTestGateway('model_providers: [{model: openai/gpt-4o}, {model: openai/o3}]', {
      sim: gw.sim,
    });
    const c = new OpenAI({ baseURL: gw2.baseURL, apiKey: 'k', maxRetries: 0 });
    const error = await c.chat.completions
      .create({ model: 'gpt-5', messages: coding })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain('openai/gpt-4o, openai/o3');
    await gw2.stop();
  });
});
