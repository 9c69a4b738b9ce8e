import { expect, test } from 'bun:test';
import { decodeDecision, encodeDecision, formatKey, InvalidAffinityKeyError } from './index.ts';

test('the memory entry point never loads ioredis', async () => {
  const script =
    "await import('@tether/affinity-store'); await import('@tether/affinity-store/memory');" +
    "console.log(Object.keys(require.cache).filter((k) => k.includes('ioredis')).length)";
  const proc = Bun.spawn(['bun', '-e', script], { cwd: import.meta.dir, stdout: 'pipe', stderr: 'inherit' });
  expect((await new Response(proc.stdout).text()).trim()).toBe('0');
  expect(await proc.exited).toBe(0);
});

test('formatKey prefixes ids and scopes tenants', () => {
  expect(formatKey({ id: 'my-session' })).toBe('tether:affinity:my-session');
  expect(formatKey({ id: 'a b:c', tenant: 'acme' }, 'p:')).toBe('p:acme:a b:c');
  expect(() => formatKey({ id: 'x\u0000' })).toThrow(InvalidAffinityKeyError);
  expect(() => formatKey({ id: 'x\u007f' })).toThrow(/control or non-ASCII character at index 1/);
  expect(() => formatKey({ id: 'x'.repeat(300) })).toThrow(/300 bytes long; the limit is 256/);
});

test('the codec round-trips decisions and reads anything else as a miss', () => {
  const d = { model: 'openai/gpt-4o', route: null, source: 'explicit' as const, pinnedAt: 1, requests: 2 };
  expect(JSON.parse(encodeDecision(d))).toEqual({
    model_name: 'openai/gpt-4o',
    route_name: null,
    source: 'explicit',
    pinned_at: 1,
    requests: 2,
  });
  expect(decodeDecision(encodeDecision(d))).toEqual(d);
  for (const raw of [
    'not json',
    'null',
    '[]',
    '{"model_name":"","source":"router","pinned_at":1}',
    '{"model_name":"m","source":"nope","pinned_at":1}',
    '{"model_name":"m","source":"router","pinned_at":"1"}',
    '{"model_name":"m","source":"router","pinned_at":1,"requests":-1}',
  ]) {
    expect(decodeDecision(raw)).toBeNull();
  }
});
