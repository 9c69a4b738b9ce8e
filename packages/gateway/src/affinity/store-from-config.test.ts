import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { startSimModels } from '@tether/sim-models';
import { type RedisServerHandle, startRedisServer } from '@tether/testing';
import {
  RESEARCH_CONFIG,
  RESEARCH_ROUTES,
  researchConversation,
  type SimModelsHandle,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';
import { parseConfig } from '../config/load.ts';
import { storeFromConfig } from './store-from-config.ts';

describe('storeFromConfig', () => {
  test('memory: session_max_entries bounds the store (LRU)', async () => {
    const config = parseConfig(
      'model_providers: [{model: openai/gpt-4o}]\nrouting: {session_max_entries: 2}',
      'm.yaml',
      { env: {} },
    );
    const store = storeFromConfig(config);
    const pin = { model: 'openai/gpt-4o', route: null, source: 'router' as const, pinnedAt: 0 };
    for (const id of ['a', 'b', 'c']) await store.claim({ id }, pin, { ttlSeconds: 60 });
    expect(store.backend).toBe('memory');
    expect(await store.get({ id: 'a' })).toBeNull();
    expect(await store.get({ id: 'c' })).not.toBeNull();
    await store.close();
  });

  test('a memory-only gateway never loads ioredis (the Redis entry loads it on the first Redis store)', async () => {
    const script =
      "const { storeFromConfig } = await import('./store-from-config.ts');" +
      "const { parseConfig } = await import('../config/load.ts');" +
      "storeFromConfig(parseConfig('model_providers: [{model: openai/gpt-4o}]', 'm.yaml', { env: {} }));" +
      "console.log(Object.keys(require.cache).filter((k) => k.includes('/ioredis/')).length)";
    const proc = Bun.spawn(['bun', '-e', script], {
      cwd: import.meta.dir,
      stdout: 'pipe',
      stderr: 'inherit',
    });
    expect((await new Response(proc.stdout).text()).trim()).toBe('0');
    expect(await proc.exited).toBe(0);
  });
});

describe('Redis pins across two gateway replicas', () => {
  let redis: RedisServerHandle;
  let sim: SimModelsHandle;
  let a: TestGateway;
  let b: TestGateway;
  beforeAll(async () => {
    redis = await startRedisServer();
    sim = await startSimModels({ quiet: true });
    const yaml = `${RESEARCH_CONFIG}\nrouting:\n  session_cache: {type: redis, url: $REDIS_URL, key_prefix: "gw-test:", timeout_ms: 200}\n`;
    const env = { REDIS_URL: redis.url };
    a = await startTestGateway(yaml, { sim, env });
    b = await startTestGateway(yaml, { sim, env });
  });
  afterAll(async () => {
    await a.stop();
    await b.stop();
    await sim.stop();
    await redis.stop();
  });

  const chat = (gw: TestGateway, step: number, id: string) =>
    gw.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-model-affinity': id },
      body: JSON.stringify({ model: 'auto', messages: researchConversation(step) }),
    });

  test('a pin made through one replica is used by the other', async () => {
    const first = await chat(a, 0, 'replica-1');
    const second = await chat(b, 1, 'replica-1');
    expect(first.headers.get('x-tether-model')).toBe(RESEARCH_ROUTES.code_generation);
    expect(second.status).toBe(200);
    expect(second.headers.get('x-tether-model')).toBe(RESEARCH_ROUTES.code_generation);
    expect(second.headers.get('x-tether-pinned')).toBe('true');
    expect(await redis.cli('EXISTS', 'gw-test:replica-1')).toBe('1');
  });

  test('concurrent first requests on both replicas get one model', async () => {
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => chat(i % 2 ? a : b, i % 2, 'replica-race')),
    );
    expect(new Set(responses.map((r) => r.headers.get('x-tether-model'))).size).toBe(1);
    expect(responses.filter((r) => r.headers.get('x-tether-pinned') === 'false')).toHaveLength(1);
  });

  test('Redis down: requests are served unpinned (fail open), health says unreachable, never a 5xx', async () => {
    await redis.stop();
    try {
      const response = await chat(a, 1, 'while-down');
      expect(response.status).toBe(200);
      expect(response.headers.get('x-tether-model')).toBe(RESEARCH_ROUTES.complex_reasoning);
      expect(response.headers.get('x-tether-pinned')).toBe('false');
      expect(response.headers.get('x-tether-affinity')).toBe('unavailable');
      const health = (await (await a.fetch('/healthz')).json()) as { status: string; store: unknown };
      expect(health).toMatchObject({ status: 'degraded', store: { backend: 'redis', reachable: false } });
    } finally {
      await redis.start();
    }
  });
});
