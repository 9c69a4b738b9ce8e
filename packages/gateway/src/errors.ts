const MARKER = Symbol.for('tether.gateway.error');

export type GatewayErrorCode =
  | 'invalid_request'
  | 'invalid_json'
  | 'invalid_affinity_id'
  | 'unknown_model'
  | 'ambiguous_model'
  | 'not_found'
  | 'payload_too_large'
  | 'request_timeout'
  | 'header_too_large'
  | 'unauthorized'
  | 'forbidden'
  | 'affinity_store_unavailable'
  | 'response_store_unavailable'
  | 'previous_response_not_found'
  | 'router_error'
  | 'upstream_error'
  | 'upstream_timeout'
  | 'upstream_unreachable'
  | 'upstream_response_too_large'
  | 'internal_error';

/** The OpenAI error `type` a client sees for each status family. */
export type GatewayErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'upstream_error'
  | 'server_error';

export interface GatewayErrorOptions {
  cause?: unknown;
  /** Whether retrying (or failing over to another model) may succeed. @default false */
  retryable?: boolean;
  /** The OpenAI error `type`; derived from `status` when omitted. */
  type?: GatewayErrorType;
  /** The offending field, e.g. `messages[0].role`. */
  param?: string;
}

/**
 * Every failure the gateway reports. One `onError` turns it into `{"error":{"message","type","code"}}`
 * (or Anthropic's shape on /v1/messages); `message` must be safe to show a client: no secrets, no stack.
 */
export class GatewayError extends Error {
  readonly [MARKER] = true;
  readonly retryable: boolean;
  readonly type: GatewayErrorType;
  readonly param: string | undefined;

  constructor(
    readonly code: GatewayErrorCode,
    readonly status: number,
    message: string,
    options: GatewayErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'GatewayError';
    this.retryable = options.retryable ?? false;
    this.type = options.type ?? typeForStatus(status);
    this.param = options.param;
  }

  static isInstance(value: unknown): value is GatewayError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

/**
 * An upstream model failed: HTTP error status, timeout, reset or malformed body.
 * `upstreamStatus` is the provider's status (absent for network failures); `upstreamBody` is the
 * provider's error body, passed through to the client for upstream 4xx.
 */
export class UpstreamError extends GatewayError {
  constructor(
    message: string,
    readonly upstreamStatus: number | undefined,
    options: GatewayErrorOptions & { code?: GatewayErrorCode; status?: number; upstreamBody?: unknown } = {},
  ) {
    const status = options.status ?? statusForUpstream(upstreamStatus);
    super(options.code ?? 'upstream_error', status, message, {
      ...options,
      retryable: options.retryable ?? isRetryableUpstream(upstreamStatus),
    });
    this.name = 'UpstreamError';
    this.upstreamBody = options.upstreamBody;
  }
  readonly upstreamBody: unknown;
}

/** 429 and 5xx may succeed on another try or another model; other 4xx will not. Network errors may. */
export function isRetryableUpstream(status: number | undefined): boolean {
  return status === undefined || status === 408 || status === 429 || status >= 500;
}

/** Upstream 4xx pass through with their status; upstream 5xx become 502; network failures 502. */
function statusForUpstream(status: number | undefined): number {
  if (status !== undefined && status >= 400 && status < 500) return status;
  return 502;
}

function typeForStatus(status: number): GatewayErrorType {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status === 502 || status === 504) return 'upstream_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}
