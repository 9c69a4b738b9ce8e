import { connect } from 'node:net';

// A deliberately dumb HTTP/1.1 client over a plain TCP socket: it sends exactly the bytes it is
// given (bare CRs, NULs, invalid UTF-8, lying Content-Length), which `fetch` refuses to do.

/** A header value may be raw bytes, so invalid or non-ASCII values reach the server untouched. */
export type RawHeader = readonly [name: string, value: string | Uint8Array];

export interface RawRequest {
  method?: string;
  path: string;
  headers?: readonly RawHeader[];
  body?: Uint8Array;
  /** Send the body with `Transfer-Encoding: chunked` instead of `Content-Length`. @default false */
  chunked?: boolean;
  /** Override the declared `Content-Length` (a lie); `null` omits it. @default the body's length */
  contentLength?: number | null;
}

export interface RawResponse {
  /** 0 when no status line arrived (connection dropped, or timed out). */
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
  /** True when `timeoutMs` passed before a complete response. */
  timedOut: boolean;
}

const enc = new TextEncoder();
const bytes = (v: string | Uint8Array): Uint8Array => (typeof v === 'string' ? enc.encode(v) : v);

/** Serialises a request; always `Connection: close` so one socket carries one exchange. */
export function buildRequest(req: RawRequest): Uint8Array {
  const body = req.body ?? new Uint8Array();
  const parts: Uint8Array[] = [
    enc.encode(`${req.method ?? 'POST'} ${req.path} HTTP/1.1\r\nHost: tether.test\r\nConnection: close\r\n`),
  ];
  for (const [name, value] of req.headers ?? [])
    parts.push(enc.encode(`${name}: `), bytes(value), enc.encode('\r\n'));
  if (req.chunked) {
    parts.push(enc.encode('Transfer-Encoding: chunked\r\n\r\n'));
    for (let at = 0; at < body.length; at += 8192) {
      const piece = body.subarray(at, at + 8192);
      parts.push(enc.encode(`${piece.length.toString(16)}\r\n`), piece, enc.encode('\r\n'));
    }
    parts.push(enc.encode('0\r\n\r\n'));
  } else {
    const declared = req.contentLength === undefined ? body.length : req.contentLength;
    parts.push(enc.encode(declared === null ? '\r\n' : `Content-Length: ${declared}\r\n\r\n`), body);
  }
  return Buffer.concat(parts);
}

function parse(buffer: Buffer, closed: boolean): Omit<RawResponse, 'timedOut'> | undefined {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return closed ? { status: 0, headers: {}, body: '' } : undefined;
  const [statusLine = '', ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(statusLine.split(' ')[1] ?? 0);
  const body = buffer.subarray(end + 4);
  const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
  if (length !== undefined && body.length >= length)
    return { status, headers, body: body.subarray(0, length).toString('utf8') };
  return closed ? { status, headers, body: body.toString('utf8') } : undefined;
}

/**
 * Sends `data` (one buffer, or pieces written `pieceDelayMs` apart to trickle a slow body) and
 * resolves with the parsed response once it is complete or the server closes. Never rejects: a
 * reset after a full response (the server answered early and closed) is still that response.
 */
export function sendRaw(
  target: { host: string; port: number },
  data: Uint8Array | readonly Uint8Array[],
  options: { timeoutMs?: number; pieceDelayMs?: number } = {},
): Promise<RawResponse> {
  const pieces = data instanceof Uint8Array ? [data] : data;
  return new Promise((resolve) => {
    const socket = connect(target.port, target.host);
    const chunks: Buffer[] = [];
    let settled = false;
    let trickle: ReturnType<typeof setTimeout> | undefined;
    const finish = (closed: boolean, timedOut = false): void => {
      if (settled) return;
      const parsed = parse(Buffer.concat(chunks), closed || timedOut);
      if (!parsed) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(trickle);
      socket.destroy();
      resolve({ ...parsed, timedOut });
    };
    const timer = setTimeout(() => finish(true, true), options.timeoutMs ?? 10_000);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.on('connect', () => {
      let i = 0;
      const writeNext = (): void => {
        if (settled || socket.destroyed) return;
        const piece = pieces[i++];
        if (piece === undefined) return;
        socket.write(piece);
        if (i < pieces.length) trickle = setTimeout(writeNext, options.pieceDelayMs ?? 0);
      };
      writeNext();
    });
  });
}
