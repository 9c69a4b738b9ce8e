import { describe, expect, test } from 'bun:test';
import { createLastModelMemory } from './last-model.ts';

const served = (model: string, at: number) => ({ model, route: null, prefixHash: 'p', at });

describe('createLastModelMemory', () => {
  test('bounded: the least recently written lineage goes first', () => {
    const memory = createLastModelMemory(2, () => 0);
    memory.set('a', served('m1', 0));
    memory.set('b', served('m2', 0));
    memory.set('a', served('m3', 0));
    memory.set('c', served('m4', 0));
    expect(memory.size).toBe(2);
    expect(memory.get('b')).toBeUndefined();
    expect(memory.get('a')?.model).toBe('m3');
    expect(memory.get('c')?.model).toBe('m4');
  });

  test('forgotten after the TTL (default one hour)', () => {
    let now = 0;
    const memory = createLastModelMemory(10, () => now);
    memory.set('a', served('m1', 0));
    now = 3_600_000;
    expect(memory.get('a')?.model).toBe('m1');
    now = 3_600_001;
    expect(memory.get('a')).toBeUndefined();
    expect(memory.size).toBe(0);
  });
});
