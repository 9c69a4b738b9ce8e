import { describe, expect, test } from 'bun:test';
import { createMemoryResponseStore } from './memory-response-store.ts';
import type { StoredResponse } from './types.ts';

const record = (id: string, chainId = id): StoredResponse => ({
  response: { id },
  model: 'openai/gpt-4o',
  chainId,
  items: [],
});

describe('createMemoryResponseStore', () => {
  test('get, tenant scoping, delete and the item-owner index', async () => {
    const store = createMemoryResponseStore();
    await store.set('resp_a', record('resp_a'), 't1');
    expect((await store.get('resp_a', 't1'))?.chainId).toBe('resp_a');
    expect(await store.get('resp_a')).toBeNull();
    expect(await store.get('resp_a', 't2')).toBeNull();
    await store.setItemOwner(['msg_x'], 'resp_a', 't1');
    expect(await store.itemOwner('msg_x', 't1')).toBe('resp_a');
    expect(await store.itemOwner('msg_x')).toBeNull();
    expect(await store.delete('resp_a', 't1')).toBe(true);
    expect(await store.delete('resp_a', 't1')).toBe(false);
  });

  test('records expire after the TTL', async () => {
    let now = 0;
    const store = createMemoryResponseStore({ ttlSeconds: 10, now: () => now });
    await store.set('resp_a', record('resp_a'));
    now = 9_999;
    expect(await store.get('resp_a')).not.toBeNull();
    now = 10_000;
    expect(await store.get('resp_a')).toBeNull();
  });

  test('bounded by entries and bytes, least recently used evicted first', async () => {
    const store = createMemoryResponseStore({ maxEntries: 2 });
    await store.set('a', record('a'));
    await store.set('b', record('b'));
    await store.get('a');
    await store.set('c', record('c'));
    expect(await store.get('b')).toBeNull();
    expect(await store.get('a')).not.toBeNull();

    const small = createMemoryResponseStore({ maxBytes: 120 });
    await small.set('big', { ...record('big'), items: [{ role: 'user', content: 'x'.repeat(500) }] });
    expect(await small.get('big')).toBeNull();
    await small.set('one', record('one'));
    await small.set('two', record('two'));
    expect(await small.get('one')).toBeNull();
    expect(await small.get('two')).not.toBeNull();
  });
});
