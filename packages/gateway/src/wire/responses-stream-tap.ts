import { encodeSSE, parseSSE } from './sse.ts';
import { describeStreamError, iterateReader, streamFromGenerator } from './stream-utils.ts';

export interface ResponsesStreamTapOptions {
  /** Runs with the finished Response (`response.completed` / `.incomplete`) before that event is relayed. */
  onComplete?: (response: { id: string; output?: unknown[]; [key: string]: unknown }) => Promise<void>;
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
  let sequence = 0;
  async function* run(): AsyncGenerator<Uint8Array, void, undefined> {
    let ended = false;
    try {
      for await (const { event, data } of parseSSE(iterateReader(reader))) {
        let type = event;
        let parsed: { type?: unknown; sequence_number?: unknown; response?: unknown } | undefined;
        try {
          parsed = JSON.parse(data);
        } catch {
          parsed = undefined;
        }
        if (typeof parsed?.type === 'string') type = parsed.type;
        if (typeof parsed?.sequence_number === 'number') sequence = parsed.sequence_number + 1;
        if (
          (type === 'response.completed' || type === 'response.incomplete') &&
          typeof parsed?.response === 'object' &&
          parsed.response !== null
        )
          await options.onComplete?.(parsed.response as { id: string });
        yield encodeSSE(data, type);
        if (type !== undefined && TERMINAL.has(type)) ended = true;
      }
    } catch (cause) {
      yield responsesErrorEvent(describeStreamError(cause), sequence);
      return;
    } finally {
      reader.cancel().catch(() => undefined);
    }
    if (!ended) yield responsesErrorEvent('upstream stream ended unexpectedly', sequence);
  }
  return streamFromGenerator(run(), (reason) => reader.cancel(reason).catch(() => undefined));
}
