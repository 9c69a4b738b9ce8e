import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { formatKey } from '@tether/affinity-store';
import { Elysia } from 'elysia';
import { readAffinityScope } from '../affinity/headers.ts';
import { GatewayError } from '../errors.ts';
import { requestPath } from '../http/request-url.ts';
import { contextManager, contextWithRequest, type RequestState } from './context.ts';
import { hashAffinity } from './hash.ts';
import { type RequestOutcome, requestLogLine } from './request-log.ts';
import { extractTraceparent } from './tracing.ts';
import type { ObservabilityCore } from './types.ts';

/** What the hooks learn about a request besides `RequestState`. */
interface Tracked extends RequestState {
  status?: number;
  errorStatus?: number;
  decision?: { model: string; route: string; pinned: boolean; affinityStatus: string | null };
  /** The tenant scope from the tenant header, when configured. */
  tenant?: string;
  /** The pin as the store lists it (`tenant:id` or `id`), for per-pin request counts. */
  pinKey?: string;
  body?: Promise<string>;
}

const MAX_LOGGED_BODY = 4096;

function readScope(request: Request, state: Tracked, tenantHeader: string | undefined): void {
  try {
    const scope = readAffinityScope(request.headers, tenantHeader);
    state.tenant = scope.tenant;
    if (scope.id === undefined) return;
    state.affinity = hashAffinity(scope.id, scope.tenant);
    state.pinKey = formatKey({ id: scope.id, tenant: scope.tenant }, '');
  } catch {
    // An invalid id is the route's to reject (400); nothing to count here.
  }
}

function decisionOf(response: Response): Tracked['decision'] {
  const model = response.headers.get('x-tether-model');
  if (model === null) return undefined;
  return {
    model,
    route: response.headers.get('x-tether-route') ?? 'none',
    pinned: response.headers.get('x-tether-pinned') === 'true',
    affinityStatus: response.headers.get('x-tether-affinity'),
  };
}

/**
 * Request-level observability as global Elysia hooks: a request span (child of an incoming
 * `traceparent`), `tether_http_*` and `tether_model_requests_total`, per-pin counts and one JSON
 * log line, all once the response and any upstream stream have ended. Register it before the
 * app's `onError` so its error hook sees every failure first.
 */
export function requestHooks(obs: ObservabilityCore) {
  const { metrics, tracer, logger, activity } = obs;

  const finish = (state: Tracked, endpoint: string): void => {
    const seconds = (performance.now() - state.startedAt) / 1000;
    const status = state.status ?? state.errorStatus ?? 200;
    metrics.requests.inc({ method: state.method, endpoint, status: String(status) });
    metrics.requestDuration.observe({ method: state.method, endpoint }, seconds);
    const d = state.decision;
    if (d !== undefined) {
      metrics.modelRequests.inc({ model: d.model, route: d.route, pinned: String(d.pinned) });
      activity.countModel(d.model, d.pinned);
      if (state.pinKey !== undefined && d.affinityStatus !== 'unavailable' && status < 400) {
        activity.countPin(state.pinKey);
      }
    }
    endSpan(state.span, state, endpoint, status);
    const outcome: RequestOutcome = { endpoint, status, durationMs: seconds * 1000 };
    if (state.body === undefined) {
      requestLogLine(logger, state, outcome);
      return;
    }
    state.body.then(
      (text) => requestLogLine(logger, state, outcome, text.slice(0, MAX_LOGGED_BODY)),
      () => requestLogLine(logger, state, outcome),
    );
  };

  // Hooks find their request's state by the Request itself: an in-process `app.handle` made while
  // serving another request (the MCP tools) replaces the async context, but not this lookup.
  const byRequest = new WeakMap<Request, Tracked>();

  return new Elysia({ name: 'tether/observability' })
    .onRequest(({ request }) => {
      const state: Tracked = {
        method: request.method,
        path: requestPath(request),
        startedAt: performance.now(),
        span: undefined,
        openStreams: 0,
      };
      readScope(request, state, obs.tenantHeader);
      if (obs.includeContent && request.body !== null) state.body = request.clone().text();
      let ctx = extractTraceparent(request.headers);
      if (tracer !== undefined) {
        state.span = tracer.startSpan(
          `${request.method} ${state.path}`,
          { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method } },
          ctx,
        );
        ctx = trace.setSpan(ctx, state.span);
      }
      byRequest.set(request, state);
      contextManager.enterWith(contextWithRequest(ctx, state));
    })
    .onError({ as: 'global' }, ({ code, error, request }) => {
      const state = byRequest.get(request);
      if (state === undefined) return;
      state.errorStatus = GatewayError.isInstance(error) ? error.status : code === 'NOT_FOUND' ? 404 : 500;
    })
    .mapResponse({ as: 'global' }, ({ responseValue, set, request }) => {
      const state = byRequest.get(request);
      if (state === undefined) return;
      if (responseValue instanceof Response) {
        state.status = responseValue.status;
        state.decision = decisionOf(responseValue);
      } else if (typeof set.status === 'number') state.status = set.status;
    })
    .onAfterResponse({ as: 'global' }, ({ route, request, params }) => {
      const state = byRequest.get(request);
      if (state === undefined) return;
      byRequest.delete(request);
      if (route?.includes(':')) {
        // `/affinity/v1/:id`: the id in the path is logged and traced hashed, like the header.
        state.path = route;
        const id = (params as Record<string, string | undefined> | undefined)?.id;
        if (id !== undefined) state.affinity ??= hashAffinity(id, state.tenant);
      }
      // Unmatched paths share one label: a scanner must not create a time series per URL.
      const endpoint = route || 'unmatched';
      if (state.openStreams > 0) state.onStreamsDone = () => finish(state, endpoint);
      else finish(state, endpoint);
    });
}

function endSpan(span: Span | undefined, state: Tracked, endpoint: string, status: number): void {
  if (span === undefined) return;
  span.updateName(`${state.method} ${endpoint}`);
  span.setAttributes({ 'http.route': endpoint, 'url.path': state.path, 'http.response.status_code': status });
  const d = state.decision;
  if (d !== undefined) {
    span.setAttributes({ 'tether.model': d.model, 'tether.route': d.route, 'tether.pinned': d.pinned });
  }
  if (state.affinity !== undefined) span.setAttribute('tether.affinity.id_hash', state.affinity);
  if (typeof state.upstreamStatus === 'number')
    span.setAttribute('tether.upstream.status', state.upstreamStatus);
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
