/** One Server-Sent Event: `event` is absent for the default `message` type (OpenAI never sets it). */
export interface SSEEvent {
  event?: string;
  data: string;
}

/** Largest SSE event (all its lines, or one unfinished line) a parser holds. @default 1 MiB */
export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;

/** An upstream event (or a line with no end) grew past `max_event_bytes`: the stream must end. */
export class SSEEventTooLargeError extends Error {
  readonly code = 'upstream_response_too_large';
  constructor(readonly limit: number) {
    super(`upstream stream event larger than ${limit} bytes (max_event_bytes)`);
    this.name = 'SSEEventTooLargeError';
  }
}

/** What one `push` produced. */
export interface SSEChunkResult {
  /** Events completed (dispatched by a blank line) within this chunk, in order. */
  events: SSEEvent[];
  /**
   * Bytes of this chunk up to and including the last blank line, i.e. where the bytes of whole
   * events end; `-1` when no event ended in it. A relay passes bytes on up to here, unchanged.
   */
  boundary: number;
}

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;
const DATA = [0x64, 0x61, 0x74, 0x61]; // "data"
const EVENT = [0x65, 0x76, 0x65, 0x6e, 0x74]; // "event"
const decoder = new TextDecoder();

/** Whether `bytes[0, length)` is exactly `name`. */
function startsWith(bytes: Uint8Array, name: readonly number[], length: number): boolean {
  if (length !== name.length) return false;
  for (let i = 0; i < length; i++) if (bytes[i] !== name[i]) return false;
  return true;
}

/**
 * The one incremental SSE parser (after the WHATWG event-stream rules, like the AI SDK's
 * `EventSourceParserStream`), working on bytes: chunks may split anywhere (inside a line, inside a
 * UTF-8 sequence, between `\r` and `\n`), and LF, CRLF and CR line endings are all accepted.
 *
 * Linear in the bytes received: each byte is scanned once (CR and LF never occur inside a UTF-8
 * multi-byte sequence, so lines are found on raw bytes), an unfinished line is kept as a list of
 * pieces (joined once when it ends), and each complete line is decoded once. Bounded: the bytes of
 * the event being read, unfinished line included, may not exceed `maxEventBytes`; past it `push`
 * throws `SSEEventTooLargeError` and holds nothing more.
 *
 * @example
 * const parser = new SSEParser();
 * const { events } = parser.push(new TextEncoder().encode('data: hi\n\n')); // [{ data: 'hi' }]
 */
export class SSEParser {
  private pieces: Uint8Array[] = [];
  private lineBytes = 0;
  private eventBytes = 0;
  private skipLF = false;
  private data: string[] = [];
  private type: string | undefined;

  constructor(readonly maxEventBytes: number = DEFAULT_MAX_EVENT_BYTES) {}

  /** Feeds the next chunk of bytes. Throws `SSEEventTooLargeError` when an event outgrows the bound. */
  push(chunk: Uint8Array): SSEChunkResult {
    const events: SSEEvent[] = [];
    let boundary = -1;
    let start = 0;
    // A CR ending the previous chunk may be the first half of a CRLF.
    if (this.skipLF && chunk.length > 0) {
      this.skipLF = false;
      if (chunk[0] === LF) start = 1;
    }
    let nextLF = chunk.indexOf(LF, start);
    let nextCR = chunk.indexOf(CR, start);
    while (nextLF !== -1 || nextCR !== -1) {
      const end = nextCR === -1 || (nextLF !== -1 && nextLF < nextCR) ? nextLF : nextCR;
      let after = end + 1;
      if (chunk[end] === CR) {
        if (after < chunk.length) {
          if (chunk[after] === LF) after += 1;
        } else this.skipLF = true;
      }
      const blank = this.lineBytes === 0 && end === start;
      this.line(this.take(chunk, start, end), events);
      if (blank) boundary = after;
      start = after;
      if (nextLF !== -1 && nextLF < start) nextLF = chunk.indexOf(LF, start);
      if (nextCR !== -1 && nextCR < start) nextCR = chunk.indexOf(CR, start);
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.lineBytes += rest.length;
      this.check();
      this.pieces.push(rest);
    }
    return { events, boundary };
  }

  /**
   * Ends the input: an unfinished last line is taken as a line, and the event it belongs to, which
   * no blank line dispatched, is returned (the SSE rules drop it; a relay may still want to see it).
   */
  end(): SSEEvent | undefined {
    if (this.lineBytes > 0) this.line(this.take(new Uint8Array(0), 0, 0), []);
    const pending = this.data.length > 0 ? this.current() : undefined;
    this.reset();
    return pending;
  }

  /** The unfinished line's pieces plus `chunk[start, end)`, as one byte array (joined once). */
  private take(chunk: Uint8Array, start: number, end: number): Uint8Array {
    const tail = chunk.subarray(start, end);
    if (this.pieces.length === 0) return tail;
    const line = new Uint8Array(this.lineBytes + tail.length);
    let offset = 0;
    for (const piece of this.pieces) {
      line.set(piece, offset);
      offset += piece.length;
    }
    line.set(tail, offset);
    this.pieces = [];
    this.lineBytes = 0;
    return line;
  }

  private line(bytes: Uint8Array, events: SSEEvent[]): void {
    if (bytes.length === 0) {
      if (this.data.length > 0) events.push(this.current());
      this.reset();
      return;
    }
    this.eventBytes += bytes.length + 1;
    this.check();
    if (bytes[0] === COLON) return; // a comment (`: ping`)
    const colon = bytes.indexOf(COLON);
    const nameEnd = colon === -1 ? bytes.length : colon;
    // Field names compared as bytes: only `data` and `event` are used (`id`, `retry`, others skipped).
    const isData = startsWith(bytes, DATA, nameEnd);
    if (!isData && !startsWith(bytes, EVENT, nameEnd)) return;
    let from = colon === -1 ? bytes.length : colon + 1;
    if (bytes[from] === SPACE) from += 1;
    const value = decoder.decode(bytes.subarray(from));
    if (isData) this.data.push(value);
    else this.type = value;
  }

  private current(): SSEEvent {
    const data = this.data.join('\n');
    return this.type === undefined ? { data } : { event: this.type, data };
  }

  private reset(): void {
    this.data = [];
    this.type = undefined;
    this.eventBytes = 0;
  }

  private check(): void {
    if (this.eventBytes + this.lineBytes <= this.maxEventBytes) return;
    this.pieces = [];
    this.lineBytes = 0;
    this.reset();
    throw new SSEEventTooLargeError(this.maxEventBytes);
  }
}
