import type { ResolvedConfig } from '../config/types.ts';
import { createMemoryResponseStore } from './memory-response-store.ts';
import { createRedisResponseStore } from './redis-response-store.ts';
import type { ResponseStore } from './types.ts';

/**
 * The response store `routing.session_cache` implies: memory (bounded by `response_max_entries`),
 * or Redis with the same connection settings as the pins. The Redis driver loads ioredis only when it
 * makes a client, so a memory-only gateway never does.
 */
export function responseStoreFromConfig(config: ResolvedConfig): ResponseStore {
  const cache = config.routing.sessionCache;
  const { responseTtlSeconds, responseMaxEntries } = config.routing;
  if (cache.type === 'memory')
    return createMemoryResponseStore({ ttlSeconds: responseTtlSeconds, maxEntries: responseMaxEntries });
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
