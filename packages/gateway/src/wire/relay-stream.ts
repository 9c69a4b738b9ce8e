import { describeStreamError, iterateReader, streamFromGenerator } from './stream-utils.ts';

export interface RelayOptions {
  /** The text a complete stream ends with, e.g. `[DONE]` or `message_stop`. */
  endMarker: string;
  /** The bytes that tell the client the stream broke (an error event in the wire format). */
  errorEvent(message: string): Uint8Array;
}

/** A blank line (two line breaks of any style) ends an SSE event. */
const EVENT_END = /(?:\r\n|\r(?!\n)|\n)(?:\r\n|\r(?!\n)|\n)/g;
const encoder = new TextEncoder();

/**
 * Relays upstream SSE unchanged, as events arrive. Bytes are passed on up to the last complete
 * event, so if the upstream read fails or the stream ends before `endMarker` (a cut connection) the
 * client gets `errorEvent` after whole events, never glued to half an event.
 */
export function relayStream(
  body: ReadableStream<Uint8Array>,
  options: RelayOptions,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  async function* relay(): AsyncGenerator<Uint8Array, void, undefined> {
    const decoder = new TextDecoder();
    let pending = '';
    let tail = '';
    try {
      for await (const chunk of iterateReader(reader)) {
        pending += decoder.decode(chunk, { stream: true });
        let end = 0;
        for (const match of pending.matchAll(EVENT_END)) end = match.index + match[0].length;
        if (end === 0) continue;
        const complete = pending.slice(0, end);
        pending = pending.slice(end);
        tail = (tail + complete).slice(-64);
        yield encoder.encode(complete);
      }
    } catch (error) {
      yield options.errorEvent(describeStreamError(error));
      return;
    }
    pending += decoder.decode();
    // A last event without its blank line still counts when it is the end marker.
    if (pending.includes(options.endMarker)) yield encoder.encode(`${pending}\n\n`);
    else if (!tail.includes(options.endMarker))
      yield options.errorEvent('upstream stream ended unexpectedly');
  }
  return streamFromGenerator(relay(), (reason) => reader.cancel(reason).catch(() => undefined));
}
