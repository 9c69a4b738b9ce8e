import type { NearCacheStats } from '@tether/affinity-store';
import { Elysia } from 'elysia';
import type { GatewayContext } from '../http/context.ts';
import { jsonResponse } from '../http/json-response.ts';

/** `store.near_cache` in `/healthz`: present on the Redis driver only. */
export interface NearCacheHealth {
  enabled: boolean;
  /** Why it is off (configured off, Redis Cluster, a server without `CLIENT TRACKING`); `null` while on. */
  disabled_reason: string | null;
  /** True while Redis reports every pin change to this replica; false while reconnecting or revalidating. */
  coherent: boolean;
  entries: number;
}

function nearCacheHealth(stats: NearCacheStats | undefined): NearCacheHealth | undefined {
  if (stats === undefined) return undefined;
  return {
    enabled: stats.enabled,
    disabled_reason: stats.disabledReason,
    coherent: stats.coherent,
    entries: stats.entries,
  };
}

/**
 * `GET /healthz`: `{status, store: {backend, reachable, near_cache?}}`. Always 200 while the process
 * serves: an unreachable store degrades affinity (requests fail open) but does not stop traffic.
 */
export function healthRoutes(tether: GatewayContext) {
  return new Elysia({ name: 'tether/health' }).get('/healthz', async () => {
    const [reachable, stats] = await Promise.all([
      tether.store.ping().catch(() => false),
      tether.store.stats().catch(() => undefined),
    ]);
    const nearCache = nearCacheHealth(stats?.nearCache);
    return jsonResponse(
      {
        status: reachable ? 'ok' : 'degraded',
        store: {
          backend: tether.store.backend,
          reachable,
          ...(nearCache === undefined ? {} : { near_cache: nearCache }),
        },
      },
      200,
    );
  });
}
