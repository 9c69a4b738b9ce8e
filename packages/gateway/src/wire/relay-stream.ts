import { encodeSSE } from './sse.ts';
import { type SSEEvent, SSEParser } from './sse-parser.ts';
import {
  DEFAULT_STREAM_LIMITS,
  describeStreamFailure,
  readChunks,
  type StreamFailure,
  type StreamLimits,
} from './stream-limits.ts';
import { streamFromGenerator } from './stream-utils.ts';

export interface RelayOptions {
  /** Whether an event ends a complete stream (`data: [DONE]`, `event: message_stop`). */
  isEnd(event: SSEEvent): boolean;
  /** The bytes that tell the client the stream broke (an error event in its wire format). */
  errorEvent(failure: StreamFailure): Uint8Array;
  /** Per-event size and idle bounds. @default DEFAULT_STREAM_LIMITS */
  limits?: StreamLimits;
  /** Sees every relayed event once, as parsed (trajectory watching reads these, not the bytes). */
  onEvent?(event: SSEEvent): void;
  /**
   * Scrubs secrets from the upstream's own error events (`event: error`, `data: {"error"…}`): only
   * a batch holding an error event that this changes is re-encoded; all other bytes pass as they came.
   */
  redact?(text: string): string;
}

/** An upstream's in-stream error, in either wire format. */
const isErrorEvent = (event: SSEEvent): boolean =>
  event.event === 'error' || /^\s*\{\s*"(?:error"|type"\s*:\s*"error")/.test(event.data);

/** OpenAI's end of stream: `data: [DONE]`. */
export const isOpenAIStreamEnd = (event: SSEEvent): boolean => event.data === '[DONE]';

/** Anthropic's end of stream: the `message_stop` event. */
export const isAnthropicStreamEnd = (event: SSEEvent): boolean =>
  event.event === 'message_stop' ||
  (event.event === undefined && /"type"\s*:\s*"message_stop"/.test(event.data));

/**
 * Relays upstream SSE unchanged, as events arrive: the bytes of whole events are passed on as they
 * came (a chunk that ends on an event boundary goes on without a copy), never re-serialised. Each
 * chunk goes through the one `SSEParser` once, which finds the boundaries, bounds each event to
 * `limits.maxEventBytes` and hands the events to `onEvent`. When the read fails, the stream goes
 * quiet for `limits.idleTimeoutMs`, an event is too large, or the stream ends before `isEnd` (a cut
 * connection), the client gets `errorEvent` after whole events, never glued to half an event, and
 * the upstream is cancelled. After the end event the upstream is released too.
 */
export function relayStream(
  body: ReadableStream<Uint8Array>,
  options: RelayOptions,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const limits = options.limits ?? DEFAULT_STREAM_LIMITS;
  const release = (reason?: unknown) => reader.cancel(reason).catch(() => undefined);
  // The error event the relay writes itself is an event the client gets too: `onEvent` sees it.
  const failed = (failure: StreamFailure): Uint8Array => {
    const bytes = options.errorEvent(failure);
    if (options.onEvent !== undefined)
      for (const event of new SSEParser().push(bytes).events) options.onEvent(event);
    return bytes;
  };
  async function* relay(): AsyncGenerator<Uint8Array, void, undefined> {
    const parser = new SSEParser(limits.maxEventBytes);
    // Bytes after the last event boundary; the parser bounds them to `maxEventBytes`.
    let pending: Uint8Array[] = [];
    let ended = false;
    try {
      for await (const chunk of readChunks(reader, limits.idleTimeoutMs)) {
        const { events, boundary } = parser.push(chunk);
        let scrubbed: SSEEvent[] | undefined;
        for (const [index, event] of events.entries()) {
          let seen = event;
          if (options.redact !== undefined && isErrorEvent(event)) {
            const data = options.redact(event.data);
            if (data !== event.data) {
              seen = { ...event, data };
              scrubbed ??= [...events];
              scrubbed[index] = seen;
            }
          }
          // Listeners see what the client gets: the scrubbed event, never the secret.
          options.onEvent?.(seen);
          if (options.isEnd(event)) ended = true;
        }
        if (boundary === -1) {
          pending.push(chunk);
          continue;
        }
        yield scrubbed === undefined ? join(pending, chunk.subarray(0, boundary)) : reencode(scrubbed);
        pending = boundary < chunk.length ? [chunk.subarray(boundary)] : [];
        if (ended) return;
      }
    } catch (error) {
      release(error);
      yield failed(describeStreamFailure(error));
      return;
    } finally {
      release();
    }
    // A last event without its blank line still counts when it is the end marker.
    const last = parser.end();
    if (last !== undefined && options.isEnd(last)) {
      options.onEvent?.(last);
      yield join(pending, new TextEncoder().encode('\n\n'));
    } else {
      yield failed({ message: 'upstream stream ended unexpectedly', code: 'upstream_error' });
    }
  }
  return streamFromGenerator(relay(), release);
}

/** Events written back as SSE (only for a batch whose error event had a secret scrubbed). */
function reencode(events: SSEEvent[]): Uint8Array {
  const parts = events.map((event) => new TextDecoder().decode(encodeSSE(event.data, event.event)));
  return new TextEncoder().encode(parts.join(''));
}

/** `pieces` then `tail` as one array; `tail` itself (no copy) when there is nothing before it. */
function join(pieces: Uint8Array[], tail: Uint8Array): Uint8Array {
  if (pieces.length === 0) return tail;
  let size = tail.length;
  for (const piece of pieces) size += piece.length;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  out.set(tail, offset);
  return out;
}
