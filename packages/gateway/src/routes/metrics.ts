import { Elysia } from 'elysia';
import type { GatewayMetrics } from '../observability/metrics.ts';

/**
 * `GET /metrics`: the gateway's `tether_*` metrics in the Prometheus text format. Open like
 * `/healthz` (scrapers rarely carry tokens): it holds counts and model names, no ids or content.
 */
export function metricsRoutes(metrics: GatewayMetrics) {
  return new Elysia({ name: 'tether/metrics' }).get(
    '/metrics',
    async () =>
      new Response(await metrics.registry.metrics(), {
        status: 200,
        headers: { 'content-type': metrics.registry.contentType },
      }),
  );
}
