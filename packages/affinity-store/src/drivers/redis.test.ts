import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { freePort, type RedisServerHandle, startRedisServer } from '@tether/testing';
import { AffinityStoreUnavailableError } from '../errors.ts';
import { decision, freshKey, runStoreContract } from '../store.contract.ts';
import type { AffinityStore } from '../types.ts';
import { CLAIM_SCRIPT_SHA } from './claim-script.ts';
import { createRedisStore, type RedisAffinityStore } from './redis.ts';

/** Resolves the error a promise rejects with, or fails when it resolves. */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  return await p.then(
    (v) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(v)}`);
    },
    (e: unknown) => e,
  );
}

/** Polls `fn` until it resolves truthy (up to `ms`), returning the last result. */
async function eventually<T>(fn: () => Promise<T>, ms = 6_000): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await fn().catch(() => undefined);
    if (last) return last;
    await Bun.sleep(50);
  }
  return last;
}

/** The driver without its near cache: every call is a Redis round trip (the contract with it on is in redis-near.test.ts). */
const OFF = { enabled: false } as const;

for (const forceLua of [false, true]) {
  runStoreContract(`redis${forceLua ? ' (Lua claim)' : ''}`, async () => {
    const redis = await startRedisServer();
    const stores: AffinityStore[] = [];
    const make = () => {
      const s = createRedisStore({ url: redis.url, forceLua, nearCache: OFF });
      stores.push(s);
      return s;
    };
    return {
      store: make(),
      peers: async (n) => Array.from({ length: n }, make),
      cleanup: async () => {
        await Promise.all(stores.map((s) => s.close()));
        await redis.stop();
      },
    };
  });
}

describe('redis store', () => {
  let redis: RedisServerHandle;
  let store: RedisAffinityStore;
  beforeAll(async () => {
    redis = await startRedisServer();
    store = createRedisStore({ url: redis.url, nearCache: OFF });
  });
  afterAll(async () => {
    await store.close();
    await redis.stop();
  });

  test('stores plain snake_case JSON under tether:affinity:<id> with a TTL', async () => {
    await store.claim({ id: 'my-session' }, decision('openai/gpt-4o'), { ttlSeconds: 600 });
    const raw = JSON.parse(await redis.cli('GET', 'tether:affinity:my-session'));
    expect(raw).toEqual({
      model_name: 'openai/gpt-4o',
      route_name: 'code',
      source: 'router',
      pinned_at: 1_732_230_000_000,
    });
    const ttl = Number(await redis.cli('TTL', 'tether:affinity:my-session'));
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
    await store.set({ id: 's', tenant: 'acme' }, decision('a/one'), { ttlSeconds: 60 });
    expect(await redis.cli('EXISTS', 'tether:affinity:acme:s')).toBe('1');
  });

  test('a claim is one round trip; get is one', async () => {
    const key = freshKey();
    const before = (await store.stats()).commandsSent ?? 0;
    await store.claim(key, decision('a/one'), { ttlSeconds: 60 });
    await store.claim(key, decision('b/two'), { ttlSeconds: 60 });
    await store.get(key);
    expect(((await store.stats()).commandsSent ?? 0) - before).toBe(3);
  });

  test('forceLua claims through EVALSHA, loading the script with EVAL once after NOSCRIPT', async () => {
    await redis.cli('SCRIPT', 'FLUSH');
    const lua = createRedisStore({ url: redis.url, forceLua: true, nearCache: OFF });
    const key = freshKey();
    expect((await lua.claim(key, decision('a/one'), { ttlSeconds: 60 })).created).toBe(true);
    expect((await lua.stats()).commandsSent).toBe(2);
    expect(await redis.cli('SCRIPT', 'EXISTS', CLAIM_SCRIPT_SHA)).toBe('1');
    expect(await lua.claim(key, decision('b/two'), { ttlSeconds: 60 })).toEqual({
      decision: decision('a/one'),
      created: false,
    });
    expect((await lua.stats()).commandsSent).toBe(3);
    await lua.close();
  });

  test('connects lazily: no connection until the first call', async () => {
    const clients = async () =>
      Number(/connected_clients:(\d+)/.exec(await redis.cli('INFO', 'clients'))?.[1]);
    const before = await clients();
    const lazy = createRedisStore({ url: redis.url, nearCache: OFF });
    await Bun.sleep(50);
    expect(await clients()).toBe(before);
    expect(await lazy.ping()).toBe(true);
    expect(await clients()).toBe(before + 1);
    await lazy.close();
  });

  test('a corrupt value reads as a miss, and a claim replaces it', async () => {
    await redis.cli('SET', 'tether:affinity:corrupt', 'not json');
    expect(await store.get({ id: 'corrupt' })).toBeNull();
    const claimed = await store.claim({ id: 'corrupt' }, decision('a/one'), { ttlSeconds: 60 });
    expect(claimed.created).toBe(true);
    expect((await store.get({ id: 'corrupt' }))?.model).toBe('a/one');
  });

  test('a pin without expiry reports an infinite ttl', async () => {
    const value = await redis.cli('GET', 'tether:affinity:my-session');
    await redis.cli('SET', 'tether:affinity:forever', value);
    expect(await store.ttl({ id: 'forever' })).toBe(Number.POSITIVE_INFINITY);
  });

  test('a paused server makes calls reject with the typed error instead of hanging', async () => {
    const key = freshKey();
    await store.set(key, decision('a/one'), { ttlSeconds: 60 });
    await redis.cli('CLIENT', 'PAUSE', '1000', 'ALL');
    const error = await rejection(store.get(key));
    expect(AffinityStoreUnavailableError.isInstance(error)).toBe(true);
    expect(await eventually(() => store.get(key))).toEqual(decision('a/one'));
  });

  test('reconnects by itself after the server drops the connection', async () => {
    expect(await store.ping()).toBe(true);
    expect(Number(await redis.cli('CLIENT', 'KILL', 'TYPE', 'normal'))).toBeGreaterThanOrEqual(1);
    expect(await eventually(() => store.ping())).toBe(true);
  });

  test('an outage rejects with AffinityStoreUnavailableError; the same store recovers after a restart', async () => {
    const key = freshKey();
    await store.set(key, decision('a/one'), { ttlSeconds: 60 });
    await redis.stop();
    for (const call of [
      () => store.get(key),
      () => store.claim(key, decision('b/two'), { ttlSeconds: 60 }),
    ]) {
      const error = await rejection(call());
      expect(AffinityStoreUnavailableError.isInstance(error)).toBe(true);
      expect(error).toBeInstanceOf(AffinityStoreUnavailableError);
    }
    expect(await store.ping()).toBe(false);
    expect((await store.stats()).errors).toBeGreaterThanOrEqual(2);
    await redis.start();
    // The server restarted empty, so the pin is gone but the store answers again.
    expect(
      await eventually(async () => (await store.claim(key, decision('c/three'), { ttlSeconds: 60 })).created),
    ).toBe(true);
  });

  test('list matches its own prefix literally and skips values it did not write', async () => {
    const scoped = createRedisStore({ url: redis.url, keyPrefix: 'app[1]:', nearCache: OFF });
    await scoped.set({ id: 'a' }, decision('a/one'), { ttlSeconds: 60 });
    await redis.cli('SET', 'app1:b', 'x'); // matched by the unescaped glob `app[1]:*`
    await redis.cli('SET', 'app[1]:junk', 'not json');
    const page = await scoped.list?.({ limit: 100 });
    expect(page?.pins.map((p) => [p.key, p.decision.model])).toEqual([['a', 'a/one']]);
    expect(page?.cursor).toBeNull();
    await scoped.close();
  });

  test('connection failures never leak the password', async () => {
    const port = await freePort();
    const dead = createRedisStore({
      url: `redis://tether:hunter2-secret@127.0.0.1:${port}`,
      connectTimeoutMs: 500,
    });
    const error = await rejection(dead.get({ id: 'x' }));
    expect(AffinityStoreUnavailableError.isInstance(error)).toBe(true);
    expect(String((error as Error).message)).not.toContain('hunter2');
    expect(JSON.stringify(error)).not.toContain('hunter2');
    await dead.close();
  });
});
