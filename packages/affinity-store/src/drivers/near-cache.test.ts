import { describe, expect, test } from 'bun:test';
import { decision } from '../store.contract.ts';
import { NearCache, type NearEntry, UNCONFIRMED } from './near-cache.ts';

function setup(maxEntries = 3) {
  let now = 1_000;
  const cache = new NearCache(maxEntries, () => now);
  const entry = (model: string, ttlMs = 60_000, gen = 1): NearEntry => ({
    value: model,
    decision: decision(model),
    expiresAt: now + ttlMs,
    gen,
  });
  const advance = (ms: number): void => {
    now += ms;
  };
  return { cache, entry, advance };
}

describe('NearCache', () => {
  test('LRU: a get refreshes recency; the least recently used goes first', () => {
    const { cache, entry } = setup();
    for (const k of ['a', 'b', 'c']) cache.put(k, entry(k));
    cache.get('a');
    cache.put('d', entry('d'));
    expect([cache.get('b'), cache.size, cache.evictions]).toEqual([undefined, 3, 1]);
    expect(cache.get('a')?.value).toBe('a');
  });

  test('an entry is never returned past its expiry', () => {
    const { cache, entry, advance } = setup();
    cache.put('a', entry('a', 1_000));
    advance(999);
    expect(cache.get('a')?.value).toBe('a');
    advance(1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  test('an invalidation during an operation taints it; one before or after does not', () => {
    const { cache, entry } = setup();
    cache.put('a', entry('a'));
    cache.invalidate('a');
    expect(cache.get('a')).toBeUndefined();
    cache.begin('a');
    expect(cache.end('a')).toBe(false);
    cache.begin('a');
    cache.begin('a');
    cache.invalidate('a');
    expect([cache.end('a'), cache.end('a')]).toEqual([true, true]);
    cache.begin('a');
    expect(cache.end('a')).toBe(false);
    cache.begin('b');
    cache.taintInflight();
    expect(cache.end('b')).toBe(true);
  });

  test('staleKeys lists entries not confirmed in a generation', () => {
    const { cache, entry } = setup(10);
    cache.put('a', entry('a', 60_000, 2));
    cache.put('b', entry('b', 60_000, 1));
    cache.put('c', entry('c', 60_000, UNCONFIRMED));
    expect(cache.staleKeys(2)).toEqual(['b', 'c']);
  });
});
