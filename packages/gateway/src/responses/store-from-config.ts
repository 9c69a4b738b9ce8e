import type { ResolvedConfig } from '../config/types.ts';
import { createMemoryResponseStore } from './memory-response-store.ts';
import type { ResponseStore } from './types.ts';

type RedisDriver = typeof import('./redis-response-store.ts');

/**
 * The response store `routing.session_cache` implies: memory (bounded by `response_max_entries`),
 * or Redis with the same connection settings as the pins. The Redis driver is required lazily so a
 * memory-only gateway never loads ioredis.
 */
export function responseStoreFromConfig(config: ResolvedConfig): ResponseStore {
  const cache = config.routing.sessionCache;
  const { responseTtlSeconds, responseMaxEntries } = config.routing;
  if (cache.type === 'memory')
    return createMemoryResponseStore({ ttlSeconds: responseTtlSeconds, maxEntries: responseMaxEntries });
  const { createRedisResponseStore } = import.meta.require('./redis-response-store.ts') as RedisDriver;
  return createRedisResponseStore({
    url: cache.url,
    sentinels: cache.sentinels,
    sentinelName: cache.sentinelName,
    cluster: cache.clusterNodes,
    username: cache.username,
    password: cache.password,
    keyPrefix: `${cache.keyPrefix.replace(/affinity:?$/, '')}responses:`,
    ttlSeconds: responseTtlSeconds,
    // Records carry whole conversations, so they get more time than a pin's few bytes.
    commandTimeoutMs: Math.max(cache.timeoutMs, 1000),
    connectTimeoutMs: cache.connectTimeoutMs,
  });
}
