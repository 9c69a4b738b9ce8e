import { createHttpControl, handleMcpHttpRequest } from '@tether/mcp-server';
import { Elysia } from 'elysia';
import { GatewayError } from '../errors.ts';
import { authorizeAdmin } from '../http/admin-auth.ts';
import { jsonResponse } from '../http/error-response.ts';

/** Options of {@link mcpRoutes}. */
export interface McpRoutesOptions {
  /**
   * Serves a request on this gateway in-process, so the MCP tools use the gateway's own store and
   * router through its own API (`/v1/models`, `/routing/v1/…`, `/affinity/v1/…`).
   * @example (request) => app.handle(request)
   */
  handle: (request: Request) => Response | Promise<Response>;
  /** The config's `admin_token`: when set, `/mcp` needs `Authorization: Bearer <token>`; else loopback only. */
  adminToken?: string;
  /** The config's `routing.session_cache.tenant_header`, forwarded so MCP pins land in the caller's tenant. */
  tenantHeader?: string;
}

// Origin of the in-process requests: never dialled, `handle` only reads the path and headers.
const INTERNAL_ORIGIN = 'http://tether.internal';

/**
 * MCP over Streamable HTTP at `/mcp` (stateless, JSON responses): the `@tether/mcp-server` tools,
 * working on this gateway through its own HTTP API called in-process. Guarded exactly like the
 * affinity admin API; the caller's `Authorization` and tenant header are forwarded to it.
 * @example app.use(mcpRoutes({ handle: (req) => app.handle(req), adminToken: config.adminToken }))
 */
export function mcpRoutes(options: McpRoutesOptions) {
  const send = async (request: Request) => await options.handle(request);
  return new Elysia({ name: 'tether/mcp', seed: options }).all(
    '/mcp',
    async ({ request, server }) => {
      try {
        authorizeAdmin(request, server, options.adminToken);
      } catch (error) {
        if (!GatewayError.isInstance(error)) throw error;
        // Answered here rather than by the app's onError so the plugin is safe to mount on its own.
        return jsonResponse(
          { error: { message: error.message, type: error.type, code: error.code } },
          error.status,
        );
      }
      const headers: Record<string, string> = {};
      const authorization = request.headers.get('authorization');
      if (authorization) headers.authorization = authorization;
      const tenant = options.tenantHeader ? request.headers.get(options.tenantHeader) : null;
      if (options.tenantHeader && tenant) headers[options.tenantHeader] = tenant;
      const control = createHttpControl({ baseUrl: INTERNAL_ORIGIN, fetch: send, headers });
      // An HTTP/1.0 request without `Host` has a relative URL, which the MCP transport cannot parse.
      const absolute = request.url.startsWith('/')
        ? new Request(INTERNAL_ORIGIN + request.url, request)
        : request;
      return handleMcpHttpRequest(absolute, control);
    },
    // The MCP transport reads the raw body itself.
    { parse: 'none' },
  );
}
