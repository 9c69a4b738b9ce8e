import type { JsonScan } from './json-scan.ts';

/** The client's body bytes, kept beside the value parsed from them. */
export interface RawJson {
  bytes: Uint8Array<ArrayBuffer>;
  scan: JsonScan;
  /** The parsed top-level object, exactly as `JSON.parse` returned it. */
  parsed: Readonly<Record<string, unknown>>;
}

/**
 * The property linking an upstream request object to the bytes it was parsed from. Enumerable, so
 * the shallow copies providers make (`{ ...body, stream: true }`) keep it; a symbol, so
 * `JSON.stringify` never writes it.
 */
const RAW_JSON: unique symbol = Symbol.for('tether.raw-json');

type WithRaw = { [RAW_JSON]?: RawJson };

/** A shallow copy of `raw.parsed` with `changes` applied, linked to the client's bytes. */
export function fromRawJson<T>(raw: RawJson, changes: Readonly<Record<string, unknown>>): T {
  return { ...raw.parsed, ...changes, [RAW_JSON]: raw } as T;
}

const encoder = new TextEncoder();

/**
 * The JSON text of `body`. A body made by `fromRawJson` (and shallow copies of it) is written as
 * the client's bytes with only the top-level members that changed replaced or added, so a 1 MB
 * history is not re-serialised to change `model`. Anything the splice cannot express exactly (a
 * member removed, a changed member the scan could not locate) falls back to `JSON.stringify`.
 */
export function serializeJson(body: unknown): string | Uint8Array<ArrayBuffer> {
  const raw = typeof body === 'object' && body !== null ? (body as WithRaw)[RAW_JSON] : undefined;
  if (raw === undefined) return JSON.stringify(body);
  return splice(raw, body as Record<string, unknown>) ?? JSON.stringify(body);
}

function splice(raw: RawJson, body: Record<string, unknown>): Uint8Array<ArrayBuffer> | undefined {
  const { members, open, begin } = raw.scan;
  if (members === undefined) return undefined;
  for (const key of Object.keys(raw.parsed)) if (!Object.hasOwn(body, key)) return undefined;
  const replaced: Array<{ start: number; end: number; text: Uint8Array<ArrayBuffer> }> = [];
  const added: string[] = [];
  for (const key of Object.keys(body)) {
    const value = body[key];
    const had = Object.hasOwn(raw.parsed, key);
    if (had && Object.is(value, raw.parsed[key])) continue;
    if (value === undefined) {
      // `JSON.stringify` leaves out an undefined member: so must the splice.
      if (had) return undefined;
      continue;
    }
    const text = JSON.stringify(value);
    if (text === undefined) return undefined;
    if (!had) {
      added.push(`${JSON.stringify(key)}:${text}`);
      continue;
    }
    const span = members.get(key);
    if (span === undefined) return undefined;
    replaced.push({ ...span, text: encoder.encode(text) });
  }
  if (replaced.length === 0 && added.length === 0 && begin === 0) return raw.bytes;
  replaced.sort((a, b) => a.start - b.start);
  const insert = encoder.encode(added.length === 0 ? '' : `${added.join(',')}${members.size > 0 ? ',' : ''}`);
  // Buffer.concat copies natively into one unfilled allocation: cheaper than a zeroed array + set().
  const parts: Uint8Array[] = [raw.bytes.subarray(begin, open), insert];
  let from = open;
  for (const r of replaced) {
    parts.push(raw.bytes.subarray(from, r.start), r.text);
    from = r.end;
  }
  parts.push(raw.bytes.subarray(from));
  return Buffer.concat(parts);
}
