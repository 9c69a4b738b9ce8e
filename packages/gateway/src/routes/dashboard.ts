import type { AffinityStore, ListedPin } from '@tether/affinity-store';
import { Elysia } from 'elysia';
import { GatewayError } from '../errors.ts';
import { authorizeAdmin, type PeerResolver } from '../http/admin-auth.ts';
import { jsonResponse } from '../http/error-response.ts';
import { requestTarget } from '../http/request-url.ts';
import type { PinActivity } from '../observability/pin-activity.ts';

/** Most pins one refresh shows; a busy Redis holds millions, the page is a glance, not an export. */
const MAX_PINS = 200;
const PAGE = new URL('../observability/dashboard.html', import.meta.url);

/** One row of the live-pins table. */
export interface DashboardPin {
  /** As stored: `id`, or `tenant:id` when scoped. */
  affinity_id: string;
  model: string;
  route: string | null;
  source: string;
  /** Requests this replica served for the pin since it started. */
  requests: number;
  /** `null` when the pin never expires. */
  seconds_left: number | null;
}

/** `GET /dashboard/data`. */
export interface DashboardData {
  backend: string;
  /** `null` when the store cannot list pins. */
  pins: DashboardPin[] | null;
  /** More pins exist than shown. */
  truncated: boolean;
  models: Array<{ model: string; pinned: number; routed: number }>;
  generated_at: string;
}

export interface DashboardOptions {
  /** The undecorated store (listing must not count as lookups). */
  store: AffinityStore;
  activity: PinActivity;
  adminToken: string | undefined;
}

async function livePins(
  store: AffinityStore,
  activity: PinActivity,
): Promise<Pick<DashboardData, 'pins' | 'truncated'>> {
  if (store.list === undefined) return { pins: null, truncated: false };
  const listed: ListedPin[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ limit: MAX_PINS - listed.length, cursor });
    listed.push(...page.pins);
    cursor = page.cursor ?? undefined;
  } while (cursor !== undefined && listed.length < MAX_PINS);
  const pins = listed.slice(0, MAX_PINS).map(
    (p): DashboardPin => ({
      affinity_id: p.key,
      model: p.decision.model,
      route: p.decision.route,
      source: p.decision.source,
      requests: activity.requestsOf(p.key),
      seconds_left: Number.isFinite(p.ttlSeconds) ? p.ttlSeconds : null,
    }),
  );
  pins.sort((a, b) => b.requests - a.requests || a.affinity_id.localeCompare(b.affinity_id));
  return { pins, truncated: cursor !== undefined || listed.length > MAX_PINS };
}

/**
 * The browser has no way to set `Authorization` on a page load, so `?token=` counts too; the
 * request log records paths only, never query strings.
 */
function authorize(request: Request, server: PeerResolver | null, token: string | undefined): void {
  const fromQuery = new URLSearchParams(requestTarget(request).query).get('token');
  if (token === undefined || fromQuery === null || request.headers.has('authorization')) {
    authorizeAdmin(request, server, token);
    return;
  }
  authorizeAdmin(
    new Request('http://tether.invalid/dashboard', { headers: { authorization: `Bearer ${fromQuery}` } }),
    server,
    token,
  );
}

/**
 * `GET /dashboard` (a self-contained page, no external assets) and `GET /dashboard/data` (what it
 * polls every 2 s): live pins and per-model pinned vs routed counts. Guarded like the admin API.
 */
export function dashboardRoutes(options: DashboardOptions) {
  const { store, activity, adminToken } = options;
  return new Elysia({ name: 'tether/dashboard' })
    .onBeforeHandle(({ request, server }) => authorize(request, server, adminToken))
    .get(
      '/dashboard',
      () =>
        new Response(Bun.file(PAGE), {
          headers: {
            'content-type': 'text/html; charset=utf-8',
            'cache-control': 'no-store',
            'content-security-policy':
              "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:",
            'referrer-policy': 'no-referrer',
          },
        }),
    )
    .get('/dashboard/data', async () => {
      const data: DashboardData = {
        backend: store.backend,
        ...(await livePins(store, activity).catch((error: unknown) => {
          throw new GatewayError('affinity_store_unavailable', 503, 'affinity store unavailable', {
            cause: error,
            retryable: true,
          });
        })),
        models: activity.models().sort((a, b) => a.model.localeCompare(b.model)),
        generated_at: new Date().toISOString(),
      };
      return jsonResponse(data, 200, { 'cache-control': 'no-store' });
    });
}
