import { emitSSE, encodeSSE, parseSSE, type SSEEvent } from './sse.ts';
import {
  DEFAULT_STREAM_LIMITS,
  describeStreamFailure,
  readChunks,
  type StreamLimits,
} from './stream-limits.ts';
import { streamFromGenerator } from './stream-utils.ts';

export interface ResponsesStreamTapOptions {
  /** Runs with the finished Response (`response.completed` / `.incomplete`) before that event is relayed. */
  onComplete?: (response: { id: string; output?: unknown[]; [key: string]: unknown }) => Promise<void>;
  /** Per-event size and idle bounds of the upstream stream. @default DEFAULT_STREAM_LIMITS */
  limits?: StreamLimits;
  /** Sees every relayed event (trajectory watching), without a second parse. */
  onEvent?(event: SSEEvent): void;
  /** Scrubs secrets from the upstream's own error events. */
  redact?(text: string): string;
}

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed', 'error']);

/** A Responses-format `error` event (what OpenAI sends when a stream fails). */
export function responsesErrorEvent(message: string, sequenceNumber = 0): Uint8Array {
  return encodeSSE(
    { type: 'error', sequence_number: sequenceNumber, code: 'upstream_error', message, param: null },
    'error',
  );
}

/**
 * Relays a native upstream's Responses SSE event by event (the shared parser, one event held at a
 * time) and hands the finished Response to `onComplete` before relaying it, so the gateway can
 * record which model served it. A failed read or a stream that ends before a terminal event
 * (`response.completed`, `.incomplete`, `.failed` or `error`) ends with an `error` event.
 */
export function tapResponsesStream(
  source: ReadableStream<Uint8Array>,
  options: ResponsesStreamTapOptions = {},
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  const limits = options.limits ?? DEFAULT_STREAM_LIMITS;
  let sequence = 0;
  const fail = (message: string) => {
    const bytes = responsesErrorEvent(message, sequence);
    options.onEvent?.({ event: 'error', data: '{"type":"error"}' });
    return bytes;
  };
  async function* run(): AsyncGenerator<Uint8Array, void, undefined> {
    let ended = false;
    try {
      for await (const { event, data: raw } of parseSSE(
        readChunks(reader, limits.idleTimeoutMs),
        limits.maxEventBytes,
      )) {
        let type = event;
        // Only failures can carry upstream text worth scrubbing (a key echoed in a message).
        const data =
          event === 'error' || event === 'response.failed' || event === undefined
            ? (options.redact?.(raw) ?? raw)
            : raw;
        // Events are named (`event: response.output_text.delta`): only the finished Response, or an
        // unnamed event, is worth a JSON parse.
        if (type === undefined || type === 'response.completed' || type === 'response.incomplete') {
          let parsed: { type?: unknown; response?: unknown } | undefined;
          try {
            parsed = JSON.parse(data);
          } catch {
            parsed = undefined;
          }
          if (typeof parsed?.type === 'string') type = parsed.type;
          if (
            (type === 'response.completed' || type === 'response.incomplete') &&
            typeof parsed?.response === 'object' &&
            parsed.response !== null
          )
            await options.onComplete?.(parsed.response as { id: string });
        }
        // Upstream events are numbered from 0, so the count is the next sequence number.
        sequence++;
        // JSON data is one line; anything else is re-encoded line by line.
        yield data.includes('\n') ? encodeSSE(data, type) : emitSSE(data, type, options.onEvent);
        if (type !== undefined && TERMINAL.has(type)) ended = true;
      }
    } catch (cause) {
      reader.cancel(cause).catch(() => undefined);
      yield fail(describeStreamFailure(cause).message);
      return;
    } finally {
      reader.cancel().catch(() => undefined);
    }
    if (!ended) yield fail('upstream stream ended unexpectedly');
  }
  return streamFromGenerator(run(), (reason) => reader.cancel(reason).catch(() => undefined));
}
