import type { Logger } from '../logger.ts';
import type { RequestState } from './context.ts';

/** How a request ended. */
export interface RequestOutcome {
  /** The route pattern, e.g. `/affinity/v1/:id`, or `unmatched`. */
  endpoint: string;
  status: number;
  durationMs: number;
}

/** Polled endpoints: at `debug`, so a scraper or an open dashboard does not flood the log. */
const QUIET = new Set(['/metrics', '/healthz', '/dashboard/data']);

/**
 * Writes the one line per request: method, path (never the query string), status, duration,
 * decision, hashed affinity id and upstream status. `content` only when `logging.include_content`.
 */
export function requestLogLine(
  logger: Logger,
  state: RequestState & { decision?: { model: string; route: string; pinned: boolean } },
  outcome: RequestOutcome,
  content?: string,
): void {
  const fields: Record<string, unknown> = {
    method: state.method,
    path: state.path,
    endpoint: outcome.endpoint,
    status: outcome.status,
    duration_ms: Math.round(outcome.durationMs * 10) / 10,
  };
  const d = state.decision;
  if (d !== undefined) Object.assign(fields, { model: d.model, route: d.route, pinned: d.pinned });
  if (state.affinity !== undefined) fields.affinity = state.affinity;
  if (state.upstreamStatus !== undefined) fields.upstream_status = state.upstreamStatus;
  const traceId = state.span?.spanContext().traceId;
  if (traceId !== undefined && state.span?.isRecording()) fields.trace_id = traceId;
  if (content !== undefined) fields.content = content;
  if (QUIET.has(state.path)) logger.debug('request', fields);
  else if (outcome.status >= 500) logger.warn('request', fields);
  else logger.info('request', fields);
}
