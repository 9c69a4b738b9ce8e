import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { formatKey } from '@tether/affinity-store';
import { Elysia } from 'elysia';
import { GatewayError } from '../errors.ts';
import {
  peekRequestRecord,
  type RequestRecord,
  requestRecord,
  servedDecision,
} from '../http/request-state.ts';
import { contextManager, contextWithRequest } from './context.ts';
import { hashAffinity } from './hash.ts';
import { type RequestOutcome, requestLogLine } from './request-log.ts';
import { extractTraceparent } from './tracing.ts';
import type { ObservabilityCore } from './types.ts';

const MAX_LOGGED_BODY = 4096;

/** The pin the request was counted against, as the store lists it (`tenant:id` or `id`). */
function pinKeyOf(record: RequestRecord): string | undefined {
  const key = record.decision?.affinityKey;
  if (key === undefined || record.decision?.affinityStatus === 'unavailable') return undefined;
  return formatKey(key, '');
}

/**
 * Request-level observability as global Elysia hooks: a request span (child of an incoming
 * `traceparent`), `tether_http_*` and `tether_model_requests_total`, per-pin counts and one JSON
 * log line, all once the response and any upstream stream have ended. Register it before the
 * app's `onError` so its error hook sees every failure first.
 */
export function requestHooks(obs: ObservabilityCore) {
  const { metrics, tracer, logger, activity } = obs;
  // A record is finished once, even if a framework hook fires twice.
  const finished = new WeakSet<RequestRecord>();

  const finish = (record: RequestRecord, endpoint: string): void => {
    const seconds = (performance.now() - record.startedAt) / 1000;
    const status = record.status ?? record.errorStatus ?? 200;
    metrics.requests.inc({ method: record.method, endpoint, status: String(status) });
    metrics.requestDuration.observe({ method: record.method, endpoint }, seconds);
    const d = servedDecision(record);
    if (d !== undefined) {
      metrics.modelRequests.inc({ model: d.model, route: d.route, pinned: String(d.pinned) });
      activity.countModel(d.model, d.pinned);
      const pinKey = pinKeyOf(record);
      if (pinKey !== undefined && status < 400) activity.countPin(pinKey);
    }
    const scope = record.affinity?.scope;
    if (record.affinityHash === undefined && scope?.id !== undefined)
      record.affinityHash = hashAffinity(scope.id, scope.tenant);
    endSpan(record.span, record, endpoint, status);
    const outcome: RequestOutcome = { endpoint, status, durationMs: seconds * 1000 };
    if (record.content === undefined) {
      requestLogLine(logger, record, outcome);
      return;
    }
    record.content.then(
      (text) => requestLogLine(logger, record, outcome, text.slice(0, MAX_LOGGED_BODY)),
      () => requestLogLine(logger, record, outcome),
    );
  };

  return new Elysia({ name: 'tether/observability' })
    .onRequest(({ request }) => {
      const record = requestRecord(request);
      if (obs.includeContent && request.body !== null) record.content = request.clone().text();
      let ctx = extractTraceparent(request.headers);
      if (tracer !== undefined) {
        record.span = tracer.startSpan(
          `${request.method} ${record.path}`,
          { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method } },
          ctx,
        );
        ctx = trace.setSpan(ctx, record.span);
      }
      contextManager.enterWith(contextWithRequest(ctx, record));
    })
    .onError({ as: 'global' }, ({ code, error, request }) => {
      const record = peekRequestRecord(request);
      if (record === undefined) return;
      record.errorStatus = GatewayError.isInstance(error) ? error.status : code === 'NOT_FOUND' ? 404 : 500;
    })
    .mapResponse({ as: 'global' }, ({ responseValue, set, request }) => {
      const record = peekRequestRecord(request);
      if (record === undefined) return;
      if (responseValue instanceof Response) record.status = responseValue.status;
      else if (typeof set.status === 'number') record.status = set.status;
    })
    .onAfterResponse({ as: 'global' }, ({ route, request, params }) => {
      const record = peekRequestRecord(request);
      if (record === undefined || finished.has(record)) return;
      finished.add(record);
      if (route?.includes(':')) {
        // `/affinity/v1/:id`: the id in the path is logged and traced hashed, like the header.
        record.path = route;
        const id = (params as Record<string, string | undefined> | undefined)?.id;
        if (id !== undefined) record.affinityHash ??= hashAffinity(id, record.affinity?.scope.tenant);
      }
      // Unmatched paths share one label: a scanner must not create a time series per URL.
      const endpoint = route || 'unmatched';
      if (record.openStreams > 0) record.onStreamsDone = () => finish(record, endpoint);
      else finish(record, endpoint);
    });
}

function endSpan(span: Span | undefined, state: RequestRecord, endpoint: string, status: number): void {
  if (span === undefined) return;
  span.updateName(`${state.method} ${endpoint}`);
  span.setAttributes({ 'http.route': endpoint, 'url.path': state.path, 'http.response.status_code': status });
  const d = servedDecision(state);
  if (d !== undefined) {
    span.setAttributes({ 'tether.model': d.model, 'tether.route': d.route, 'tether.pinned': d.pinned });
  }
  if (state.pin.length > 0) span.setAttribute('tether.affinity.outcome', state.pin.join(','));
  if (state.affinityHash !== undefined) span.setAttribute('tether.affinity.id_hash', state.affinityHash);
  if (typeof state.upstreamStatus === 'number')
    span.setAttribute('tether.upstream.status', state.upstreamStatus);
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
