import { UpstreamError } from '../errors.ts';
import { serializeJson } from '../http/raw-json.ts';
import type { ProviderCallContext, ProviderSettings } from './types.ts';

/** Which part of the call `settings.timeoutMs` bounds. */
export type TimeoutScope = 'whole-call' | 'until-headers';

export interface UpstreamCall {
  settings: ProviderSettings;
  ctx: ProviderCallContext;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface UpstreamResponse {
  response: Response;
  /** Stops the timeout (call once the part it bounds is over). */
  clearTimeout(): void;
  /** Reads the whole body as text, mapping a timeout/abort/reset while reading to `UpstreamError`. */
  text(): Promise<string>;
}

/**
 * POSTs JSON upstream with `settings.timeoutMs` combined with the caller's signal. Rejects with
 * `UpstreamError` when the host can't be reached or resets before answering (`upstream_unreachable`,
 * 502, retryable), when the body is cut off after the headers (`upstream_error`, 502, retryable), on
 * the timeout (`upstream_timeout`, 504, retryable), when the caller aborts (not retryable), and on a
 * non-2xx status (message from the provider's error body, key redacted; `upstreamBody` holds the
 * parsed body so 4xx can be passed through; status and retryable as `UpstreamError` derives them).
 */
export async function postUpstream(call: UpstreamCall): Promise<UpstreamResponse> {
  const { settings, ctx } = call;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error('timeout')), settings.timeoutMs);
  const signal = AbortSignal.any([ctx.signal, timeout.signal]);
  const fail = (error: unknown, afterHeaders = false): UpstreamError =>
    networkError(error, settings, { client: ctx.signal, timeout: timeout.signal, afterHeaders });
  let response: Response;
  try {
    response = await fetch(call.url, {
      method: 'POST',
      headers: mergeHeaders(
        { 'content-type': 'application/json' },
        settings.headers,
        call.headers,
        ctx.headers,
      ),
      // The client's own bytes when the body came from them (`fromRawJson`), `model` spliced in.
      body: serializeJson(call.body),
      signal,
    });
  } catch (error) {
    clearTimeout(timer);
    throw fail(error);
  }
  const text = async (): Promise<string> => {
    try {
      return await response.text();
    } catch (error) {
      throw fail(error, true);
    } finally {
      clearTimeout(timer);
    }
  };
  if (!response.ok) throw statusError(response.status, await text(), settings);
  return { response, clearTimeout: () => clearTimeout(timer), text };
}

/** Parses a 2xx JSON body; anything unreadable is a retryable `upstream_error` 502. */
export function parseJsonBody(text: string, settings: ProviderSettings): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw malformed(settings);
  }
}

/** The error for a 2xx body that is not what the wire format promises. */
export function malformed(settings: ProviderSettings, upstreamStatus = 200): UpstreamError {
  // Another try or another model may well answer properly, so this one may fail over.
  return new UpstreamError(`${settings.name}: malformed response`, upstreamStatus, {
    code: 'upstream_error',
    status: 502,
    retryable: true,
  });
}

function statusError(status: number, text: string, settings: ProviderSettings): UpstreamError {
  let body: unknown;
  try {
    body = redact(JSON.parse(text), settings.apiKey);
  } catch {
    body = undefined;
  }
  const detail = errorMessage(body) ?? `HTTP ${status}`;
  const message = `${settings.name}: ${redactText(detail, settings.apiKey).slice(0, 500)}`;
  return new UpstreamError(message, status, { upstreamBody: body });
}

/** `error.message` (OpenAI and Anthropic) or a top-level `message`, when the body has one. */
function errorMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const inner = record.error;
  if (typeof inner === 'object' && inner !== null) {
    const message = (inner as Record<string, unknown>).message;
    if (typeof message === 'string' && message !== '') return message;
  }
  if (typeof inner === 'string' && inner !== '') return inner;
  if (typeof record.message === 'string' && record.message !== '') return record.message;
  return undefined;
}

function networkError(
  error: unknown,
  settings: ProviderSettings,
  state: { client: AbortSignal; timeout: AbortSignal; afterHeaders: boolean },
): UpstreamError {
  if (state.timeout.aborted) {
    return new UpstreamError(`${settings.name}: no answer within ${settings.timeoutMs} ms`, undefined, {
      code: 'upstream_timeout',
      status: 504,
      retryable: true,
      cause: error,
    });
  }
  if (state.client.aborted) {
    // The caller went away: nobody is left to fail over for.
    return new UpstreamError(`${settings.name}: request cancelled`, undefined, {
      code: 'upstream_error',
      status: 502,
      retryable: false,
      cause: error,
    });
  }
  if (state.afterHeaders) {
    // The upstream answered, then the connection dropped mid-body: a broken response, not a dead host.
    return new UpstreamError(`${settings.name}: response cut off`, undefined, {
      code: 'upstream_error',
      status: 502,
      retryable: true,
      cause: error,
    });
  }
  return new UpstreamError(`${settings.name}: upstream unreachable`, undefined, {
    code: 'upstream_unreachable',
    status: 502,
    retryable: true,
    cause: error,
  });
}

/** Later sources win, whatever the case of the names (`Authorization` vs `authorization`). */
function mergeHeaders(...sources: Array<Record<string, string> | undefined>): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const source of sources) {
    for (const [name, value] of Object.entries(source ?? {})) merged[name.toLowerCase()] = value;
  }
  return merged;
}

function redactText(text: string, secret: string | undefined): string {
  return secret !== undefined && secret.length >= 4 ? text.replaceAll(secret, '[redacted]') : text;
}

function redact(body: unknown, secret: string | undefined): unknown {
  if (secret === undefined || secret.length < 4) return body;
  return JSON.parse(JSON.stringify(body).replaceAll(JSON.stringify(secret).slice(1, -1), '[redacted]'));
}
