import type { AffinityStore, NearCacheStats } from '@tether/affinity-store';
import { Counter, Gauge, type Registry } from 'prom-client';

type CounterField = 'hits' | 'misses' | 'invalidations' | 'revalidations' | 'reseeds' | 'servedUnavailable';

/** `tether_affinity_near_cache_<name>_total` ← `stats().nearCache[field]`. */
const COUNTERS: ReadonlyArray<[name: string, field: CounterField, help: string]> = [
  ['hits', 'hits', 'Pin lookups answered from the replica near cache without Redis'],
  ['misses', 'misses', 'Pin lookups that asked Redis (no copy, or one to revalidate)'],
  [
    'invalidations',
    'invalidations',
    'Invalidations received from Redis (keys changed by any client; a flush counts once)',
  ],
  ['revalidations', 'revalidations', 'Near-cache copies checked against Redis after a reconnect or flush'],
  [
    'reseeds',
    'reseeds',
    'Pins written back to Redis with SET NX after it lost them (or a claim failed during an outage)',
  ],
  [
    'served_unavailable',
    'servedUnavailable',
    'Pinned lookups answered from the near cache while Redis could not be asked (x-tether-affinity: cached)',
  ],
];

/**
 * The Redis near cache's counters, read from `store.stats().nearCache` at scrape time. Series carry
 * `backend` and appear only on a store that has a near cache (the memory store shows none).
 */
export function registerNearCacheMetrics(store: AffinityStore, registry: Registry): void {
  const registers = [registry];
  // One stats() call per scrape, shared by every collector of that scrape.
  let pending: Promise<NearCacheStats | undefined> | undefined;
  const read = (): Promise<NearCacheStats | undefined> => {
    pending ??= store
      .stats()
      .then((s) => s.nearCache)
      .catch(() => undefined)
      .finally(() => {
        queueMicrotask(() => {
          pending = undefined;
        });
      });
    return pending;
  };
  for (const [name, field, help] of COUNTERS) {
    let seen = 0;
    new Counter({
      name: `tether_affinity_near_cache_${name}_total`,
      help,
      labelNames: ['backend'] as const,
      registers,
      async collect() {
        const stats = await read();
        if (stats === undefined || stats[field] < seen) return;
        this.inc({ backend: store.backend }, stats[field] - seen);
        seen = stats[field];
      },
    });
  }
  new Gauge({
    name: 'tether_affinity_near_cache_entries',
    help: 'Pins held in this replica near cache',
    labelNames: ['backend'] as const,
    registers,
    async collect() {
      const stats = await read();
      if (stats !== undefined) this.set({ backend: store.backend }, stats.entries);
    },
  });
  new Gauge({
    name: 'tether_affinity_near_cache_enabled',
    help: '1 while the near cache serves (and Redis keeps it coherent or it is revalidating), 0 when off; see /healthz for why',
    labelNames: ['backend'] as const,
    registers,
    async collect() {
      const stats = await read();
      if (stats !== undefined) this.set({ backend: store.backend }, stats.enabled ? 1 : 0);
    },
  });
}
