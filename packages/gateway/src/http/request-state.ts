import type { Span } from '@opentelemetry/api';
import type { AdoptedSession } from '../affinity/adopt-session.ts';
import type { Decision } from '../affinity/decider.ts';
import type { AffinityScope } from '../affinity/headers.ts';
import type { ResolvedModel } from '../config/types.ts';
import { requestPath } from './request-url.ts';

/** What happened to the request's pin, in order: decided (`created`, `hit`), then after serving. */
export type PinOutcome = 'created' | 'hit' | 'renewed' | 'repinned' | 'released' | 'withdrawn';

/** Who the request belongs to, as the decision head read it (explicit header or adopted id). */
export interface RecordedAffinity {
  /** `id` is absent without a header, with `x-tether-affinity: off`, or when nothing was adopted. */
  scope: AffinityScope;
  /** False with `x-tether-affinity: off`. */
  enabled: boolean;
  /** Set when the id was adopted from an agent's own session header or `prompt_cache_key`. */
  adoptedFrom?: AdoptedSession['source'];
}

/**
 * Everything the gateway learns about one request, recorded once where it is learnt (Hono's
 * `c.set`): arrival, decision, affinity scope, serving model, pin outcomes, upstream status.
 * Response headers, logs, metrics, traces and the dashboard are all written from it; nothing
 * parses response headers back.
 */
export interface RequestRecord {
  method: string;
  /**
   * URL path without the query string (a `?token=` never reaches a log); a path with parameters
   * becomes its route pattern once matched (`/affinity/v1/:id`), so raw affinity ids stay out too.
   */
  path: string;
  /** `performance.now()` when the request arrived. */
  startedAt: number;
  /** The request span, when tracing is on and this request is sampled. */
  span: Span | undefined;
  /** The routing decision, once made. */
  decision?: Decision;
  /** The affinity scope the decision used (or an admin request addressed). */
  affinity?: RecordedAffinity;
  /** The model that served, when it is not the decided one (failover). */
  servedModel?: ResolvedModel;
  /** Pin lifecycle outcomes, in order. */
  pin: PinOutcome[];
  /** The TTL this request gave a pin (created, re-pinned or renewed), in seconds. */
  pinTtlSeconds?: number;
  /** Hashed affinity key (`hashAffinity`), once known; the raw id never leaves the record. */
  affinityHash?: string;
  /** Status of the last upstream answer: an HTTP status, or `network` when none came. */
  upstreamStatus?: number | 'network';
  /** Upstream streams still being relayed; the request is finished when this drops to 0. */
  openStreams: number;
  /** Runs once the response is sent and every upstream stream has ended. */
  onStreamsDone?: () => void;
  /** The response status, once the handler returned. */
  status?: number;
  /** The status of an error thrown on the way (set by the error hook). */
  errorStatus?: number;
  /** The request body's text, only when `logging.include_content` is on. */
  content?: Promise<string>;
}

// Keyed by the Request itself: each in-process `app.handle` (the MCP tools) has its own Request,
// so nested requests never share or overwrite a record, whatever async context they run in.
const records = new WeakMap<Request, RequestRecord>();

/**
 * The record of `request`, created on first use (the observability hooks create it on arrival;
 * a route mounted without them still gets one).
 * @example requestRecord(request).decision = decision;
 */
export function requestRecord(request: Request): RequestRecord {
  let record = records.get(request);
  if (record === undefined) {
    record = {
      method: request.method,
      path: requestPath(request),
      startedAt: performance.now(),
      span: undefined,
      pin: [],
      openStreams: 0,
    };
    records.set(request, record);
  }
  return record;
}

/** The record of `request` when one exists, without creating it. */
export function peekRequestRecord(request: Request): RequestRecord | undefined {
  return records.get(request);
}

/** The decision as served: the model that answered, its route, and whether a stored pin chose it. */
export interface ServedDecision {
  model: string;
  /** The route name, or `none`. */
  route: string;
  /** False once a failover served another model than the pin's. */
  pinned: boolean;
}

/** The served decision of a record, or `undefined` before (or without) a decision. */
export function servedDecision(record: RequestRecord): ServedDecision | undefined {
  const decision = record.decision;
  if (decision === undefined) return undefined;
  const model = record.servedModel ?? decision.model;
  return {
    model: model.name,
    route: decision.route ?? 'none',
    pinned: decision.pinned && model === decision.model,
  };
}
