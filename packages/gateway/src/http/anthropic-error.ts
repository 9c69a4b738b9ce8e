import { type GatewayError, UpstreamError } from '../errors.ts';
import { requestPath } from './request-url.ts';

/** The Anthropic Messages API error body, `{"type":"error","error":{"type","message"}}`. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType; message: string };
}

/** Anthropic's error `type` values. */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

/**
 * Whether errors for this request are written in Anthropic's shape: `/v1/messages` and everything
 * under it (Claude Code also calls `/v1/messages/count_tokens`), and `/routing/v1/messages`. Decided
 * by path, so errors raised before a route runs (body limits, unknown paths) get the right shape too.
 */
export function isAnthropicPath(request: Request | undefined): boolean {
  if (request === undefined) return false;
  const path = requestPath(request).replace(/\/+$/, '');
  return path === '/routing/v1/messages' || path === '/v1/messages' || path.startsWith('/v1/messages/');
}

/**
 * The Anthropic error `type` for a status, the way the Messages API uses them: 529 and an upstream's
 * 503 are `overloaded_error` (a client backs off and retries), other 5xx `api_error`.
 */
export function anthropicErrorType(status: number, upstreamStatus?: number): AnthropicErrorType {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 529 || upstreamStatus === 503 || upstreamStatus === 529) return 'overloaded_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/** A gateway error as Anthropic's body. An Anthropic upstream's own 4xx body is passed through. */
export function anthropicErrorBody(error: GatewayError): AnthropicErrorBody {
  if (error instanceof UpstreamError && error.status < 500 && isAnthropicBody(error.upstreamBody)) {
    return error.upstreamBody;
  }
  const upstreamStatus = error instanceof UpstreamError ? error.upstreamStatus : undefined;
  return {
    type: 'error',
    error: { type: anthropicErrorType(error.status, upstreamStatus), message: error.message },
  };
}

/** The generic 500 body, for failures that are not `GatewayError`s. */
export const ANTHROPIC_INTERNAL_ERROR: AnthropicErrorBody = {
  type: 'error',
  error: { type: 'api_error', message: 'internal error' },
};

function isAnthropicBody(body: unknown): body is AnthropicErrorBody {
  if (typeof body !== 'object' || body === null) return false;
  const record = body as Record<string, unknown>;
  const inner = record.error as Record<string, unknown> | null | undefined;
  return (
    record.type === 'error' &&
    typeof inner === 'object' &&
    inner !== null &&
    typeof inner.type === 'string' &&
    typeof inner.message === 'string'
  );
}
