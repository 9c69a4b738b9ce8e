import type { z } from 'zod';
import { GatewayError } from '../errors.ts';
import { MAX_JSON_DEPTH } from './json-depth.ts';
import { scanJson } from './json-scan.ts';
import type { RawJson } from './raw-json.ts';

function tooLarge(limit: number): GatewayError {
  return new GatewayError(
    'payload_too_large',
    413,
    `request body is larger than ${limit} bytes (max_body_bytes)`,
  );
}

function tooSlow(timeoutMs: number): GatewayError {
  return new GatewayError(
    'request_timeout',
    408,
    `request body not received within ${timeoutMs} ms (body_timeout_ms)`,
  );
}

// JSON is UTF-8 (RFC 8259): invalid bytes are the client's error, not something to repair silently.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a request body of at most `limit` bytes within `timeoutMs`: rejects early on
 * `Content-Length`, stops reading as soon as the body passes the limit (an oversized body is never
 * buffered), and gives up on a client trickling bytes (408).
 */
export async function readBoundedBytes(
  request: Request,
  limit: number,
  timeoutMs = 30_000,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    const n = Number(declared);
    if (Number.isFinite(n) && n > limit) throw tooLarge(limit);
    // A declared length bounds the body (HTTP/1.1 framing), so Bun's native read is safe here and
    // skips the JS ReadableStream machinery, the largest single cost on the request path.
    if (Number.isFinite(n) && n >= 0)
      return new Uint8Array(await withDeadline(request.arrayBuffer(), timeoutMs));
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Bun's idle timeout restarts with every byte, so only a deadline stops a slow-body client.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(tooSlow(timeoutMs)), timeoutMs);
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline]);
      if (done) break;
      size += value.byteLength;
      if (size > limit) throw tooLarge(limit);
      chunks.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks);
}

/** {@link readBoundedBytes} as text; invalid UTF-8 is a 400. */
export async function readBoundedText(request: Request, limit: number, timeoutMs = 30_000): Promise<string> {
  return decodeUtf8(await readBoundedBytes(request, limit, timeoutMs));
}

function decodeUtf8(bytes: ArrayBuffer | Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new GatewayError('invalid_json', 400, 'request body is not valid UTF-8');
  }
}

/** Rejects with a 408 when `work` has not settled within `timeoutMs` (a client trickling its body). */
async function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(tooSlow(timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** `messages[0].content` style path for an issue. */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path)
    out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  return out;
}

/** A JSON body as read: the parsed value and the client's bytes it came from. */
export interface JsonBody {
  json: unknown;
  /** The bytes with their top-level layout, for forwarding them with only `model` changed. */
  raw: RawJson | undefined;
}

/**
 * Reads and parses a JSON body: over `limit` bytes is a 413, slower than `timeoutMs` a 408; invalid
 * UTF-8, bad JSON or nesting deeper than `MAX_JSON_DEPTH` is a 400 `invalid_json`.
 */
export async function readJson(request: Request, limit: number, timeoutMs?: number): Promise<JsonBody> {
  const bytes = await readBoundedBytes(request, limit, timeoutMs);
  // One pass for the depth bound and the top-level layout, before anything walks the value.
  const scan = scanJson(bytes, MAX_JSON_DEPTH);
  if (scan.tooDeep) {
    throw new GatewayError('invalid_json', 400, `request body nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  const text = decodeUtf8(bytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new GatewayError('invalid_json', 400, 'request body is not valid JSON');
  }
  const isObject = typeof json === 'object' && json !== null && !Array.isArray(json);
  const raw = isObject ? { bytes, scan, parsed: json as Record<string, unknown> } : undefined;
  return { json, raw };
}

/** Validates a parsed body: a violation is a 400 `invalid_request` naming the field (`messages[0].role: …`). */
export function validateJson<S extends z.ZodType>(schema: S, json: unknown): z.infer<S> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue ? issuePath(issue.path) : '';
    const message = issue?.message ?? 'invalid request';
    throw new GatewayError('invalid_request', 400, path ? `${path}: ${message}` : message, {
      param: path || undefined,
    });
  }
  return parsed.data;
}

/**
 * Reads, parses and validates a JSON body (see {@link readJson} and {@link validateJson}).
 */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  limit: number,
  schema: S,
  timeoutMs?: number,
): Promise<z.infer<S>> {
  const { json } = await readJson(request, limit, timeoutMs);
  return validateJson(schema, json);
}
