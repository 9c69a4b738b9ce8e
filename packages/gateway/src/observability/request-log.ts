import { type RequestRecord, servedDecision } from '../http/request-state.ts';
import type { Logger } from '../logger.ts';

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
 * Writes the one line per request from its record: method, path (never the query string), status,
 * duration, decision, pin outcomes, hashed affinity id and upstream status. `content` only when
 * `logging.include_content`. Nothing is built when the line's level is off.
 */
export function requestLogLine(
  logger: Logger,
  record: RequestRecord,
  outcome: RequestOutcome,
  content?: string,
): void {
  const level = QUIET.has(record.path) ? 'debug' : outcome.status >= 500 ? 'warn' : 'info';
  if (logger.enabled?.(level) === false) return;
  const fields: Record<string, unknown> = {
    method: record.method,
    path: record.path,
    endpoint: outcome.endpoint,
    status: outcome.status,
    duration_ms: Math.round(outcome.durationMs * 10) / 10,
  };
  const d = servedDecision(record);
  if (d !== undefined) Object.assign(fields, { model: d.model, route: d.route, pinned: d.pinned });
  if (record.pin.length > 0) fields.pin = record.pin.join(',');
  if (record.affinity?.adoptedFrom !== undefined) fields.affinity_source = record.affinity.adoptedFrom;
  if (record.affinityHash !== undefined) fields.affinity = record.affinityHash;
  if (record.upstreamStatus !== undefined) fields.upstream_status = record.upstreamStatus;
  const traceId = record.span?.spanContext().traceId;
  if (traceId !== undefined && record.span?.isRecording()) fields.trace_id = traceId;
  if (content !== undefined) fields.content = content;
  logger[level]('request', fields);
}
