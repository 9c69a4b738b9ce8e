import { type AffinityStore, createMemoryStore } from '@tether/affinity-store';
import { createRedisStore } from '@tether/affinity-store/redis';
import type { ResolvedConfig } from '../config/types.ts';
import type { Logger } from '../logger.ts';

/**
 * The store `session_cache` asks for: memory (LRU bounded by `session_max_entries`) or Redis. The
 * Redis entry loads ioredis only when a Redis store is created, so a memory-only gateway never does
 * (and this stays a plain ES import that Bun and Deno both resolve).
 * The near cache turning itself off (Cluster, a server without `CLIENT TRACKING`) is logged once on `logger`.
 */
export function storeFromConfig(config: ResolvedConfig, logger?: Logger): AffinityStore {
  const cache = config.routing.sessionCache;
  if (cache.type === 'memory') return createMemoryStore({ maxEntries: config.routing.sessionMaxEntries });
  const common = {
    keyPrefix: cache.keyPrefix,
    commandTimeoutMs: cache.timeoutMs,
    // A replica whose Redis never came up must not hold every affinity request for long before failing open.
    connectTimeoutMs: cache.connectTimeoutMs,
    nearCache: {
      enabled: cache.nearCache.enabled,
      maxEntries: cache.nearCache.maxEntries,
      onDisabled: (reason: string) => logger?.warn('affinity near cache is off', { reason }),
    },
    ...(cache.username || cache.password
      ? { redisOptions: { username: cache.username, password: cache.password } }
      : {}),
  };
  if (cache.sentinels) {
    return createRedisStore({ ...common, sentinels: cache.sentinels, sentinelName: cache.sentinelName });
  }
  if (cache.clusterNodes) return createRedisStore({ ...common, cluster: cache.clusterNodes });
  return createRedisStore({ ...common, url: cache.url });
}
