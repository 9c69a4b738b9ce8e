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
}

/** An SSE event or line longer than this is relayed but not inspected (usage events are ~300 bytes). */
export const MAX_INSPECTED_BYTES = 1024 * 1024;

const EVENT_END = /(?:\r\n|\r(?!\n)|\n)(?:\r\n|\r(?!\n)|\n)/g;
const encoder = new TextEncoder();

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects the usage a stream reports, from `data:` lines that mention `"usage"`. */
class UsageCollector {
  /** The last OpenAI or Responses usage block seen. */
  private openai: unknown;
  private readonly anthropic: Json = {};
  private seenAnthropic = false;

  constructor(private readonly format: StreamUsageFormat) {}

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

/** The `data:` payload of one SSE event (its `data:` lines joined), or `undefined`. */
function dataOf(event: string): string | undefined {
  const data: string[] = [];
  for (const line of event.split(/\r\n|\r|\n/)) {
    if (line.startsWith('data:')) data.push(line.slice(line[5] === ' ' ? 6 : 5));
  }
  return data.length === 0 ? undefined : data.join('\n');
}

/**
 * Relays a client-format SSE stream while reading the usage it reports. Without `hideUsageChunk`
 * every chunk goes on untouched as it arrives; with it, bytes go on at event boundaries (the
 * upstream relays whole events, so nothing waits) and the usage-only chunk is dropped. A missing or
 * malformed usage block ends as `onEnd(undefined)`, never an error.
 */
export function tapUsage(
  source: ReadableStream<Uint8Array>,
  format: StreamUsageFormat,
  options: TapUsageOptions,
): ReadableStream<Uint8Array> {
  const collector = new UsageCollector(format);
  const decoder = new TextDecoder();
  const hide = options.hideUsageChunk === true && format === 'openai';
  let pending = '';

  /** Splits `pending` at event ends; returns the text to send on (hide mode drops usage-only events). */
  const take = (): string => {
    let end = 0;
    let out = '';
    for (const match of pending.matchAll(EVENT_END)) {
      const next = match.index + match[0].length;
      const event = pending.slice(end, next);
      const data = dataOf(event);
      const usageOnly = data !== undefined && collector.data(data);
      if (!(hide && usageOnly)) out += event;
      end = next;
    }
    pending = pending.slice(end);
    if (pending.length > MAX_INSPECTED_BYTES) {
      // An oversized event is passed on uninspected rather than buffered without bound.
      out += pending;
      pending = '';
    }
    return out;
  };

  return source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        pending += decoder.decode(chunk, { stream: true });
        const out = take();
        if (!hide) controller.enqueue(chunk);
        else if (out !== '') controller.enqueue(encoder.encode(out));
      },
      async flush(controller) {
        pending += decoder.decode();
        const out = take();
        // A last event without its blank line (a stream cut or sloppily ended) still counts.
        const tail = pending;
        pending = '';
        const data = tail === '' ? undefined : dataOf(tail);
        const usageOnly = data !== undefined && collector.data(data);
        if (hide && out + (usageOnly ? '' : tail) !== '')
          controller.enqueue(encoder.encode(out + (usageOnly ? '' : tail)));
        await options.onEnd(collector.usage());
      },
    }),
  );
}
