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
import { ConfigError } from '../config/config-error.ts';
import { parseConfig } from '../config/load.ts';
import type { NearCacheHealth } from '../routes/health.ts';

// Two replicas on one Redis with the near cache (on by default): pinned requests are answered from
// memory, keep their model while Redis is down (`x-tether-affinity: cached`), and are written back
// to a Redis that restarted empty.

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await Bun.sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface Health {
  status: string;
  store: { backend: string; reachable: boolean; near_cache?: NearCacheHealth };
}
const health = async (gw: TestGateway): Promise<Health> =>
  (await (await gw.fetch('/healthz')).json()) as Health;

describe('near cache across two gateway replicas', () => {
  let redis: RedisServerHandle;
  let sim: SimModelsHandle;
  let a: TestGateway;
  let b: TestGateway;
  beforeAll(async () => {
    redis = await startRedisServer();
    sim = await startSimModels({ quiet: true });
    const yaml = `${RESEARCH_CONFIG}\nrouting:\n  session_cache: {type: redis, url: $REDIS_URL, key_prefix: "nc:", timeout_ms: 200, near_cache: {max_entries: 1000}}\n`;
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

  // Step 0 routes to code generation, step 1 (on its own) to complex reasoning: a pin keeps step 1 on step 0's model.
  const chat = (gw: TestGateway, step: number, id: string) =>
    gw.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-model-affinity': id },
      body: JSON.stringify({ model: 'auto', messages: researchConversation(step) }),
    });

  test('/healthz and /dashboard/data show the near cache on and coherent', async () => {
    for (const gw of [a, b]) {
      await chat(gw, 0, 'warm-up');
      await until(async () => (await health(gw)).store.near_cache?.coherent === true, 'tracking on');
    }
    expect((await health(a)).store.near_cache).toMatchObject({ enabled: true, disabled_reason: null });
    const data = (await (await a.fetch('/dashboard/data')).json()) as { near_cache: { max_entries: number } };
    expect(data.near_cache).toMatchObject({ enabled: true, max_entries: 1000 });
  });

  test('pinned requests on both replicas are served from the near cache; /metrics counts it', async () => {
    const first = await chat(a, 0, 'loop-1');
    expect(first.headers.get('x-tether-model')).toBe(RESEARCH_ROUTES.code_generation);
    for (const gw of [b, a, b]) {
      const r = await chat(gw, 1, 'loop-1');
      expect([r.status, r.headers.get('x-tether-model'), r.headers.get('x-tether-pinned')]).toEqual([
        200,
        RESEARCH_ROUTES.code_generation,
        'true',
      ]);
      expect(r.headers.get('x-tether-affinity')).toBeNull();
    }
    const metrics = await (await b.fetch('/metrics')).text();
    const hits = /tether_affinity_near_cache_hits_total\{backend="redis"\} (\d+)/.exec(metrics);
    expect(Number(hits?.[1])).toBeGreaterThanOrEqual(1);
    for (const name of ['misses', 'invalidations', 'revalidations', 'reseeds', 'served_unavailable']) {
      expect(metrics).toContain(`tether_affinity_near_cache_${name}_total{backend="redis"}`);
    }
    expect(metrics).toContain('tether_affinity_near_cache_enabled{backend="redis"} 1');
  });

  test('Redis down: a pinned loop keeps its model, marked cached; an unseen id fails open; an empty restart gets the pin back', async () => {
    await chat(a, 0, 'survivor');
    await chat(b, 1, 'survivor');
    await redis.stop();
    try {
      await until(async () => (await health(a)).store.near_cache?.coherent === false, 'A to notice');
      for (const gw of [a, b]) {
        const r = await chat(gw, 1, 'survivor');
        expect([r.status, r.headers.get('x-tether-model'), r.headers.get('x-tether-pinned')]).toEqual([
          200,
          RESEARCH_ROUTES.code_generation,
          'true',
        ]);
        expect(r.headers.get('x-tether-affinity')).toBe('cached');
      }
      const unseen = await chat(a, 1, 'never-seen');
      expect([unseen.status, unseen.headers.get('x-tether-affinity')]).toEqual([200, 'unavailable']);
    } finally {
      await redis.start();
    }
    await until(async () => (await redis.cli('EXISTS', 'nc:survivor')) === '1', 'the pin to be re-seeded');
    expect(JSON.parse(await redis.cli('GET', 'nc:survivor')).model_name).toBe(
      RESEARCH_ROUTES.code_generation,
    );
    const after = await chat(b, 1, 'survivor');
    expect(after.headers.get('x-tether-model')).toBe(RESEARCH_ROUTES.code_generation);
    const metrics = await (await a.fetch('/metrics')).text();
    expect(metrics).toMatch(/tether_affinity_near_cache_served_unavailable_total\{backend="redis"\} [1-9]/);
  });
});

describe('near_cache config', () => {
  const base =
    'model_providers: [{model: openai/gpt-4o}]\nrouting:\n  session_cache: {type: redis, url: "redis://127.0.0.1:1"';
  const parse = (extra: string) => parseConfig(`${base}${extra}}\n`, 'gw.yaml', { env: {} });

  test('defaults: on, 100000 entries', () => {
    expect(parse('').routing.sessionCache.nearCache).toEqual({ enabled: true, maxEntries: 100_000 });
    expect(parse(', near_cache: {enabled: false, max_entries: 5}').routing.sessionCache.nearCache).toEqual({
      enabled: false,
      maxEntries: 5,
    });
  });

  test('bad values and unknown keys name the key', () => {
    for (const [extra, path] of [
      [', near_cache: {max_entries: 0}', 'routing.session_cache.near_cache.max_entries'],
      [', near_cache: {enabled: maybe}', 'routing.session_cache.near_cache.enabled'],
      [', near_cache: {max_entry: 5}', 'routing.session_cache.near_cache.max_entry'],
    ] as const) {
      let error: unknown;
      try {
        parse(extra);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain(path);
    }
  });

  test('near_cache.enabled false: /healthz says it is off and why', async () => {
    const redis = await startRedisServer();
    const gw = await startTestGateway(
      `${RESEARCH_CONFIG}\nrouting:\n  session_cache: {type: redis, url: "${redis.url}", near_cache: {enabled: false}}\n`,
    );
    try {
      expect((await health(gw)).store.near_cache).toMatchObject({
        enabled: false,
        disabled_reason: 'disabled in configuration',
      });
    } finally {
      await gw.stop();
      await redis.stop();
    }
  });
});
