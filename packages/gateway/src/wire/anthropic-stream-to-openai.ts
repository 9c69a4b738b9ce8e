import type { ChatCompletionChunk, FinishReason, Usage } from '../protocol/openai.ts';
import { toOpenAIUsage } from './anthropic-to-openai-response.ts';
import { openAIErrorEvent } from './error-events.ts';
import { mapStopReason } from './map-stop-reason.ts';
import { emitSSE, parseSSE, type SSEEvent } from './sse.ts';
import {
  DEFAULT_STREAM_LIMITS,
  describeStreamFailure,
  readChunks,
  type StreamLimits,
} from './stream-limits.ts';
import { streamFromGenerator } from './stream-utils.ts';

export interface StreamToOpenAIOptions {
  /** Emit a final usage chunk (`choices: []`), as OpenAI does with `stream_options.include_usage`. */
  includeUsage?: boolean;
  /** Model name used until `message_start` names one. */
  model?: string;
  /** Per-event size and idle bounds of the upstream stream. @default DEFAULT_STREAM_LIMITS */
  limits?: StreamLimits;
  /** Sees every OpenAI event this produces (trajectory watching), without a second parse. */
  onEvent?(event: SSEEvent): void;
  /** Scrubs secrets from an upstream error message before it is passed on. */
  redact?(text: string): string;
}

type Delta = ChatCompletionChunk['choices'][number]['delta'];
type Json = Record<string, unknown>;

/**
 * Anthropic SSE bytes → OpenAI chat-completion SSE bytes, event by event as they arrive.
 * `message_start` → role chunk; text deltas → `content`; each `tool_use` block → a `tool_calls`
 * entry numbered by tool order, its `input_json_delta`s → `arguments`; `message_delta` → the
 * `finish_reason` chunk (+ usage); `message_stop` → `[DONE]`. An `error` event, a failed read or a
 * stream that ends before `message_stop` becomes an OpenAI-style `{"error":…}` event, then the end.
 */
export function anthropicStreamToOpenAI(
  source: ReadableStream<Uint8Array>,
  options: StreamToOpenAIOptions = {},
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  const limits = options.limits ?? DEFAULT_STREAM_LIMITS;
  const state = {
    id: 'chatcmpl-anthropic',
    model: options.model ?? '',
    created: Math.floor(Date.now() / 1000),
    usage: {} as Json,
    toolIndexByBlock: new Map<number, number>(),
  };
  const chunk = (delta: Delta, finishReason: FinishReason | null = null): Uint8Array => {
    const body: ChatCompletionChunk = {
      id: state.id,
      object: 'chat.completion.chunk',
      created: state.created,
      model: state.model,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    };
    return emitSSE(JSON.stringify(body), undefined, options.onEvent);
  };

  function translate(type: string, event: Json): Uint8Array[] {
    switch (type) {
      case 'message_start': {
        const message = (event.message ?? {}) as Json;
        if (typeof message.id === 'string') state.id = message.id;
        if (typeof message.model === 'string') state.model = message.model;
        state.usage = { ...((message.usage ?? {}) as Json) };
        return [chunk({ role: 'assistant', content: '' })];
      }
      case 'content_block_start': {
        const block = (event.content_block ?? {}) as Json;
        if (block.type === 'tool_use') {
          const toolIndex = state.toolIndexByBlock.size;
          state.toolIndexByBlock.set(Number(event.index), toolIndex);
          const call = { index: toolIndex, id: String(block.id), type: 'function' as const };
          return [
            chunk({ tool_calls: [{ ...call, function: { name: String(block.name), arguments: '' } }] }),
          ];
        }
        if (block.type === 'text' && typeof block.text === 'string' && block.text !== '') {
          return [chunk({ content: block.text })];
        }
        return [];
      }
      case 'content_block_delta': {
        const delta = (event.delta ?? {}) as Json;
        if (delta.type === 'text_delta' && typeof delta.text === 'string')
          return [chunk({ content: delta.text })];
        const toolIndex = state.toolIndexByBlock.get(Number(event.index));
        if (
          delta.type === 'input_json_delta' &&
          typeof delta.partial_json === 'string' &&
          toolIndex !== undefined
        ) {
          return [chunk({ tool_calls: [{ index: toolIndex, function: { arguments: delta.partial_json } }] })];
        }
        return []; // thinking and signature deltas have no OpenAI counterpart
      }
      case 'message_delta': {
        Object.assign(state.usage, (event.usage ?? {}) as Json);
        const reason =
          mapStopReason(((event.delta ?? {}) as Json).stop_reason as string | undefined) ?? 'stop';
        const out = [chunk({}, reason)];
        if (options.includeUsage === true) out.push(usageChunk(toOpenAIUsage(state.usage)));
        return out;
      }
      default:
        return []; // ping, content_block_stop
    }
  }

  const usageChunk = (usage: Usage): Uint8Array =>
    emitSSE(
      JSON.stringify({
        id: state.id,
        object: 'chat.completion.chunk',
        created: state.created,
        model: state.model,
        choices: [],
        usage,
      } satisfies ChatCompletionChunk),
      undefined,
      options.onEvent,
    );

  async function* run(): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      for await (const { event, data } of parseSSE(
        readChunks(reader, limits.idleTimeoutMs),
        limits.maxEventBytes,
      )) {
        let parsed: Json;
        try {
          parsed = JSON.parse(data) as Json;
        } catch {
          yield openAIErrorEvent('malformed event in upstream stream');
          return;
        }
        const type = event ?? (typeof parsed.type === 'string' ? parsed.type : '');
        if (type === 'error') {
          const error = (parsed.error ?? {}) as Json;
          const message = typeof error.message === 'string' ? error.message : 'upstream error';
          yield openAIErrorEvent(options.redact?.(message) ?? message);
          return;
        }
        if (type === 'message_stop') {
          yield emitSSE('[DONE]', undefined, options.onEvent);
          return;
        }
        yield* translate(type, parsed);
      }
    } catch (error) {
      reader.cancel(error).catch(() => undefined);
      const failure = describeStreamFailure(error);
      yield openAIErrorEvent(failure.message, failure.code);
      return;
    } finally {
      // Release the upstream connection once we stop reading (error event, [DONE] or failure).
      reader.cancel().catch(() => undefined);
    }
    yield openAIErrorEvent('upstream stream ended unexpectedly');
  }

  return streamFromGenerator(run(), (reason) => reader.cancel(reason).catch(() => undefined));
}
