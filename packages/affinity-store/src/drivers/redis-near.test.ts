import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { freePort, type RedisServerHandle, startRedisServer } from '@tether/testing';
import { AffinityStoreUnavailableError } from '../errors.ts';
import { decision, freshKey, runStoreContract } from '../store.contract.ts';
import type { AffinityStore, NearCacheStats } from '../types.ts';
import { createRedisStore, type RedisAffinityStore } from './redis.ts';

/** Polls `fn` until it returns something truthy (up to `ms`), returning the last result. */
async function eventually<T>(fn: () => Promise<T>, ms = 6_000): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await fn().catch(() => undefined);
    if (last) return last;
    await Bun.sleep(20);
  }
  return last;
}

const near = async (s: AffinityStore): Promise<NearCacheStats> => {
  const stats = (await s.stats()).nearCache;
  if (stats === undefined) throw new Error('no near-cache stats');
  return stats;
};
const sent = async (s: AffinityStore): Promise<number> => (await s.stats()).commandsSent ?? 0;
const coherent = (s: AffinityStore) => eventually(async () => (await near(s)).coherent);

runStoreContract('redis with near cache', async () => {
  const redis = await startRedisServer();
  const stores: AffinityStore[] = [];
  const make = () => {
    const s = createRedisStore({ url: redis.url });
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

describe('redis near cache', () => {
  let redis: RedisServerHandle;
  const stores: RedisAffinityStore[] = [];
  /** A replica's store, tracking already on. */
  const replica = async (opts: Parameters<typeof createRedisStore>[0] = {}): Promise<RedisAffinityStore> => {
    const s = createRedisStore({ url: redis.url, ...opts });
    stores.push(s);
    expect(await s.ping()).toBe(true);
    expect(await coherent(s)).toBe(true);
    return s;
  };
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await redis.stop();
  });

  test('a pin this replica claimed or read is served from memory, no command sent', async () => {
    const [a, b] = [await replica(), await replica()];
    const key = freshKey();
    await a.claim(key, decision('a/one'), { ttlSeconds: 60 });
    expect((await b.get(key))?.model).toBe('a/one'); // b reads it once, with its TTL
    const before = [await sent(a), await sent(b)];
    for (let i = 0; i < 10; i++) {
      expect(await a.get(key)).toEqual(decision('a/one'));
      expect(await b.get(key)).toEqual(decision('a/one'));
    }
    expect([await sent(a), await sent(b)]).toEqual(before);
    expect((await near(a)).hits).toBeGreaterThanOrEqual(10);
  });

  test('a write by another replica, or by redis-cli SET/DEL, invalidates every copy', async () => {
    const [a, b] = [await replica(), await replica()];
    const key = freshKey();
    await a.claim(key, decision('a/one'), { ttlSeconds: 60 });
    await b.get(key);
    await b.set(key, { ...decision('b/two'), source: 'failover' }, { ttlSeconds: 60 });
    expect(await eventually(async () => (await a.get(key))?.model === 'b/two')).toBe(true);
    const raw = JSON.stringify({ model_name: 'c/three', route_name: null, source: 'explicit', pinned_at: 1 });
    await redis.cli('SET', `tether:affinity:${key.id}`, raw, 'EX', '60');
    for (const s of [a, b])
      expect(await eventually(async () => (await s.get(key))?.model === 'c/three')).toBe(true);
    await redis.cli('DEL', `tether:affinity:${key.id}`);
    for (const s of [a, b]) expect(await eventually(async () => (await s.get(key)) === null)).toBe(true);
    expect((await near(a)).invalidations).toBeGreaterThanOrEqual(2);
  });

  test('sliding renewals are coalesced: one EXPIRE per tenth of the TTL', async () => {
    const a = await replica();
    const key = freshKey();
    await a.claim(key, decision('a/one'), { ttlSeconds: 100 });
    const before = await sent(a);
    for (let i = 0; i < 20; i++) expect(await a.touch(key, 100)).toBe(true);
    expect(await sent(a)).toBe(before);
    expect((await near(a)).renewalsCoalesced).toBeGreaterThanOrEqual(20);
    // A longer TTL than Redis holds is a real renewal.
    expect(await a.touch(key, 1_000)).toBe(true);
    expect(await sent(a)).toBe(before + 1);
    expect(Number(await redis.cli('TTL', `tether:affinity:${key.id}`))).toBeGreaterThan(900);
  });

  test('holds at most max_entries copies, least recently used dropped first', async () => {
    const a = await replica({ nearCache: { maxEntries: 3 } });
    const keys = [freshKey(), freshKey(), freshKey(), freshKey(), freshKey()];
    for (const key of keys) await a.claim(key, decision('a/one'), { ttlSeconds: 60 });
    const stats = await near(a);
    expect([stats.entries, stats.evictions, stats.maxEntries]).toEqual([3, 2, 3]);
    const before = await sent(a);
    await a.get(keys[4]!);
    expect(await sent(a)).toBe(before);
    await a.get(keys[0]!); // evicted: read from Redis again
    expect(await sent(a)).toBe(before + 1);
  });

  test('a stalled Redis: cached pins answer without a round trip; unknown ids fail open', async () => {
    const a = await replica();
    const key = freshKey();
    await a.claim(key, decision('a/one'), { ttlSeconds: 60 });
    // `CLIENT PAUSE … ALL` holds every other client's commands, like `DEBUG SLEEP` (off by default in Redis 7).
    await redis.cli('CLIENT', 'PAUSE', '1000', 'ALL');
    expect(await a.get(key)).toEqual(decision('a/one'));
    const error = await a.get(freshKey()).catch((e: unknown) => e);
    expect(String(error)).toContain('no reply');
    expect(AffinityStoreUnavailableError.isInstance(error)).toBe(true);
    await redis.cli('CLIENT', 'UNPAUSE');
  });

  test('the invalidation connection drops: a pin deleted meanwhile is not served once Redis answers', async () => {
    const a = await replica();
    const key = freshKey();
    await a.claim(key, decision('a/one'), { ttlSeconds: 60 });
    await redis.cli('CLIENT', 'KILL', 'TYPE', 'pubsub');
    await redis.cli('DEL', `tether:affinity:${key.id}`);
    expect(await coherent(a)).toBe(true);
    expect(await a.get(key)).toBeNull();
    expect(await redis.cli('EXISTS', `tether:affinity:${key.id}`)).toBe('0');
  });

  test('FLUSHALL: every replica writes its pins back, and they agree', async () => {
    const [a, b] = [await replica(), await replica()];
    const key = freshKey();
    await a.claim(key, decision('a/one'), { ttlSeconds: 60 });
    await b.get(key);
    await redis.cli('FLUSHALL');
    const back = await eventually(async () => (await redis.cli('GET', `tether:affinity:${key.id}`)) !== '');
    expect(back).toBe(true);
    for (const s of [a, b]) expect((await s.get(key))?.model).toBe('a/one');
    expect((await near(a)).reseeds + (await near(b)).reseeds).toBeGreaterThanOrEqual(1);
  });

  test('Redis restarts empty: pins keep serving meanwhile, then are re-seeded and agreed on', async () => {
    const [a, b] = [await replica(), await replica()];
    const keys = [freshKey(), freshKey(), freshKey()];
    for (const [i, key] of keys.entries()) await a.claim(key, decision(`m/${i}`), { ttlSeconds: 60 });
    for (const key of keys) await b.get(key);
    const during = freshKey();
    expect(await b.get(during)).toBeNull();
    await redis.stop();
    expect(await eventually(async () => !(await near(a)).coherent)).toBe(true);
    const served = await a.get(keys[0]!);
    expect(served).toEqual({ ...decision('m/0'), cachedWhileUnavailable: true });
    // A claim that fails during the outage is kept and claimed for real on return.
    await expect(b.claim(during, decision('b/pending'), { ttlSeconds: 60 })).rejects.toThrow(
      AffinityStoreUnavailableError,
    );
    expect((await b.get(during))?.cachedWhileUnavailable).toBe(true);
    await redis.start();
    const allBack = await eventually(async () => {
      const values = await Promise.all(
        [...keys, during].map((k) => redis.cli('GET', `tether:affinity:${k.id}`)),
      );
      return values.every((v) => v !== '');
    });
    expect(allBack).toBe(true);
    for (const [i, key] of keys.entries()) {
      for (const s of [a, b]) expect(await s.get(key)).toEqual(decision(`m/${i}`));
    }
    expect((await a.get(during))?.model).toBe('b/pending');
    const reseeds = (await near(a)).reseeds + (await near(b)).reseeds;
    expect(reseeds).toBeGreaterThanOrEqual(4);
    // Whichever replica re-seeds a key first invalidates the other's copy, so count both.
    expect((await near(a)).revalidations + (await near(b)).revalidations).toBeGreaterThanOrEqual(4);
  });

  test('a server without CLIENT TRACKING: the near cache turns itself off, says why, and the store works', async () => {
    const plain = await startRedisServer({ args: ['--rename-command', 'CLIENT', '""'] });
    const reasons: string[] = [];
    const s = createRedisStore({ url: plain.url, nearCache: { onDisabled: (r) => reasons.push(r) } });
    try {
      const key = freshKey();
      expect((await s.claim(key, decision('a/one'), { ttlSeconds: 60 })).created).toBe(true);
      expect(await eventually(async () => !(await near(s)).enabled)).toBe(true);
      expect((await near(s)).disabledReason).toContain('CLIENT TRACKING');
      expect(reasons).toHaveLength(1);
      const before = await sent(s);
      expect((await s.get(key))?.model).toBe('a/one');
      expect(await sent(s)).toBe(before + 1);
    } finally {
      await s.close();
      await plain.stop();
    }
  });

  test('Redis Cluster: off from the start, with the reason', async () => {
    const reasons: string[] = [];
    const s = createRedisStore({
      cluster: [{ host: '127.0.0.1', port: await freePort() }],
      nearCache: { onDisabled: (r) => reasons.push(r) },
    });
    const stats = await near(s);
    expect(stats.enabled).toBe(false);
    expect(stats.disabledReason).toContain('Cluster');
    expect(reasons).toEqual([stats.disabledReason as string]);
    await s.close();
  });

  test('works with the least-privilege ACL user of docs/deploy-redis.md', async () => {
    const acl =
      'tether on >acl-secret ~tether:affinity:* &__redis__:invalidate +get +set +expire +del +ttl +pttl +ping +info +eval +evalsha +client|id +client|tracking +subscribe';
    expect(await redis.cli('ACL', 'SETUSER', ...acl.split(' '))).toBe('OK');
    const url = redis.url.replace('redis://', 'redis://tether:acl-secret@');
    const [a, b] = [await replica({ url }), await replica({ url })];
    const key = freshKey();
    await a.claim(key, decision('a/one'), { ttlSeconds: 60 });
    await b.get(key);
    await a.set(key, decision('b/two'), { ttlSeconds: 60 });
    expect(await eventually(async () => (await b.get(key))?.model === 'b/two')).toBe(true);
    await redis.cli('FLUSHALL');
    expect(
      await eventually(async () => (await redis.cli('EXISTS', `tether:affinity:${key.id}`)) === '1'),
    ).toBe(true);
    expect((await near(a)).enabled).toBe(true);
  });

  test('an ACL user from before the near cache: it turns itself off and no lookup fails', async () => {
    const acl =
      'legacy on >legacy-secret ~tether:affinity:* +get +set +expire +del +ttl +ping +info +eval +evalsha';
    expect(await redis.cli('ACL', 'SETUSER', ...acl.split(' '))).toBe('OK');
    const s = createRedisStore({ url: redis.url.replace('redis://', 'redis://legacy:legacy-secret@') });
    stores.push(s);
    const key = freshKey();
    expect((await s.claim(key, decision('a/one'), { ttlSeconds: 60 })).created).toBe(true);
    for (let i = 0; i < 5; i++) expect((await s.get(key))?.model).toBe('a/one');
    expect(await eventually(async () => !(await near(s)).enabled)).toBe(true);
    expect((await near(s)).disabledReason).toContain('NOPERM');
    expect((await s.get(key))?.model).toBe('a/one');
  });

  test('rejects a max_entries below 1', () => {
    expect(() => createRedisStore({ url: redis.url, nearCache: { maxEntries: 0 } })).toThrow(/maxEntries/);
  });
});
