import type { FuzzCase } from './fuzz-cases.ts';
import type { ErrorFormat } from './fuzz-endpoints.ts';
import type { RawResponse } from './raw-http.ts';

/** How a hostile request was answered: by the gateway (JSON 4xx), by Bun's parser, or wrongly. */
export type Outcome = { ok: true; by: 'gateway' | 'parser' } | { ok: false; reason: string };

/**
 * True when `text` is an error body in `format`: OpenAI `{error:{message,type,code}}`, Anthropic
 * `{type:'error',error:{type,message}}` or JSON-RPC `{jsonrpc:'2.0',error:{code,message}}`.
 */
export function isErrorBody(text: string, format: ErrorFormat): boolean {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof body !== 'object' || body === null) return false;
  const record = body as Record<string, unknown>;
  const error = record.error as Record<string, unknown> | undefined;
  if (typeof error !== 'object' || error === null || typeof error.message !== 'string') return false;
  if (format === 'anthropic') return record.type === 'error' && typeof error.type === 'string';
  if (format === 'jsonrpc') return record.jsonrpc === '2.0' && typeof error.code === 'number';
  return typeof error.type === 'string' && typeof error.code === 'string';
}

/**
 * Judges one answer: a 4xx with a JSON error body in the endpoint's format, or, only for requests
 * Bun's HTTP parser refuses before the app runs, Bun's bodyless 400/431. Never a stack trace or `secret`.
 */
export function judge(c: FuzzCase, r: RawResponse, secrets: readonly string[]): Outcome {
  if (r.timedOut) return { ok: false, reason: 'no answer before the client timeout' };
  if (r.status === 0) return { ok: false, reason: 'connection closed without a response' };
  if (r.status < 400 || r.status >= 500)
    return { ok: false, reason: `status ${r.status}: ${r.body.slice(0, 200)}` };
  for (const secret of secrets)
    if (r.body.includes(secret)) return { ok: false, reason: 'a secret in the body' };
  if (/\n\s+at /.test(r.body)) return { ok: false, reason: 'a stack trace in the body' };
  if (c.parserRejects && r.body === '' && [400, 413, 431].includes(r.status))
    return { ok: true, by: 'parser' };
  if (!(r.headers['content-type'] ?? '').includes('application/json'))
    return { ok: false, reason: `status ${r.status} without a JSON content-type` };
  if (!isErrorBody(r.body, c.endpoint.format))
    return {
      ok: false,
      reason: `status ${r.status} body not a ${c.endpoint.format} error: ${r.body.slice(0, 200)}`,
    };
  return { ok: true, by: 'gateway' };
}
