import { sleep } from './http.ts';

// Building SSE bodies. Without delays the whole body is one string (cheapest for benchmarks);
// with delays or a cut it becomes a stream that writes frame by frame.

/** An OpenAI-style frame: `data: <json>\n\n`. */
export function dataFrame(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** An Anthropic-style frame: `event: <type>\ndata: <json>\n\n`. */
export function eventFrame(event: string, payload: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
}

export interface StreamPlan {
  /** Wait before the first frame, ms. */
  ttftMs: number;
  /** Wait between frames, ms. */
  chunkDelayMs: number;
  /** Send only this many frames, then drop the connection (no terminating chunk). */
  cutAfter?: number;
  /** Stops the waits early (server shutting down). */
  signal: AbortSignal;
}

const encoder = new TextEncoder();
/** How long a cut stream waits after its last frame before dropping the connection. */
const CUT_PAUSE_MS = 25;

/** The body for a list of frames, honouring delays and a cut. */
export function frameBody(frames: readonly string[], plan: StreamPlan): string | ReadableStream<Uint8Array> {
  const { ttftMs, chunkDelayMs, cutAfter, signal } = plan;
  if (ttftMs <= 0 && chunkDelayMs <= 0 && cutAfter === undefined) return frames.join('');
  const count = cutAfter === undefined ? frames.length : Math.min(cutAfter, frames.length);
  let i = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      await sleep(i === 0 ? ttftMs : chunkDelayMs, signal);
      if (i < count) {
        controller.enqueue(encoder.encode(frames[i]!));
        i++;
        return;
      }
      if (cutAfter === undefined) return controller.close();
      // A cut stream errors instead of closing, so the socket drops without the final chunk. The
      // pause first lets the frames already sent reach the client before the reset discards them.
      await sleep(CUT_PAUSE_MS, signal);
      controller.error(undefined);
    },
  });
}

/** Splits text into several stream deltas of about `words` words each, keeping whitespace. */
export function splitText(text: string, words = 3): string[] {
  const parts = text.match(/\S+\s*|\s+/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < parts.length; i += words) out.push(parts.slice(i, i + words).join(''));
  return out.length > 0 ? out : [''];
}

/** Splits a JSON string into at least two pieces, the way providers stream tool arguments. */
export function splitJson(text: string, size = 12): string[] {
  const n = Math.max(2, Math.ceil(text.length / size));
  const step = Math.ceil(text.length / n);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += step) out.push(text.slice(i, i + step));
  return out.length > 0 ? out : [''];
}
