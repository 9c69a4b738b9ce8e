import type { FuzzEndpoint } from './fuzz-endpoints.ts';
import { FUZZ_KINDS, type FuzzKind } from './fuzz-kinds.ts';
import type { Prng } from './prng.ts';
import type { RawHeader, RawRequest } from './raw-http.ts';

/** What a case attacks. */
/** One hostile request. Every case must be answered with a 4xx. */
export interface FuzzCase {
  kind: FuzzKind;
  endpoint: FuzzEndpoint;
  request: RawRequest;
  /**
   * Bun's HTTP parser rejects this before the gateway sees it (bare CR/LF/NUL in a header, headers
   * over Bun's 16 KiB limit), with a bodyless 400/431: the only 4xx allowed to be without JSON.
   */
  parserRejects: boolean;
}

export interface FuzzSettings {
  /** The gateway's `max_body_bytes`. */
  maxBodyBytes: number;
  /** The configured `session_cache.tenant_header`, if any. */
  tenantHeader?: string;
}

const enc = new TextEncoder();
/** Bun.serve's default `maxRequestBodySize`. */
const BUN_MAX_BODY = 128 * 1024 * 1024;
const JSON_HEADER: RawHeader = ['Content-Type', 'application/json'];

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A copy of `value` with `path` (`messages.0.role`) set to `to`. */
function setPath(value: Record<string, unknown>, path: string, to: unknown): Record<string, unknown> {
  const copy = structuredClone(value);
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[keys[keys.length - 1] as string] = to;
  return copy;
}

function randomText(prng: Prng, length: number, alphabet: string): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[prng.int(0, alphabet.length - 1)];
  return out;
}

/** A valid body with a random-length user message, so truncation and padding points vary. */
function validBody(prng: Prng, ep: FuzzEndpoint): Record<string, unknown> {
  if (!ep.messagesField) return { ...ep.base, ttl_seconds: prng.int(1, 600) };
  const content = randomText(prng, prng.int(1, 200), 'abcdefghij klmnop{}[]":,\\é✓');
  return setPath(ep.base, `${ep.messagesField}.0.content`, content);
}

/** Invalid byte sequences a strict UTF-8 decoder must reject. */
const BAD_UTF8: readonly number[][] = [
  [0x80],
  [0xff],
  [0xc0, 0xaf],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xfe, 0xfe, 0xff, 0xff],
];

const MARKER = '__FUZZ_MARKER__';

/** `base` with `field` replaced by raw bytes: a whole JSON value (`asValue`) or the inside of a string. */
function withMarker(
  base: Record<string, unknown>,
  field: string,
  raw: Uint8Array,
  asValue: boolean,
): Uint8Array {
  const text = JSON.stringify(setPath(base, field, MARKER));
  const cut = asValue ? `"${MARKER}"` : MARKER;
  const at = text.indexOf(cut);
  return Buffer.concat([enc.encode(text.slice(0, at)), raw, enc.encode(text.slice(at + cut.length))]);
}

/** The body of a case; header attacks get a `valid` one. */
function body(kind: FuzzKind | 'valid', prng: Prng, ep: FuzzEndpoint, s: FuzzSettings): Uint8Array {
  const valid = JSON.stringify(validBody(prng, ep));
  switch (kind) {
    case 'malformed-json': {
      for (let tries = 0; tries < 8; tries++) {
        const at = prng.int(0, valid.length - 1);
        const out =
          valid.slice(0, at) + randomText(prng, prng.int(1, 4), '{}[]:,"\\\'x01 \t') + valid.slice(at + 1);
        if (!isJson(out)) return enc.encode(out);
      }
      return enc.encode(`${valid}}`);
    }
    case 'truncated-json':
      return enc.encode(valid.slice(0, prng.int(0, valid.length - 1)));
    case 'not-an-object': {
      // An empty JSON-RPC batch is accepted by the MCP SDK (202, nothing to answer): not an error there.
      const values = ['5', '"x"', 'null', 'true', '[{"messages":[]}]', '-0', '1e999'];
      return enc.encode(prng.pick(ep.format === 'jsonrpc' ? values : ['[]', ...values]));
    }
    case 'wrong-type': {
      const path = prng.pick(Object.keys(ep.wrongTypes));
      const value = prng.pick(ep.wrongTypes[path] ?? [null]);
      return enc.encode(JSON.stringify(setPath(ep.base, path, value)));
    }
    case 'over-limit':
    case 'over-limit-chunked': {
      const pad = s.maxBodyBytes - valid.length + prng.int(1, s.maxBodyBytes);
      return enc.encode(`${valid.slice(0, -1)},"pad":"${'x'.repeat(Math.max(pad, 1))}"}`);
    }
    case 'deep-nesting': {
      // As deep as fits under the limit (~30k levels of arrays): the worst case for a recursive parser.
      const [open, close, unit] = prng.chance(0.5) ? ['[', ']', 2] : ['{"a":', '}', 6];
      const fits = Math.floor((s.maxBodyBytes - valid.length - 64) / unit);
      const depth = Math.min(fits, prng.pick([300, 1_000, 10_000, fits]));
      const nest = `${open.repeat(depth)}${open === '[' ? '' : '1'}${close.repeat(depth)}`;
      const where = prng.pick(['top', 'field', 'messages', 'content']);
      if (where === 'top') return enc.encode(nest);
      const field =
        where === 'field' || !ep.messagesField
          ? 'x'
          : where === 'messages'
            ? ep.messagesField
            : `${ep.messagesField}.0.content`;
      return withMarker(ep.base, field, enc.encode(nest), true);
    }
    case 'invalid-utf8': {
      const field = ep.messagesField ? `${ep.messagesField}.0.content` : (ep.modelField ?? 'model');
      return withMarker(ep.base, field, Uint8Array.from(prng.pick(BAD_UTF8)), false);
    }
    case 'unknown-model': {
      const name = `${randomText(prng, prng.int(1, 12), 'abcxyz-')}/${randomText(prng, prng.int(1, 20), 'abcdef0123.')}`;
      return enc.encode(JSON.stringify(setPath(ep.base, ep.modelField ?? 'model', name)));
    }
    case 'empty-messages':
      return enc.encode(JSON.stringify(setPath(ep.base, ep.messagesField ?? 'messages', [])));
    default:
      return enc.encode(valid);
  }
}

/** An affinity value the gateway (or Bun's parser) must reject, as raw bytes. */
function badAffinity(kind: FuzzKind, prng: Prng): { value: Uint8Array; parserRejects: boolean } {
  const id = randomText(prng, prng.int(1, 20), 'abcdef0123-_.');
  switch (kind) {
    case 'oversized-header':
      return { value: enc.encode('a'.repeat(prng.int(16 * 1024, 64 * 1024))), parserRejects: true };
    case 'long-affinity':
      return { value: enc.encode('a'.repeat(prng.int(257, 8 * 1024))), parserRejects: false };
    case 'crlf-affinity': {
      const inject = prng.pick(['\r', '\n', '\r\n ', '\0', '\n\n', '\rX-Model-Affinity: evil']);
      return { value: enc.encode(`${id}${inject}x`), parserRejects: true };
    }
    case 'control-char-affinity':
      // Tab and DEL pass Bun's parser; the gateway must refuse them itself.
      return { value: enc.encode(`${id}${prng.pick(['\t', '\x7f'])}x`), parserRejects: false };
    default: {
      const bytes = prng.pick([
        [0xe9],
        [0xc3, 0xa9],
        [0xe2, 0x9c, 0x93],
        [0xf0, 0x9f, 0x98, 0x80],
        [0xff, 0xfe],
      ]);
      return { value: Buffer.concat([enc.encode(id), Uint8Array.from(bytes)]), parserRejects: false };
    }
  }
}

/** Generates one hostile request of `kind` against `endpoint`, from `prng`. */
export function generateCase(
  kind: FuzzKind,
  endpoint: FuzzEndpoint,
  prng: Prng,
  settings: FuzzSettings,
): FuzzCase {
  const headers: RawHeader[] = [JSON_HEADER, ...Object.entries(endpoint.headers ?? {})];
  const request: RawRequest = { method: endpoint.method, path: endpoint.path, headers };
  let parserRejects = false;
  const pathId = endpoint.idInPath === true;
  if (
    pathId &&
    (kind === 'long-affinity' || kind === 'control-char-affinity' || kind === 'non-ascii-affinity')
  ) {
    // The admin API takes the id from the path: attack it there, percent-encoded as a client would.
    const bad = {
      'long-affinity': 'a'.repeat(prng.int(257, 4_000)),
      'control-char-affinity': `id${prng.pick(['%09', '%7F', '%0D%0A', '%00', '%1B'])}x`,
      'non-ascii-affinity': `id${prng.pick(['%C3%A9', '%E2%9C%93', '%FF', '%F0%9F%98%80'])}`,
    }[kind];
    request.path = `/affinity/v1/${bad}`;
  } else if (kind === 'oversized-header' && prng.chance(0.5)) {
    headers.push(['X-Junk', 'j'.repeat(prng.int(16 * 1024, 64 * 1024))]);
    parserRejects = true;
  } else if (kind.endsWith('-affinity') || kind === 'oversized-header') {
    const bad = badAffinity(kind, prng);
    headers.push([prng.chance(0.8) ? 'X-Model-Affinity' : 'X-Session-Id', bad.value]);
    parserRejects = bad.parserRejects;
  } else if (kind === 'bad-tenant' && settings.tenantHeader) {
    const bad = badAffinity(
      prng.pick(['long-affinity', 'non-ascii-affinity', 'control-char-affinity'] as const),
      prng,
    );
    headers.push([settings.tenantHeader, prng.chance(0.3) ? enc.encode('ten:ant') : bad.value]);
  } else if (prng.chance(0.3)) {
    headers.push(['X-Model-Affinity', `fuzz-${prng.int(0, 50)}`]);
  }
  // Header attacks carry a valid body, so it is the header that has to be refused.
  const isHeaderKind = kind.endsWith('-affinity') || kind === 'oversized-header' || kind === 'bad-tenant';
  request.body = body(isHeaderKind ? 'valid' : kind, prng, endpoint, settings);
  if (kind === 'over-limit-chunked') request.chunked = true;
  if (kind === 'over-limit-declared') {
    // Declares more than the limit, sends a little and waits: the gateway must answer from the header
    // alone. Bun itself refuses a declared length over its own 128 MiB cap, bodyless.
    const huge = prng.chance(0.2);
    request.contentLength = huge
      ? prng.int(BUN_MAX_BODY + 1, 2 ** 40)
      : prng.int(settings.maxBodyBytes + 1, BUN_MAX_BODY);
    parserRejects = huge;
  }
  return { kind, endpoint, request, parserRejects };
}

/**
 * `count` cases cycling through every kind (so each appears ~count/kinds times) against the given
 * endpoints, all drawn from `prng`: the same seed gives the same cases.
 */
export function generateCases(
  count: number,
  endpoints: readonly FuzzEndpoint[],
  prng: Prng,
  settings: FuzzSettings,
): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (let i = 0; i < count; i++) {
    const endpoint = prng.pick(endpoints);
    let kind = FUZZ_KINDS[i % FUZZ_KINDS.length] as FuzzKind;
    if (kind === 'empty-messages' && !endpoint.messagesField) kind = 'wrong-type';
    if (kind === 'bad-tenant' && !settings.tenantHeader) kind = 'non-ascii-affinity';
    if (endpoint.kinds && !endpoint.kinds.includes(kind)) kind = prng.pick(endpoint.kinds);
    cases.push(generateCase(kind, endpoint, prng, settings));
  }
  return cases;
}

export { FUZZ_KINDS, type FuzzKind };
