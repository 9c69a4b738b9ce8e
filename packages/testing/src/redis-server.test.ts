import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type RedisServerHandle, startRedisServer } from './redis-server.ts';

describe('startRedisServer', () => {
  let redis: RedisServerHandle;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis.stop();
  });

  test('runs a private server on a free port, not the machine default', async () => {
    expect(redis.port).not.toBe(6379);
    expect(await redis.cli('PING')).toBe('PONG');
    expect(await redis.cli('CONFIG', 'GET', 'save')).toBe('save');
  });

  test('stops and starts again on the same port, data gone', async () => {
    await redis.cli('SET', 'k', 'v');
    await redis.stop();
    expect(redis.running).toBe(false);
    expect(await redis.cli('PING')).not.toBe('PONG');
    await redis.start();
    expect(redis.running).toBe(true);
    expect(await redis.cli('GET', 'k')).toBe('');
  });

  test('kill is a crash (SIGKILL); start brings an empty server back on the same port', async () => {
    await redis.cli('SET', 'k', 'v');
    await redis.kill();
    expect(redis.running).toBe(false);
    await redis.start();
    expect(await redis.cli('GET', 'k')).toBe('');
  });
});
