import type { AffinityKey } from '@tether/affinity-store';
import { Elysia } from 'elysia';
import { z } from 'zod';
import { NO_TENANT, readAffinityScope } from '../affinity/headers.ts';
import { type LifecycleEvents, lifecycleEvents } from '../affinity/lifecycle-events.ts';
import { GatewayError } from '../errors.ts';
import { authorizeAdmin } from '../http/admin-auth.ts';
import { readJsonBody } from '../http/body.ts';
import type { GatewayContext } from '../http/context.ts';
import { jsonResponse } from '../http/error-response.ts';

const pinBodySchema = z.strictObject({
  model: z.string().min(1),
  ttl_seconds: z.number().int().positive().optional(),
  /** The route the pin stands for (e.g. the router's choice pinned over MCP); must be configured. */
  route: z.string().min(1).nullable().optional(),
});

/** A pin as the admin API shows it. */
export interface PinView {
  id: string;
  tenant?: string;
  model: string;
  route: string | null;
  source: string;
  /** Whole seconds before the pin expires. */
  ttl_seconds: number | null;
  pinned_at: string;
  /**
   * Lifecycle events counted by this process's store, summed over all pins since it started, not
   * this pin's: named so it cannot be read as per-pin (docs/affinity.md).
   */
  process_totals: LifecycleEvents;
  /** @deprecated The same process-wide totals under their old name, kept for existing clients. */
  events: LifecycleEvents;
}

function storeUnavailable(error: unknown): GatewayError {
  return new GatewayError('affinity_store_unavailable', 503, 'affinity store unavailable', {
    cause: error,
    retryable: true,
  });
}

/**
 * Affinity admin: `GET|PUT|DELETE /affinity/v1/:id`. The tenant comes from the configured tenant
 * header, as on the proxy path. Store failures here are 503: nothing to fail open to.
 */
export function adminRoutes(tether: GatewayContext) {
  const { config, store } = tether;
  const tenantHeader = config.routing.sessionCache.tenantHeader;
  const keyOf = (request: Request, id: string): AffinityKey => {
    const headers = new Headers(request.headers);
    try {
      headers.set('x-model-affinity', id);
    } catch {
      // A percent-decoded path id no header may carry (CR/LF, NUL, > U+00FF): the same 400 as a bad header.
      throw new GatewayError('invalid_affinity_id', 400, 'affinity id must be printable ASCII', {
        param: 'id',
      });
    }
    headers.delete('x-session-id');
    const scope = readAffinityScope(headers, tenantHeader);
    return scope.tenant === undefined ? { id } : { id, tenant: scope.tenant };
  };
  const guarded = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (GatewayError.isInstance(error)) throw error;
      throw storeUnavailable(error);
    }
  };

  return new Elysia({ name: 'tether/admin' })
    .decorate('tether', tether)
    .onBeforeHandle(({ request, server }) => authorizeAdmin(request, server, config.adminToken))
    .get('/affinity/v1/:id', async ({ request, params }) => {
      const key = keyOf(request, params.id);
      const [pin, ttl, stats] = await guarded(() =>
        // A peek: an operator (or MCP's get_pin) looking is not a lookup, so no hit is counted.
        Promise.all([store.get(key, { peek: true }), store.ttl(key), store.stats()]),
      );
      if (!pin) throw new GatewayError('not_found', 404, `no pin for affinity id "${params.id}"`);
      const totals = lifecycleEvents(stats);
      const view: PinView = {
        id: key.id,
        model: pin.model,
        route: pin.route,
        source: pin.source,
        ttl_seconds: ttl,
        pinned_at: new Date(pin.pinnedAt).toISOString(),
        process_totals: totals,
        events: totals,
      };
      if (key.tenant !== undefined && key.tenant !== NO_TENANT) view.tenant = key.tenant;
      return jsonResponse(view, 200);
    })
    .put(
      '/affinity/v1/:id',
      async ({ request, params }) => {
        const key = keyOf(request, params.id);
        const body = await readJsonBody(request, config.maxBodyBytes, pinBodySchema, config.bodyTimeoutMs);
        const name = config.aliases[body.model] ?? body.model;
        if (!config.modelsByName.has(name)) {
          throw new GatewayError(
            'unknown_model',
            400,
            `model "${body.model}" is not configured; configured models: ${[...config.modelsByName.keys()].join(', ')}`,
            { param: 'model' },
          );
        }
        const route = body.route ?? null;
        if (route !== null && !config.routes.some((r) => r.name === route)) {
          throw new GatewayError(
            'invalid_request',
            400,
            `route "${route}" is not configured; configured routes: ${config.routes.map((r) => r.name).join(', ') || '(none)'}`,
            { param: 'route' },
          );
        }
        const ttlSeconds = body.ttl_seconds ?? config.routing.sessionTtlSeconds;
        const pinnedAt = tether.now();
        await guarded(() =>
          store.set(key, { model: name, route, source: 'explicit', pinnedAt }, { ttlSeconds }),
        );
        return jsonResponse(
          {
            id: key.id,
            model: name,
            route,
            source: 'explicit',
            ttl_seconds: ttlSeconds,
            pinned_at: new Date(pinnedAt).toISOString(),
          },
          200,
        );
      },
      { parse: 'none' },
    )
    .delete('/affinity/v1/:id', async ({ request, params }) => {
      const key = keyOf(request, params.id);
      const deleted = await guarded(() => store.delete(key));
      if (!deleted) throw new GatewayError('not_found', 404, `no pin for affinity id "${params.id}"`);
      return jsonResponse({ id: key.id, deleted: true }, 200);
    });
}
