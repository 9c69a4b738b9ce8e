/** Redis bytes per pin: real claims through the Redis driver, sized with `MEMORY USAGE` and `used_memory`. */
import { createRedisStore } from '@tether/affinity-store/redis';
import type { RedisServerHandle } from '@tether/testing';
import { infoNumber, redisInfo } from './redis-info.ts';

export interface RedisPinSize {
  pins: number;
  /** Median `MEMORY USAGE` of a sample of pin keys (key, value, expiry and allocator overhead). */
  memoryUsageBytes: number;
  /** Growth of `used_memory` divided by pins (includes the keyspace and expiry dictionaries). */
  usedMemoryBytesPerPin: number;
}

const PREFIX = 'bench:size:';

/** Claims `pins` pins (ids like a gateway's) in batches and measures what Redis holds per pin. */
export async function measureRedisPinSize(redis: RedisServerHandle, pins: number): Promise<RedisPinSize> {
  const store = createRedisStore({ url: redis.url, keyPrefix: PREFIX, autoPipelining: true });
  try {
    const before = infoNumber(await redisInfo(redis, 'memory'), 'used_memory');
    const pinnedAt = Date.now();
    const batch = 500;
    for (let start = 0; start < pins; start += batch) {
      const claims: Promise<unknown>[] = [];
      for (let i = start; i < Math.min(pins, start + batch); i++) {
        const id = `session-${i.toString(36).padStart(8, '0')}`;
        claims.push(
          store.claim(
            { id },
            { model: 'openai/gpt-4o', route: 'code_generation', source: 'router', pinnedAt },
            { ttlSeconds: 600 },
          ),
        );
      }
      await Promise.all(claims);
    }
    const after = infoNumber(await redisInfo(redis, 'memory'), 'used_memory');
    const sizes: number[] = [];
    for (let i = 0; i < Math.min(pins, 200); i++) {
      const key = `${PREFIX}session-${(i * Math.floor(pins / 200)).toString(36).padStart(8, '0')}`;
      sizes.push(Number(await store.client.call('MEMORY', 'USAGE', key)));
    }
    sizes.sort((a, b) => a - b);
    return {
      pins,
      memoryUsageBytes: sizes[Math.floor(sizes.length / 2)] ?? Number.NaN,
      usedMemoryBytesPerPin: (after - before) / pins,
    };
  } finally {
    await store.close();
  }
}
