import type { AnthropicStopReason } from '../protocol/anthropic.ts';
import type { ChatCompletionChunk, Usage } from '../protocol/openai.ts';
import { type EventTap, upstreamEvents } from './event-tap.ts';
import { mapFinishReason } from './map-stop-reason.ts';
import { toAnthropicUsage } from './openai-to-anthropic-response.ts';
import { emitSSE, type SSEEvent } from './sse.ts';
import { DEFAULT_STREAM_LIMITS, describeStreamFailure, type StreamLimits } from './stream-limits.ts';
import { streamFromGenerator } from './stream-utils.ts';

export interface OpenAIStreamToAnthropicOptions {
  /** Model name used until the first chunk names one. */
  model?: string;
  /** Per-event size and idle bounds of the upstream stream. @default DEFAULT_STREAM_LIMITS */
  limits?: StreamLimits;
  /** Sees every Anthropic event this produces (trajectory watching), without a second parse. */
  onEvent?(event: SSEEvent): void;
  /** Scrubs secrets from an upstream error message before it is passed on. */
  redact?(text: string): string;
  /**
   * When `source` is a relay that already parsed its events and reports them here, take them from
   * the tap instead of parsing the bytes again.
   */
  tap?: EventTap;
}

type Block = { kind: 'text' } | { kind: 'tool'; openAIIndex: number };

/**
 * OpenAI chat-completion SSE bytes → the Anthropic Messages SSE sequence: `message_start`, then per
 * block `content_block_start` / `content_block_delta` (`text_delta` or `input_json_delta`) /
 * `content_block_stop`, then `message_delta` (stop reason, usage) and `message_stop`. Text and
 * tool calls become consecutive blocks; parallel tool calls (by `index`) each get their own block.
 * An upstream `{"error":…}`, a failed read or a stream cut before it finished → `event: error`.
 */
export function openAIStreamToAnthropic(
  source: ReadableStream<Uint8Array>,
  options: OpenAIStreamToAnthropicOptions = {},
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let started = false;
  let open: (Block & { index: number }) | undefined;
  let nextIndex = 0;
  let stopReason: AnthropicStopReason | null = null;
  let finished = false;
  let usage: Usage | undefined;
  const toolBlocks = new Map<number, number>();

  const limits = options.limits ?? DEFAULT_STREAM_LIMITS;
  const event = (type: string, body: Record<string, unknown>) =>
    emitSSE(JSON.stringify({ type, ...body }), type, options.onEvent);
  const error = (message: string) => event('error', { error: { type: 'api_error', message } });

  function* start(chunk: Partial<ChatCompletionChunk>): Generator<Uint8Array> {
    if (started) return;
    started = true;
    const message = {
      id: typeof chunk.id === 'string' ? chunk.id : 'msg_openai',
      type: 'message',
      role: 'assistant',
      model: typeof chunk.model === 'string' && chunk.model !== '' ? chunk.model : (options.model ?? ''),
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, output_tokens: 0 },
    };
    yield event('message_start', { message });
  }

  function* close(): Generator<Uint8Array> {
    if (open === undefined) return;
    yield event('content_block_stop', { index: open.index });
    open = undefined;
  }

  function* openBlock(block: Block, contentBlock: Record<string, unknown>): Generator<Uint8Array> {
    yield* close();
    open = { ...block, index: nextIndex++ };
    yield event('content_block_start', { index: open.index, content_block: contentBlock });
  }

  function* translate(chunk: ChatCompletionChunk): Generator<Uint8Array> {
    yield* start(chunk);
    if (chunk.usage != null) usage = chunk.usage;
    const choice = chunk.choices?.[0];
    if (choice === undefined) return;
    const { content, tool_calls: toolCalls } = choice.delta ?? {};
    if (typeof content === 'string' && content !== '') {
      if (open?.kind !== 'text') yield* openBlock({ kind: 'text' }, { type: 'text', text: '' });
      yield event('content_block_delta', {
        index: open?.index,
        delta: { type: 'text_delta', text: content },
      });
    }
    for (const call of toolCalls ?? []) {
      if (!toolBlocks.has(call.index)) {
        const contentBlock = {
          type: 'tool_use',
          id: call.id ?? `toolu_${call.index}`,
          name: call.function?.name ?? '',
          input: {},
        };
        yield* openBlock({ kind: 'tool', openAIIndex: call.index }, contentBlock);
        toolBlocks.set(call.index, nextIndex - 1);
      }
      const args = call.function?.arguments;
      // Upstreams stream tool calls one after another; a late fragment for an already closed block
      // cannot be sent in Anthropic's format and is dropped.
      if (
        typeof args === 'string' &&
        args !== '' &&
        open?.kind === 'tool' &&
        open.openAIIndex === call.index
      ) {
        yield event('content_block_delta', {
          index: open.index,
          delta: { type: 'input_json_delta', partial_json: args },
        });
      }
    }
    if (choice.finish_reason != null) {
      finished = true;
      stopReason = mapFinishReason(choice.finish_reason) ?? 'end_turn';
    }
  }

  function* finish(): Generator<Uint8Array> {
    yield* close();
    const final = toAnthropicUsage(usage);
    yield event('message_delta', {
      delta: { stop_reason: stopReason ?? 'end_turn', stop_sequence: null },
      usage: { ...final },
    });
    yield event('message_stop', {});
  }

  async function* run(): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      for await (const { data } of upstreamEvents(reader, limits, options.tap)) {
        if (data === '[DONE]') {
          if (!started) break;
          yield* finish();
          return;
        }
        let chunk: ChatCompletionChunk & { error?: { message?: unknown } };
        try {
          chunk = JSON.parse(data);
        } catch {
          yield error('malformed event in upstream stream');
          return;
        }
        if (chunk.error !== undefined) {
          const message = typeof chunk.error.message === 'string' ? chunk.error.message : 'upstream error';
          yield error(options.redact?.(message) ?? message);
          return;
        }
        yield* translate(chunk);
      }
    } catch (cause) {
      reader.cancel(cause).catch(() => undefined);
      yield error(describeStreamFailure(cause).message);
      return;
    } finally {
      reader.cancel().catch(() => undefined);
    }
    // Some OpenAI-style servers omit `[DONE]`; a finish reason already means the answer is whole.
    if (finished) yield* finish();
    else yield error('upstream stream ended unexpectedly');
  }

  return streamFromGenerator(run(), (reason) => reader.cancel(reason).catch(() => undefined));
}
