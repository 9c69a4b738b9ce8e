import type { AnthropicMessage } from '../protocol/anthropic.ts';
import type { ChatCompletion } from '../protocol/openai.ts';
import type { SSEEvent } from '../wire/sse-parser.ts';

/** The wire format a client speaks (and is answered in). */
export type WireFormat = 'openai' | 'anthropic' | 'responses';

/**
 * True when an OpenAI completion ends the agent's trajectory: the model stopped on its own
 * (`finish_reason: stop`) and asked for no tool. `length`, `tool_calls` and filters keep the loop going.
 */
export function completionEndsTrajectory(completion: ChatCompletion): boolean {
  const choice = completion.choices[0];
  return choice?.finish_reason === 'stop' && (choice.message.tool_calls ?? []).length === 0;
}

/** True when an Anthropic message ends the trajectory: `stop_reason: end_turn` and no `tool_use` block. */
export function messageEndsTrajectory(message: AnthropicMessage): boolean {
  return message.stop_reason === 'end_turn' && !message.content.some((block) => block.type === 'tool_use');
}

/**
 * Watches the events of a stream on their way to the client and tells at the end whether the stream
 * was complete and ended the trajectory. It is fed the events the one SSE parser (or a translator)
 * already produced (`ProviderCallContext.onEvent`), so no byte is decoded twice, and it reads only
 * `data` for a few markers; JSON escapes every quote inside strings, so model text can never fake one.
 */
export class TrajectoryWatcher {
  private stopped = false;
  private toolCall = false;
  private complete = false;
  private failed = false;

  constructor(private readonly format: WireFormat) {}

  /** Feeds the next event, as parsed. */
  readonly event = (event: SSEEvent): void => {
    const [complete, failed, tool, stop] = MARKERS[this.format];
    if (complete(event)) this.complete = true;
    if (failed(event)) this.failed = true;
    if (tool.test(event.data)) this.toolCall = true;
    if (stop.test(event.data)) this.stopped = true;
  };

  /** Whether the whole stream arrived and ended the trajectory. Call once the stream is over. */
  endsTrajectory(): boolean {
    return this.complete && !this.failed && this.stopped && !this.toolCall;
  }
}

type EventTest = (event: SSEEvent) => boolean;

/** Per format: stream complete, error event, a tool call, a natural stop. */
const MARKERS: Record<WireFormat, readonly [EventTest, EventTest, RegExp, RegExp]> = {
  openai: [
    (e) => e.data.trim() === '[DONE]',
    (e) => /^\s*\{"error"/.test(e.data),
    /"tool_calls"\s*:\s*\[/,
    /"finish_reason"\s*:\s*"stop"/,
  ],
  anthropic: [
    (e) => e.event === 'message_stop' || /^\s*\{"type"\s*:\s*"message_stop"/.test(e.data),
    (e) => e.event === 'error' || /^\s*\{"type"\s*:\s*"error"/.test(e.data),
    /"type"\s*:\s*"tool_use"/,
    /"stop_reason"\s*:\s*"end_turn"/,
  ],
  // The Responses API: `response.completed` carries the whole Response, so its function calls show there.
  responses: [
    (e) => e.event === 'response.completed' || /^\s*\{"type"\s*:\s*"response\.completed"/.test(e.data),
    (e) =>
      e.event === 'error' ||
      e.event === 'response.failed' ||
      /^\s*\{"type"\s*:\s*"(?:error|response\.failed)"/.test(e.data),
    /"type"\s*:\s*"function_call"/,
    /^\s*\{"type"\s*:\s*"response\.completed"/,
  ],
};

/**
 * A pass-through stream: every chunk goes on unchanged as it arrives (nothing is decoded here; the
 * watcher was fed the parsed events), and `onEnd` runs once the upstream finished (not when the
 * client went away), before the client sees the end of the stream, so by the time an agent sends
 * its next turn the lifecycle decision has been applied.
 */
export function watchTrajectory(
  source: ReadableStream<Uint8Array>,
  watcher: TrajectoryWatcher,
  onEnd: (endsTrajectory: boolean) => Promise<void>,
): ReadableStream<Uint8Array> {
  return source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      async flush() {
        await onEnd(watcher.endsTrajectory());
      },
    }),
  );
}
