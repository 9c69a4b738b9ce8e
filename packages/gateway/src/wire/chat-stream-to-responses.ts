import type { ChatCompletionChunk, FinishReason, Usage } from '../protocol/openai.ts';
import type {
  OutputFunctionCall,
  OutputMessage,
  OutputText,
  ResponseObject,
  ResponseOutputItem,
} from '../protocol/responses.ts';
import { outputItemId } from '../responses/ids.ts';
import { finishResponse } from './chat-response-to-responses.ts';
import { type EventTap, upstreamEvents } from './event-tap.ts';
import { emitSSE, type SSEEvent } from './sse.ts';
import { DEFAULT_STREAM_LIMITS, describeStreamFailure, type StreamLimits } from './stream-limits.ts';
import { streamFromGenerator } from './stream-utils.ts';

export interface ChatStreamToResponsesOptions {
  /** The Response as `response.created` announces it (`responseShell`). */
  shell: ResponseObject;
  /**
   * Runs with the finished Response before `response.completed` is sent, so a client that sends its
   * next turn right after the stream ends finds it stored. Not called for a failed stream.
   */
  onComplete?: (response: ResponseObject) => Promise<void>;
  /** Per-event size and idle bounds of the upstream stream. @default DEFAULT_STREAM_LIMITS */
  limits?: StreamLimits;
  /** Sees every Responses event this produces (trajectory watching), without a second parse. */
  onEvent?(event: SSEEvent): void;
  /** Scrubs secrets from an upstream error message before it is passed on. */
  redact?(text: string): string;
  /**
   * The events the upstream relay already parsed (`ProviderCallContext.onEvent`): taken from here
   * instead of parsing the relayed bytes again.
   */
  tap?: EventTap;
}

type OpenItem =
  | { kind: 'message'; item: OutputMessage; text: string; outputIndex: number }
  | { kind: 'call'; item: OutputFunctionCall; outputIndex: number };

/**
 * OpenAI chat-completion SSE bytes → the Responses API event sequence: `response.created`,
 * `response.in_progress`; per output item `response.output_item.added`, then for text
 * `response.content_part.added` / `response.output_text.delta`… / `response.output_text.done` /
 * `response.content_part.done`, for a tool call `response.function_call_arguments.delta`… /
 * `.done`; `response.output_item.done`; finally `response.completed` (or `response.incomplete`).
 * An upstream error, a failed read or a cut stream → `error` then `response.failed`, never a silent end.
 * Every event carries `sequence_number`. Bound: the output so far is held (the finished Response
 * repeats it, and it is what gets stored), nothing else accumulates.
 */
export function chatStreamToResponses(
  source: ReadableStream<Uint8Array>,
  options: ChatStreamToResponsesOptions,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let shell = options.shell;
  let sequence = 0;
  const output: ResponseOutputItem[] = [];
  const calls = new Map<number, OpenItem & { kind: 'call' }>();
  let message: (OpenItem & { kind: 'message' }) | undefined;
  let finishReason: FinishReason | null = null;
  let usage: Usage | undefined;

  const limits = options.limits ?? DEFAULT_STREAM_LIMITS;
  const event = (type: string, body: Record<string, unknown>) =>
    emitSSE(JSON.stringify({ type, sequence_number: sequence++, ...body }), type, options.onEvent);

  function* closeMessage(): Generator<Uint8Array> {
    if (!message) return;
    const { item, text, outputIndex } = message;
    const part: OutputText = { type: 'output_text', text, annotations: [], logprobs: [] };
    const common = { item_id: item.id, output_index: outputIndex, content_index: 0 };
    yield event('response.output_text.done', { ...common, text, logprobs: [] });
    yield event('response.content_part.done', { ...common, part });
    item.content = [part];
    item.status = 'completed';
    yield event('response.output_item.done', { output_index: outputIndex, item });
    message = undefined;
  }

  function* closeCalls(): Generator<Uint8Array> {
    for (const { item, outputIndex } of calls.values()) {
      yield event('response.function_call_arguments.done', {
        item_id: item.id,
        output_index: outputIndex,
        arguments: item.arguments,
      });
      item.status = 'completed';
      yield event('response.output_item.done', { output_index: outputIndex, item });
    }
    calls.clear();
  }

  function* text(delta: string): Generator<Uint8Array> {
    if (!message) {
      const outputIndex = output.length;
      const item: OutputMessage = {
        type: 'message',
        id: outputItemId('msg', shell.id, outputIndex),
        role: 'assistant',
        status: 'in_progress',
        content: [],
      };
      output.push(item);
      message = { kind: 'message', item, text: '', outputIndex };
      yield event('response.output_item.added', { output_index: outputIndex, item: { ...item } });
      yield event('response.content_part.added', {
        item_id: item.id,
        output_index: outputIndex,
        content_index: 0,
        part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
      });
    }
    message.text += delta;
    yield event('response.output_text.delta', {
      item_id: message.item.id,
      output_index: message.outputIndex,
      content_index: 0,
      delta,
      logprobs: [],
    });
  }

  function* toolCall(
    call: NonNullable<ChatCompletionChunk['choices'][number]['delta']['tool_calls']>[number],
  ): Generator<Uint8Array> {
    let open = calls.get(call.index);
    if (!open) {
      // A tool call ends the text before it (chat upstreams send text first).
      yield* closeMessage();
      const outputIndex = output.length;
      const item: OutputFunctionCall = {
        type: 'function_call',
        id: outputItemId('fc', shell.id, outputIndex),
        call_id: call.id ?? `call_${outputIndex}`,
        name: call.function?.name ?? '',
        arguments: '',
        status: 'in_progress',
      };
      output.push(item);
      open = { kind: 'call', item, outputIndex };
      calls.set(call.index, open);
      yield event('response.output_item.added', { output_index: outputIndex, item: { ...item } });
    }
    const args = call.function?.arguments;
    if (typeof args === 'string' && args !== '') {
      open.item.arguments += args;
      yield event('response.function_call_arguments.delta', {
        item_id: open.item.id,
        output_index: open.outputIndex,
        delta: args,
      });
    }
  }

  function* translate(chunk: ChatCompletionChunk): Generator<Uint8Array> {
    if (chunk.usage != null) usage = chunk.usage;
    if (typeof chunk.model === 'string' && chunk.model !== '' && output.length === 0)
      shell = { ...shell, model: chunk.model };
    const choice = chunk.choices?.[0];
    if (choice === undefined) return;
    const { content, tool_calls: toolCalls } = choice.delta ?? {};
    if (typeof content === 'string' && content !== '') {
      // Text after tool calls (rare) is a new message item.
      if (calls.size > 0) yield* closeCalls();
      yield* text(content);
    }
    for (const call of toolCalls ?? []) yield* toolCall(call);
    if (choice.finish_reason != null) finishReason = choice.finish_reason;
  }

  async function* finish(): AsyncGenerator<Uint8Array> {
    yield* closeMessage();
    yield* closeCalls();
    const response = finishResponse(shell, output, usage, finishReason);
    await options.onComplete?.(response);
    const type = response.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
    yield event(type, { response });
  }

  function* fail(message: string): Generator<Uint8Array> {
    yield event('error', { code: 'upstream_error', message, param: null });
    const response: ResponseObject = {
      ...shell,
      status: 'failed',
      error: { code: 'server_error', message },
      output,
    };
    yield event('response.failed', { response });
  }

  async function* run(): AsyncGenerator<Uint8Array, void, undefined> {
    yield event('response.created', { response: shell });
    yield event('response.in_progress', { response: shell });
    try {
      for await (const { data } of upstreamEvents(reader, limits, options.tap)) {
        if (data === '[DONE]') {
          yield* finish();
          return;
        }
        let chunk: ChatCompletionChunk & { error?: { message?: unknown } };
        try {
          chunk = JSON.parse(data);
        } catch {
          yield* fail('malformed event in upstream stream');
          return;
        }
        if (chunk.error !== undefined && chunk.error !== null) {
          const message = typeof chunk.error.message === 'string' ? chunk.error.message : 'upstream error';
          yield* fail(options.redact?.(message) ?? message);
          return;
        }
        yield* translate(chunk);
      }
    } catch (cause) {
      reader.cancel(cause).catch(() => undefined);
      yield* fail(describeStreamFailure(cause).message);
      return;
    } finally {
      reader.cancel().catch(() => undefined);
    }
    // Some OpenAI-style servers omit `[DONE]`; a finish reason already means the answer is whole.
    if (finishReason !== null) yield* finish();
    else yield* fail('upstream stream ended unexpectedly');
  }

  return streamFromGenerator(run(), (reason) => reader.cancel(reason).catch(() => undefined));
}
