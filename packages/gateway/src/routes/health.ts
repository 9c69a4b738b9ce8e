import { Elysia } from 'elysia';
import type { GatewayContext } from '../http/context.ts';
import { jsonResponse } from '../http/json-response.ts';

/**
 * `GET /healthz`: `{status, store: {backend, reachable}}`. Always 200 while the process serves:
 * an unreachable store degrades affinity (requests fail open) but does not stop traffic.
 */
export function healthRoutes(tether: GatewayContext) {
  return new Elysia({ name: 'tether/health' }).get('/healthz', async () => {
    const reachable = await tether.store.ping().catch(() => false);
    return jsonResponse(
      { status: reachable ? 'ok' : 'degraded', store: { backend: tether.store.backend, reachable } },
      200,
    );
  });
}
