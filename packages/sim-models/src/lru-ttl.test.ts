import { describe, expect, test } from 'bun:test';
import { LruTtlMap } from './lru-ttl.ts';

describe('LruTtlMap', () => {
  test('evicts the least recently used entry when full; a read counts as a use', () => {
    const map = new LruTtlMap<number>(2, 1_000);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1);
    map.set('c', 3);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')).toBe(1);
    expect(map.get('c')).toBe(3);
    expect(map.size).toBe(2);
  });

  test('entries expire after the TTL; set refreshes it; delete says whether a live entry was there', () => {
    let now = 0;
    const map = new LruTtlMap<string>(10, 100, () => now);
    map.set('a', 'x');
    now = 99;
    expect(map.has('a')).toBe(true);
    map.set('a', 'y');
    now = 150;
    expect(map.get('a')).toBe('y');
    now = 198;
    expect(map.get('a')).toBe('y');
    now = 199;
    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(0);
    map.set('b', 'z');
    now = 400;
    expect(map.delete('b')).toBe(false);
    expect(map.delete('nope')).toBe(false);
  });
});
