import { parseSSE } from './sse.ts';
import { type SSEEvent, SSEParser } from './sse-parser.ts';
import { readChunks, type StreamLimits } from './stream-limits.ts';

/**
 * Hands the events one stage already parsed to the next stage, so a chunk is decoded once even when
 * a relay and a translator are chained (an OpenAI upstream answering an Anthropic client): the relay
 * reports each event to `push` (as `ProviderCallContext.onEvent`), and the translator reads the
 * relayed bytes only to drive the relay, taking the events from here. Holds at most the events of
 * the chunk just read.
 *
 * @example
 * const tap = new EventTap();
 * const relayed = await provider.stream(request, { ...ctx, onEvent: tap.push });
 * for await (const event of tap.events(relayed.getReader(), DEFAULT_STREAM_LIMITS)) handle(event);
 */
export class EventTap {
  private queue: SSEEvent[] = [];

  /** Records one event (the relay's `onEvent`). */
  readonly push = (event: SSEEvent): void => {
    this.queue.push(event);
  };

  /**
   * The events reported while `reader` is read, in order; the bytes themselves are not decoded. A
   * source that reports nothing (a provider that ignores `onEvent`) is noticed at its first chunk (a
   * relay hands on whole events only) and then parsed here instead, so the answer is right either way.
   */
  async *events(
    reader: ReadableStreamDefaultReader<Uint8Array>,
    limits: StreamLimits,
  ): AsyncGenerator<SSEEvent, void, undefined> {
    let parser: SSEParser | undefined;
    let first = true;
    for await (const chunk of readChunks(reader, limits.idleTimeoutMs)) {
      if (first && this.queue.length === 0) parser = new SSEParser(limits.maxEventBytes);
      first = false;
      if (parser === undefined) yield* this.drain();
      else yield* parser.push(chunk).events;
    }
    if (parser === undefined) yield* this.drain();
  }

  private drain(): SSEEvent[] {
    const events = this.queue;
    this.queue = [];
    return events;
  }
}

/**
 * The events of a relayed upstream stream, for a translator: from `tap` when the relay reports them
 * (each chunk decoded once), else parsed here within `limits` (idle timeout, event size).
 */
export function upstreamEvents(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limits: StreamLimits,
  tap: EventTap | undefined,
): AsyncIterable<SSEEvent> {
  if (tap !== undefined) return tap.events(reader, limits);
  return parseSSE(readChunks(reader, limits.idleTimeoutMs), limits.maxEventBytes);
}
