import { encodeSSE } from '../wire/sse.ts';
import { type SSEEvent, SSEParser } from '../wire/sse-parser.ts';
import { readUsage, type TokenUsage } from './usage.ts';

/** The client-side stream formats whose usage can be read. */
export type StreamUsageFormat = 'openai' | 'anthropic' | 'responses';

export interface TapUsageOptions {
  /**
   * OpenAI streams only: the gateway asked the upstream for `stream_options.include_usage` and the
   * client did not, so the final usage-only chunk (`"choices":[]`) is dropped before the client.
   */
  hideUsageChunk?: boolean;
  /** Runs once the upstream finished, before the client sees the end; `undefined`: usage unknown. */
  onEnd(usage: TokenUsage | undefined): Promise<void>;
  /** A collector already fed the stream's events (by `onEvent`): the bytes need no decoding here. */
  fed?: UsageCollector;
}

/** An SSE event longer than this is relayed but not inspected (usage events are ~300 bytes). */
export const MAX_INSPECTED_BYTES = 1024 * 1024;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Collects the usage a client-format stream reports. Fed the events the relay's one SSE parser
 * already decoded (`ProviderCallContext.onEvent`), so a chunk is not decoded a second time for it.
 */
export class UsageCollector {
  /** The last OpenAI or Responses usage block seen. */
  private openai: unknown;
  private readonly anthropic: Json = {};
  private seenAnthropic = false;

  constructor(private readonly format: StreamUsageFormat) {}

  /** Feeds one event; returns true for an OpenAI usage-only chunk. Idempotent for a repeated event. */
  readonly event = (event: SSEEvent): boolean => this.data(event.data);

  /** Feeds one `data:` payload; returns true for an OpenAI usage-only chunk. */
  data(payload: string): boolean {
    if (!payload.includes('"usage"')) return false;
    let value: unknown;
    try {
      value = JSON.parse(payload);
    } catch {
      return false;
    }
    if (!isObject(value)) return false;
    if (this.format === 'responses') {
      // `response.completed` (or `.incomplete`/`.failed`) carries the whole response with its usage.
      if (isObject(value.response) && isObject(value.response.usage)) this.openai = value.response.usage;
      return false;
    }
    if (this.format === 'openai') {
      if (!isObject(value.usage)) return false;
      this.openai = value.usage;
      return Array.isArray(value.choices) && value.choices.length === 0;
    }
    // message_start carries input and cache counts; message_delta the (cumulative) output count.
    const usage =
      value.type === 'message_start' && isObject(value.message) ? value.message.usage : value.usage;
    if (!isObject(usage)) return false;
    this.seenAnthropic = true;
    for (const [k, v] of Object.entries(usage)) if (typeof v === 'number') this.anthropic[k] = v;
    return false;
  }

  usage(): TokenUsage | undefined {
    if (this.format !== 'anthropic') return readUsage(this.openai, this.format);
    return this.seenAnthropic ? readUsage(this.anthropic, 'anthropic') : undefined;
  }
}

/**
 * Calls `onEnd` with the stream's usage once the upstream finished, before the client sees the end.
 * With `fed` (a collector the relay's parser feeds) the bytes are not decoded here at all; without it
 * (or to drop a usage-only chunk the client did not ask for) the one `SSEParser` reads them. Dropped
 * chunks need event boundaries, so in that mode whole events go on re-encoded. A missing or
 * malformed usage block ends as `onEnd(undefined)`, never an error.
 */
export function tapUsage(
  source: ReadableStream<Uint8Array>,
  format: StreamUsageFormat,
  options: TapUsageOptions,
): ReadableStream<Uint8Array> {
  const collector = options.fed ?? new UsageCollector(format);
  const hide = options.hideUsageChunk === true && format === 'openai';
  let parser: SSEParser | undefined =
    options.fed !== undefined && !hide ? undefined : new SSEParser(MAX_INSPECTED_BYTES);
  const inspect = (chunk: Uint8Array, controller: TransformStreamDefaultController<Uint8Array>) => {
    if (parser === undefined) return controller.enqueue(chunk);
    let events: SSEEvent[];
    try {
      events = parser.push(chunk).events;
    } catch {
      // An oversized event is passed on uninspected rather than buffered without bound.
      parser = undefined;
      return controller.enqueue(chunk);
    }
    if (!hide) {
      for (const event of events) collector.event(event);
      return controller.enqueue(chunk);
    }
    for (const event of events)
      if (!collector.event(event)) controller.enqueue(encodeSSE(event.data, event.event));
  };
  return source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform: inspect,
      async flush(controller) {
        // A last event without its blank line (a stream cut or sloppily ended) still counts.
        const tail = parser?.end();
        if (tail !== undefined && !collector.event(tail) && hide)
          controller.enqueue(encodeSSE(tail.data, tail.event));
        await options.onEnd(collector.usage());
      },
    }),
  );
}
