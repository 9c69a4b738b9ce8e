import { describe, expect, test } from 'bun:test';
import { InvalidAffinityOptionsError } from '../errors.ts';
import { decision, runStoreContract } from '../store.contract.ts';
import { createMemoryStore } from './memory.ts';

function clock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number): void => {
      t += ms;
    },
  };
}

runStoreContract('memory', async () => {
  const c = clock();
  const store = createMemoryStore({ now: c.now });
  return {
    store,
    advance: c.advance,
    peers: async (n) => Array(n).fill(store),
    cleanup: () => store.close(),
  };
});

describe('memory store', () => {
  test('evicts the least recently used pin beyond maxEntries; a get refreshes recency', async () => {
    const store = createMemoryStore({ maxEntries: 3, sweepIntervalMs: 0 });
    for (const id of ['a', 'b', 'c']) await store.set({ id }, decision(`m/${id}`), { ttlSeconds: 60 });
    await store.get({ id: 'a' }); // order now b, c, a
    await store.set({ id: 'd' }, decision('m/d'), { ttlSeconds: 60 }); // evicts b
    expect(await store.get({ id: 'b' })).toBeNull();
    await store.touch({ id: 'c' }, 60); // order a, d, c
    await store.claim({ id: 'e' }, decision('m/e'), { ttlSeconds: 60 }); // evicts a
    expect(await store.get({ id: 'a' })).toBeNull();
    expect((await store.get({ id: 'c' }))?.model).toBe('m/c');
    expect((await store.get({ id: 'd' }))?.model).toBe('m/d');
    expect(store.size).toBe(3);
    const stats = await store.stats();
    expect([stats.evictions, stats.entries]).toEqual([2, 3]);
    await store.close();
  });

  test('the sweep removes expired pins incrementally and counts them', async () => {
    const c = clock();
    const store = createMemoryStore({ now: c.now, sweepIntervalMs: 0 });
    for (let i = 0; i < 10; i++)
      await store.set({ id: `s${i}` }, decision('m/x'), { ttlSeconds: i < 6 ? 1 : 60 });
    c.advance(1_000);
    expect(store.sweep(4)).toBe(4);
    expect(store.sweep(100)).toBe(2);
    expect(store.size).toBe(4);
    expect((await store.stats()).expirations).toBe(6);
    await store.close();
  });

  test('a returned decision is a copy: mutating it does not change the pin', async () => {
    const store = createMemoryStore();
    await store.set({ id: 'm' }, decision('m/one'), { ttlSeconds: 60 });
    const got = await store.get({ id: 'm' });
    if (got) got.model = 'changed';
    expect((await store.get({ id: 'm' }))?.model).toBe('m/one');
    await store.close();
  });

  test('rejects bad options and bad TTLs with typed errors', async () => {
    expect(() => createMemoryStore({ maxEntries: 0 })).toThrow(InvalidAffinityOptionsError);
    const store = createMemoryStore();
    await expect(store.set({ id: 'x' }, decision('m/x'), { ttlSeconds: 0 })).rejects.toThrow(
      InvalidAffinityOptionsError,
    );
    await store.close();
  });

  test('holds 1,000,000 pins with maxEntries 1,000,000', async () => {
    const store = createMemoryStore({ maxEntries: 1_000_000, sweepIntervalMs: 0 });
    const d = decision('openai/gpt-4o');
    for (let i = 0; i < 1_000_000; i++) await store.set({ id: `session-${i}` }, d, { ttlSeconds: 600 });
    expect(store.size).toBe(1_000_000);
    expect((await store.get({ id: 'session-0' }))?.model).toBe('openai/gpt-4o');
    expect((await store.get({ id: 'session-999999' }))?.model).toBe('openai/gpt-4o');
    await store.set({ id: 'one-more' }, d, { ttlSeconds: 600 });
    expect(store.size).toBe(1_000_000);
    expect(await store.get({ id: 'session-1' })).toBeNull(); // session-0 was refreshed, so 1 was the LRU
    const stats = await store.stats();
    expect([stats.evictions, stats.entries]).toEqual([1, 1_000_000]);
    await store.close();
  });
});
