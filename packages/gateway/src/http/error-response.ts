import { GatewayError, UpstreamError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { ANTHROPIC_INTERNAL_ERROR, anthropicErrorBody } from './anthropic-error.ts';
import { jsonResponse } from './json-response.ts';

/** Which wire format an error body is written in: OpenAI's (default) or Anthropic's (`/v1/messages`). */
export type ErrorFormat = 'openai' | 'anthropic';

/** The OpenAI error body every failure is turned into. */
export interface ErrorBody {
  error: { message: string; type: string; code: string; param?: string | null; upstream_status?: number };
}

/** Elysia's own error codes for failures that happen before our handlers run. */
function fromFrameworkCode(code: unknown): GatewayError | undefined {
  switch (code) {
    case 'NOT_FOUND':
      return new GatewayError('not_found', 404, 'no such endpoint');
    case 'PARSE':
      return new GatewayError('invalid_json', 400, 'request body is not valid JSON');
    case 'VALIDATION':
      return new GatewayError('invalid_request', 400, 'invalid request');
    default:
      return undefined;
  }
}

/** How {@link errorResponse} writes one failure. */
export interface ErrorResponseOptions {
  /** Where unexpected errors and 5xx are logged (never sent to the client). */
  logger: Logger;
  /** Elysia's own error code (`NOT_FOUND`, `PARSE`, …) when the failure happened before our handlers. */
  frameworkCode?: unknown;
  /** Extra response headers (the `x-tether-*` decision headers). */
  headers?: Record<string, string>;
  /** The endpoint's wire format. @default 'openai' */
  format?: ErrorFormat;
}

/**
 * The one place failures become HTTP responses: `{"error":{"message","type","code"}}` with the
 * error's status. Upstream 4xx bodies pass through as the provider sent them (key redacted by the
 * adapter). Anything unexpected is a 500 with a generic message; its details go to the log only.
 */
export function errorResponse(error: unknown, options: ErrorResponseOptions): Response {
  const { logger, headers, format = 'openai' } = options;
  const known = GatewayError.isInstance(error) ? error : fromFrameworkCode(options.frameworkCode);
  if (!known) {
    logger.error('unhandled error', { error: error instanceof Error ? error.message : String(error) });
    if (format === 'anthropic') return jsonResponse(ANTHROPIC_INTERNAL_ERROR, 500, headers);
    return jsonResponse(
      { error: { message: 'internal error', type: 'server_error', code: 'internal_error' } },
      500,
      headers,
    );
  }
  if (format === 'anthropic') {
    if (known.status >= 500)
      logger.warn('request failed', { code: known.code, status: known.status, message: known.message });
    return jsonResponse(anthropicErrorBody(known), known.status, headers);
  }
  if (known instanceof UpstreamError && known.status < 500 && isOpenAIErrorBody(known.upstreamBody)) {
    return jsonResponse(known.upstreamBody, known.status, headers);
  }
  if (known.status >= 500)
    logger.warn('request failed', { code: known.code, status: known.status, message: known.message });
  const body: ErrorBody = { error: { message: known.message, type: known.type, code: known.code } };
  if (known.param) body.error.param = known.param;
  if (known instanceof UpstreamError && known.upstreamStatus !== undefined) {
    body.error.upstream_status = known.upstreamStatus;
  }
  return jsonResponse(body, known.status, headers);
}

/**
 * Only an OpenAI-shaped upstream body passes through to an OpenAI client: an Anthropic upstream's
 * `{"type":"error","error":{…}}` (no `code`) is rebuilt in the OpenAI shape instead.
 */
function isOpenAIErrorBody(body: unknown): body is Record<string, unknown> {
  if (typeof body !== 'object' || body === null) return false;
  const { error, type } = body as Record<string, unknown>;
  return type !== 'error' && typeof error === 'object' && error !== null;
}
