import { UpstreamError } from '../errors.ts';
import { serializeJson } from '../http/raw-json.ts';
import { ResponseTooLarge, readBounded } from './read-bounded.ts';
import { redactSecrets } from './redact-secret.ts';
import type { ProviderCallContext, ProviderSettings } from './types.ts';

export interface UpstreamCall {
  settings: ProviderSettings;
  ctx: ProviderCallContext;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface UpstreamResponse {
  response: Response;
  /**
   * Reads the whole body as text, at most `settings.maxResponseBytes` of it, mapping a
   * timeout/abort/reset while reading to `UpstreamError`. Past the limit the upstream is aborted at
   * once and this rejects with `upstream_response_too_large` (502); the timeout ends with the read.
   */
  text(): Promise<string>;
  /**
   * The body as a stream, returned once its first byte arrived: the timeout bounds the wait for it
   * (a stall before any byte is a 504 the gateway can still fail over from), then stops, and
   * `stream_idle_timeout_ms` bounds every later gap. An empty body is a malformed response.
   */
  stream(): Promise<ReadableStream<Uint8Array>>;
}

/** The default `max_response_bytes`: 32 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * POSTs JSON upstream with `settings.timeoutMs` combined with the caller's signal. Rejects with
 * `UpstreamError` when the host can't be reached or resets before answering (`upstream_unreachable`,
 * 502, retryable), when the body is cut off after the headers (`upstream_error`, 502, retryable), on
 * the timeout (`upstream_timeout`, 504, retryable), when the body outgrows `max_response_bytes`
 * (`upstream_response_too_large`, 502, retryable), when the caller aborts (not retryable), and on a
 * non-2xx status (message from the provider's error body, key redacted; `upstreamBody` holds the
 * parsed body so 4xx can be passed through; status and retryable as `UpstreamError` derives them).
 */
export async function postUpstream(call: UpstreamCall): Promise<UpstreamResponse> {
  const { settings, ctx } = call;
  const timeout = new AbortController();
  const local = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error('timeout')), settings.timeoutMs);
  const signal = AbortSignal.any([ctx.signal, timeout.signal, local.signal]);
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
  const limit = settings.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const text = async (): Promise<string> => {
    try {
      return await readBounded(response, limit);
    } catch (error) {
      if (error instanceof ResponseTooLarge) {
        local.abort(error);
        throw tooLarge(settings, limit);
      }
      throw fail(error, true);
    } finally {
      clearTimeout(timer);
    }
  };
  const stream = async (): Promise<ReadableStream<Uint8Array>> => {
    const body = response.body;
    if (body === null) {
      clearTimeout(timer);
      throw malformed(settings, response.status);
    }
    const reader = body.getReader();
    let first: Uint8Array | undefined;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || value.byteLength > 0) {
          first = value;
          break;
        }
      }
    } catch (error) {
      throw fail(error, true);
    } finally {
      clearTimeout(timer);
    }
    if (first === undefined) throw malformed(settings, response.status);
    return prepend(first, reader);
  };
  if (!response.ok) throw statusError(response.status, await text(), settings, callSecrets(settings, ctx));
  return { response, text, stream };
}

/** `first`, then the rest of `reader`, pulled only as the consumer reads; cancelling cancels the reader. */
function prepend(
  first: Uint8Array,
  reader: ReadableStreamDefaultReader<Uint8Array>,
): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(first);
          return;
        }
        const { value, done } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

function tooLarge(settings: ProviderSettings, limit: number): UpstreamError {
  return new UpstreamError(
    `${settings.name}: response larger than ${limit} bytes (max_response_bytes)`,
    undefined,
    { code: 'upstream_response_too_large', status: 502, retryable: true },
  );
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

function statusError(
  status: number,
  text: string,
  settings: ProviderSettings,
  secrets: Secrets,
): UpstreamError {
  let body: unknown;
  try {
    // Redacted as text, so every string of the body (and its keys) is covered in one pass.
    body = JSON.parse(redactSecrets(text, secrets));
  } catch {
    body = undefined;
  }
  const detail = errorMessage(body) ?? `HTTP ${status}`;
  const message = `${settings.name}: ${redactSecrets(detail, secrets).slice(0, 500)}`;
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

type Secrets = readonly (string | undefined)[];

/**
 * The keys an upstream error might echo: the configured key, and with `passthrough_auth` the
 * client's own credentials forwarded upstream (never worth repeating in a response or a log).
 */
export function callSecrets(settings: ProviderSettings, ctx: ProviderCallContext): Secrets {
  const headers = ctx.headers ?? {};
  const forwarded = Object.entries(headers)
    .filter(([name]) => name.toLowerCase() === 'authorization' || name.toLowerCase() === 'x-api-key')
    .map(([, value]) => value.replace(/^Bearer\s+/i, ''));
  return [settings.apiKey, ...forwarded];
}
