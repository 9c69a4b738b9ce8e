import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { startSimModels } from '@tether/sim-models';
import { type RedisServerHandle, startRedisServer } from '@tether/testing';
import OpenAI from 'openai';
import { type SimModelsHandle, startTestGateway, type TestGateway } from '../../test/support/index.ts';

// sim-models fails only the models named in `x-sim-fail-model`; the header is static on every
// provider, as an operator would never set it: it stands in for a real outage of `primary`.
const fault = (mode: string, models: string) => ({ 'x-sim-fail': mode, 'x-sim-fail-model': models });

function config(onError: 'fail' | 'failover', failing: string, mode = '503') {
  const headers = fault(mode, failing);
  return {
    model_providers: [
      { model: 'openai/primary', headers, timeout_ms: 500 },
      { model: 'openai/secondary', headers, timeout_ms: 500 },
      { model: 'openai/fallback', headers, default: true, timeout_ms: 500 },
    ],
    routing_preferences: [
      {
        name: 'code_generation',
        description: 'generating new code, implementing functions, classes, SQL schemas and ORM models',
        models: ['openai/primary', 'openai/secondary'],
      },
    ],
    routing: {
      session_cache: { type: 'redis', url: '$REDIS_URL', key_prefix: 'failover-test:' },
      affinity: { on_upstream_error: onError },
    },
  };
}

const code = [{ role: 'user' as const, content: 'Implement SQLAlchemy models for the orders table' }];

let redis: RedisServerHandle;
let sim: SimModelsHandle;
const gateways: TestGateway[] = [];
async function replica(cfg: Record<string, unknown>): Promise<TestGateway> {
  const gw = await startTestGateway(cfg, { sim, env: { REDIS_URL: redis.url } });
  gateways.push(gw);
  return gw;
}
beforeAll(async () => {
  redis = await startRedisServer();
  sim = await startSimModels({ quiet: true });
});
afterAll(async () => {
  for (const gw of gateways) await gw.stop();
  await sim.stop();
  await redis.stop();
});

async function chat(gw: TestGateway, id: string | undefined, stream = false) {
  const client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
  const headers = id === undefined ? {} : { 'x-model-affinity': id };
  const { data, response } = await client.chat.completions
    .create({ model: 'auto', messages: code, stream }, { headers })
    .withResponse();
  let text = '';
  if (data instanceof Object && Symbol.asyncIterator in data) {
    for await (const chunk of data as AsyncIterable<OpenAI.ChatCompletionChunk>)
      text += chunk.choices[0]?.delta.content ?? '';
  } else text = (data as OpenAI.ChatCompletion).choices[0]?.message.content ?? '';
  return {
    text,
    model: response.headers.get('x-tether-model'),
    pinned: response.headers.get('x-tether-pinned'),
    repinned: response.headers.get('x-tether-repinned'),
  };
}

describe('on_upstream_error: failover (two replicas on one Redis)', () => {
  test('the pinned model fails: the next route model serves, the id is re-pinned, the other replica sees it', async () => {
    const a = await replica(config('failover', 'primary'));
    const b = await replica(config('failover', 'primary'));
    const first = await chat(a, 'agent-1');
    expect(first).toMatchObject({ model: 'openai/secondary', repinned: 'true', pinned: 'false' });
    expect(first.text).toContain('[secondary]');
    const stored = JSON.parse((await redis.cli('GET', 'failover-test:agent-1')) ?? '{}');
    expect(stored).toMatchObject({
      model_name: 'openai/secondary',
      route_name: 'code_generation',
      source: 'failover',
    });

    const second = await chat(b, 'agent-1');
    expect(second).toMatchObject({ model: 'openai/secondary', pinned: 'true', repinned: null });
    expect(await (await b.fetch('/affinity/v1/agent-1')).json()).toMatchObject({
      model: 'openai/secondary',
      source: 'failover',
    });
    const seenByA = await (await a.fetch('/affinity/v1/agent-1')).json();
    expect(seenByA.events).toMatchObject({ pinned: 1, repinned: 1 });
  });

  test('an existing pin whose model now fails moves too, streaming included', async () => {
    const a = await replica(config('failover', 'secondary'));
    await a.store.set(
      { id: 'agent-2' },
      { model: 'openai/secondary', route: 'code_generation', source: 'router', pinnedAt: Date.now() },
      { ttlSeconds: 60 },
    );
    const served = await chat(a, 'agent-2', true);
    expect(served).toMatchObject({ model: 'openai/primary', repinned: 'true' });
    expect(served.text.length).toBeGreaterThan(0);
    expect((await a.store.get({ id: 'agent-2' }))?.model).toBe('openai/primary');
  });

  test('timeouts and resets fail over like 5xx; without an id nothing is pinned', async () => {
    for (const mode of ['timeout', 'reset']) {
      const a = await replica(config('failover', 'primary', mode));
      const served = await chat(a, undefined);
      expect({ mode, model: served.model, repinned: served.repinned }).toEqual({
        mode,
        model: 'openai/secondary',
        repinned: null,
      });
    }
  });

  test('the whole route failing falls back to the default model', async () => {
    const a = await replica(config('failover', 'primary,secondary'));
    expect(await chat(a, 'agent-3')).toMatchObject({ model: 'openai/fallback', repinned: 'true' });
    expect((await a.store.get({ id: 'agent-3' }))?.model).toBe('openai/fallback');
  });
});

describe('a request that failed never creates a pin', () => {
  const post = (gw: TestGateway, id: string) =>
    gw.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-model-affinity': id },
      body: JSON.stringify({ messages: code }),
    });

  test('on_upstream_error: fail returns the error and leaves no pin behind', async () => {
    const a = await replica(config('fail', 'primary'));
    const res = await post(a, 'failed-1');
    expect(res.status).toBe(502);
    expect(res.headers.get('x-tether-model')).toBe('openai/primary');
    expect(await redis.cli('EXISTS', 'failover-test:failed-1')).toBe('0');
    expect((await a.store.stats()).withdrawn).toBe(1);
    // The next request is routed afresh, and pins only once it is served.
    expect((await post(a, 'failed-1')).status).toBe(502);
    expect(await redis.cli('EXISTS', 'failover-test:failed-1')).toBe('0');
  });

  test('failover with every candidate failing leaves no pin either', async () => {
    const a = await replica(config('failover', 'primary,secondary,fallback'));
    const res = await post(a, 'failed-2');
    expect(res.status).toBe(502);
    expect(await redis.cli('EXISTS', 'failover-test:failed-2')).toBe('0');
  });

  test('on_upstream_error: fail keeps an existing pin when its model fails', async () => {
    const a = await replica(config('fail', 'primary'));
    const pin = { model: 'openai/primary', route: 'code_generation', source: 'router' as const, pinnedAt: 1 };
    await a.store.set({ id: 'kept-1' }, pin, { ttlSeconds: 60 });
    expect((await post(a, 'kept-1')).status).toBe(502);
    expect(await a.store.get({ id: 'kept-1' })).toEqual(pin);
  });

  test('an explicitly requested model never fails over', async () => {
    const a = await replica(config('failover', 'primary'));
    const res = await a.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tether-routing': 'off' },
      body: JSON.stringify({ model: 'openai/primary', messages: code }),
    });
    expect([res.status, res.headers.get('x-tether-model')]).toEqual([502, 'openai/primary']);
  });
});
