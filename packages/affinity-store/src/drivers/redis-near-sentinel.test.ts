import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type RedisServerHandle, redisServerBinary, startRedisServer } from '@tether/testing';
import { type Subprocess, spawn } from 'bun';
import { decision, freshKey } from '../store.contract.ts';
import type { AffinityStore } from '../types.ts';
import { createRedisStore } from './redis.ts';

// Sentinel: both of the near cache's connections follow the master, and a failover is a reconnect
// (revalidation, then tracking on the new master). A real master, replica and sentinel.

async function eventually<T>(fn: () => Promise<T>, ms = 15_000): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await fn().catch(() => undefined);
    if (last) return last;
    await Bun.sleep(50);
  }
  return last;
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const p = spawn(['redis-cli', '-h', '127.0.0.1', '-p', String(port), ...args], {
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const out = await new Response(p.stdout).text();
  await p.exited;
  return out.trim();
}

const coherent = async (s: AffinityStore) => (await s.stats()).nearCache?.coherent === true;

describe('near cache behind Sentinel', () => {
  let master: RedisServerHandle;
  let replica: RedisServerHandle;
  let sentinel: Subprocess;
  let sentinelPort: number;
  let dir: string;
  const stores: AffinityStore[] = [];
  beforeAll(async () => {
    master = await startRedisServer({ args: ['--repl-diskless-sync-delay', '0'] });
    replica = await startRedisServer({ args: ['--replicaof', '127.0.0.1', String(master.port)] });
    sentinelPort = await freePort();
    dir = await mkdtemp(join(tmpdir(), 'tether-sentinel-'));
    const conf = join(dir, 'sentinel.conf');
    await writeFile(
      conf,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `sentinel monitor tether 127.0.0.1 ${master.port} 1`,
        'sentinel down-after-milliseconds tether 1000',
        'sentinel failover-timeout tether 5000',
        '',
      ].join('\n'),
    );
    sentinel = spawn([redisServerBinary(), conf, '--sentinel'], { stdout: 'ignore', stderr: 'ignore' });
    expect(await eventually(async () => (await cli(sentinelPort, 'PING')) === 'PONG')).toBe(true);
    expect(
      await eventually(async () => /master_link_status:up/.test(await replica.cli('INFO', 'replication'))),
    ).toBe(true);
  }, 30_000);
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    sentinel.kill();
    await sentinel.exited;
    await replica.stop();
    await master.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('tracking works through Sentinel and again on the new master after a failover', async () => {
    const make = () => {
      const s = createRedisStore({
        sentinels: [{ host: '127.0.0.1', port: sentinelPort }],
        sentinelName: 'tether',
      });
      stores.push(s);
      return s;
    };
    const [a, b] = [make(), make()];
    for (const s of [a, b]) {
      expect(await s.ping()).toBe(true);
      expect(await eventually(() => coherent(s))).toBe(true);
    }
    const key = freshKey();
    await a.claim(key, decision('a/one'), { ttlSeconds: 60 });
    expect((await b.get(key))?.model).toBe('a/one');
    expect(await master.cli('WAIT', '1', '2000')).toBe('1');

    expect(
      await eventually(async () => (await cli(sentinelPort, 'SENTINEL', 'FAILOVER', 'tether')) === 'OK'),
    ).toBe(true);
    expect(await eventually(async () => (await replica.cli('ROLE')).startsWith('master'))).toBe(true);
    const announced = async () =>
      (await cli(sentinelPort, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'tether')).endsWith(
        String(replica.port),
      );
    expect(await eventually(announced)).toBe(true);
    // Sentinel drops the old master's clients when it demotes it (up to ~10 s later); do it now.
    await master.cli('CLIENT', 'KILL', 'TYPE', 'normal');
    await master.cli('CLIENT', 'KILL', 'TYPE', 'pubsub');
    const subscribers = async () =>
      (await replica.cli('CLIENT', 'LIST'))
        .split('\n')
        .filter((l) => l.includes(' sub=1 ') && !l.includes('name=sentinel')).length;
    expect(await eventually(async () => (await subscribers()) === 2)).toBe(true);
    for (const s of [a, b])
      expect(await eventually(async () => (await s.ping()) && (await coherent(s)))).toBe(true);
    expect((await a.get(key))?.model).toBe('a/one');
    const raw = JSON.stringify({ model_name: 'c/three', route_name: null, source: 'explicit', pinned_at: 1 });
    await replica.cli('SET', `tether:affinity:${key.id}`, raw, 'EX', '60');
    for (const s of [a, b])
      expect(await eventually(async () => (await s.get(key))?.model === 'c/three')).toBe(true);
    expect((await a.stats()).nearCache?.enabled).toBe(true);
  }, 40_000);
});
