import type { AffinityStore } from '@tether/affinity-store';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { registerNearCacheMetrics } from './near-cache-metrics.ts';

/** Values of `tether_affinity_events_total{event}`. */
export const AFFINITY_EVENTS = [
  'hit',
  'miss',
  'claim',
  'claim_lost',
  'store_error',
  'released',
  'repinned',
  'expired',
] as const;
export type AffinityEvent = (typeof AFFINITY_EVENTS)[number];

/** Fast in-process calls (store, local router): 50 µs to 1 s. */
const FAST_BUCKETS = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1,
];
/** Model calls: 10 ms to 2 min. */
const SLOW_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** The gateway's Prometheus metrics, on a registry of its own (two gateways in one process never clash). */
export interface GatewayMetrics {
  registry: Registry;
  requests: Counter<'method' | 'endpoint' | 'status'>;
  requestDuration: Histogram<'method' | 'endpoint'>;
  modelRequests: Counter<'model' | 'route' | 'pinned'>;
  upstreamDuration: Histogram<'model' | 'status' | 'stream'>;
  upstreamTtft: Histogram<'model'>;
  routerDuration: Histogram<'router' | 'outcome'>;
  affinityEvents: Counter<'event'>;
  storeDuration: Histogram<'backend' | 'op'>;
}

/**
 * Creates the `tether_*` metrics. `store` feeds the active-pins gauge (backends that can count
 * cheaply, i.e. memory) and the `expired` events, both read from `store.stats()` at scrape time.
 */
export function createMetrics(store: AffinityStore): GatewayMetrics {
  const registry = new Registry();
  const registers = [registry];
  let expiredSeen = 0;
  const affinityEvents = new Counter({
    name: 'tether_affinity_events_total',
    help: 'Affinity events: pin lookups (hit/miss), claims (claim/claim_lost), store failures, releases, failover re-pins, expiries',
    labelNames: ['event'] as const,
    registers,
    async collect() {
      const stats = await store.stats().catch(() => null);
      if (stats === null || stats.expirations < expiredSeen) return;
      this.inc({ event: 'expired' }, stats.expirations - expiredSeen);
      expiredSeen = stats.expirations;
    },
  });
  for (const event of AFFINITY_EVENTS) affinityEvents.inc({ event }, 0);
  new Gauge({
    name: 'tether_affinity_active_pins',
    help: 'Pins held by this replica (memory store; absent on backends that cannot count cheaply)',
    labelNames: ['backend'] as const,
    registers,
    async collect() {
      const stats = await store.stats().catch(() => null);
      if (stats?.entries != null) this.set({ backend: stats.backend }, stats.entries);
    },
  });
  registerNearCacheMetrics(store, registry);
  return {
    registry,
    affinityEvents,
    requests: new Counter({
      name: 'tether_http_requests_total',
      help: 'HTTP requests by endpoint (route pattern) and status',
      labelNames: ['method', 'endpoint', 'status'] as const,
      registers,
    }),
    requestDuration: new Histogram({
      name: 'tether_http_request_duration_seconds',
      help: 'Time from request to the last byte of the response (streams included)',
      labelNames: ['method', 'endpoint'] as const,
      buckets: SLOW_BUCKETS,
      registers,
    }),
    modelRequests: new Counter({
      name: 'tether_model_requests_total',
      help: 'Proxied requests by serving model, route and whether a pin decided (pinned) or not (routed)',
      labelNames: ['model', 'route', 'pinned'] as const,
      registers,
    }),
    upstreamDuration: new Histogram({
      name: 'tether_upstream_duration_seconds',
      help: 'Upstream model calls, until the whole answer (streams: until the last chunk)',
      labelNames: ['model', 'status', 'stream'] as const,
      buckets: SLOW_BUCKETS,
      registers,
    }),
    upstreamTtft: new Histogram({
      name: 'tether_upstream_time_to_first_token_seconds',
      help: 'Streaming upstream calls: time until the first streamed chunk',
      labelNames: ['model'] as const,
      buckets: SLOW_BUCKETS,
      registers,
    }),
    routerDuration: new Histogram({
      name: 'tether_router_decision_duration_seconds',
      help: 'Router decisions (never run for pinned requests)',
      labelNames: ['router', 'outcome'] as const,
      buckets: FAST_BUCKETS,
      registers,
    }),
    storeDuration: new Histogram({
      name: 'tether_affinity_store_duration_seconds',
      help: 'Affinity store calls by operation',
      labelNames: ['backend', 'op'] as const,
      buckets: FAST_BUCKETS,
      registers,
    }),
  };
}
