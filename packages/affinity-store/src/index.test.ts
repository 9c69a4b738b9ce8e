import { expect, test } from 'bun:test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

test('the redis entry point loads ioredis only when a store is created', async () => {
  const script =
    "const { createRedisStore } = await import('@tether/affinity-store/redis');" +
    "const count = () => Object.keys(require.cache).filter((k) => k.includes('/ioredis/')).length;" +
    "const before = count(); const store = createRedisStore({ url: 'redis://127.0.0.1:1' });" +
    'console.log(before, count() > 0); await store.close();';
  const proc = Bun.spawn(['bun', '-e', script], { cwd: import.meta.dir, stdout: 'pipe', stderr: 'inherit' });
  expect((await new Response(proc.stdout).text()).trim()).toBe('0 true');
  expect(await proc.exited).toBe(0);
});

test('importing the redis entry point without ioredis names the missing package', async () => {
  // A copy of this package in a project that never installed its optional peer.
  const project = mkdtempSync(join(tmpdir(), 'affinity-store-no-ioredis-'));
  try {
    const target = join(project, 'node_modules', '@tether', 'affinity-store');
    cpSync(join(import.meta.dir, '..', 'package.json'), join(target, 'package.json'));
    cpSync(import.meta.dir, join(target, 'src'), { recursive: true });
    const script =
      "try { await import('@tether/affinity-store/redis'); console.log('loaded'); }" +
      'catch (e) { console.log(e.code, e.message); }';
    const proc = Bun.spawn(['bun', '-e', script], { cwd: project, stdout: 'pipe', stderr: 'inherit' });
    const out = (await new Response(proc.stdout).text()).trim();
    expect(out).toStartWith(
      'missing_peer_dependency @tether/affinity-store/redis needs the package "ioredis"',
    );
    expect(out).toContain('npm install ioredis');
    // The memory entry point still works there.
    const memory = Bun.spawn(
      [
        'bun',
        '-e',
        "const m = await import('@tether/affinity-store/memory'); console.log(typeof m.createMemoryStore)",
      ],
      { cwd: project, stdout: 'pipe', stderr: 'inherit' },
    );
    expect((await new Response(memory.stdout).text()).trim()).toBe('function');
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
