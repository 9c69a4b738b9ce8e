import type { AnthropicMessage } from '../protocol/anthropic.ts';
import type { ChatCompletion } from '../protocol/openai.ts';

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
 * Watches SSE bytes on their way to the client, without holding any of them back, and tells at the
 * end whether the stream was complete and ended the trajectory. It reads only `data:` lines, and only
 * for a few markers; JSON escapes every quote inside strings, so model text can never fake a marker.
 */
export class TrajectoryWatcher {
  private readonly decoder = new TextDecoder();
  private carry = '';
  private stopped = false;
  private toolCall = false;
  private complete = false;
  private failed = false;

  constructor(private readonly format: WireFormat) {}

  /** Feeds the next relayed chunk. */
  push(chunk: Uint8Array): void {
    const text = this.carry + this.decoder.decode(chunk, { stream: true });
    const lines = text.split(/\r\n|\r|\n/);
    this.carry = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('data:')) this.line(line);
  }

  /** Whether the whole stream arrived and ended the trajectory. Call once the stream is over. */
  endsTrajectory(): boolean {
    if (this.carry.startsWith('data:')) this.line(this.carry);
    this.carry = '';
    return this.complete && !this.failed && this.stopped && !this.toolCall;
  }

  private line(line: string): void {
    const [complete, failed, tool, stop] = MARKERS[this.format];
    if (complete.test(line)) this.complete = true;
    if (failed.test(line)) this.failed = true;
    if (tool.test(line)) this.toolCall = true;
    if (stop.test(line)) this.stopped = true;
  }
}

/** Per format: stream complete, error event, a tool call, a natural stop. */
const MARKERS: Record<WireFormat, readonly [RegExp, RegExp, RegExp, RegExp]> = {
  openai: [
    /^data:\s*\[DONE\]\s*$/,
    /^data:\s*\{"error"/,
    /"tool_calls"\s*:\s*\[/,
    /"finish_reason"\s*:\s*"stop"/,
  ],
  anthropic: [
    /"type"\s*:\s*"message_stop"/,
    /^data:\s*\{"type"\s*:\s*"error"/,
    /"type"\s*:\s*"tool_use"/,
    /"stop_reason"\s*:\s*"end_turn"/,
  ],
  // The Responses API: `response.completed` carries the whole Response, so its function calls show there.
  responses: [
    /^data:\s*\{"type"\s*:\s*"response\.completed"/,
    /^data:\s*\{"type"\s*:\s*"(?:error|response\.failed)"/,
    /"type"\s*:\s*"function_call"/,
    /^data:\s*\{"type"\s*:\s*"response\.completed"/,
  ],
};

/**
 * A pass-through stream: every chunk goes on unchanged as it arrives, and `onEnd` runs once the
 * upstream finished (not when the client went away), before the client sees the end of the stream,
 * so by the time an agent sends its next turn the lifecycle decision has been applied.
 */
export function watchTrajectory(
  source: ReadableStream<Uint8Array>,
  format: WireFormat,
  onEnd: (endsTrajectory: boolean) => Promise<void>,
): ReadableStream<Uint8Array> {
  const watcher = new TrajectoryWatcher(format);
  return source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        watcher.push(chunk);
        controller.enqueue(chunk);
      },
      async flush() {
        await onEnd(watcher.endsTrajectory());
      },
    }),
  );
}
