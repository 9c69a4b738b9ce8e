import { DEFAULT_MAX_EVENT_BYTES, SSEEventTooLargeError } from './sse-parser.ts';

/** Bounds on one upstream stream (per provider: `max_event_bytes`, `stream_idle_timeout_ms`). */
export interface StreamLimits {
  /** Largest SSE event or unfinished line held. @default 1048576 (1 MiB) */
  maxEventBytes: number;
  /** Longest wait for the next chunk once the stream has started. @default 60000 */
  idleTimeoutMs: number;
}

/** The default `max_event_bytes` / `stream_idle_timeout_ms`. */
export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  maxEventBytes: DEFAULT_MAX_EVENT_BYTES,
  idleTimeoutMs: 60_000,
};

/** No chunk arrived for `stream_idle_timeout_ms`: the stream must end. */
export class StreamIdleError extends Error {
  readonly code = 'upstream_timeout';
  constructor(readonly idleTimeoutMs: number) {
    super(`upstream sent nothing for ${idleTimeoutMs} ms (stream_idle_timeout_ms)`);
    this.name = 'StreamIdleError';
  }
}

/**
 * Iterates a reader's chunks, failing with `StreamIdleError` when one takes longer than
 * `idleTimeoutMs`: the reader is then cancelled (the upstream released) and the pending read ends.
 * One timer per stream, re-armed lazily, rather than one per read: a chunk costs a clock read.
 */
export async function* readChunks(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  idleTimeoutMs: number,
): AsyncGenerator<Uint8Array, void, undefined> {
  let last = performance.now();
  let idle: StreamIdleError | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = (): void => {
    const left = last + idleTimeoutMs - performance.now();
    if (left > 0) {
      timer = setTimeout(check, left);
      return;
    }
    idle = new StreamIdleError(idleTimeoutMs);
    reader.cancel(idle).catch(() => undefined);
  };
  timer = setTimeout(check, idleTimeoutMs);
  try {
    for (;;) {
      const result = await reader.read().catch((error: unknown) => {
        throw idle ?? error;
      });
      if (idle !== undefined) throw idle;
      if (result.done) return;
      last = performance.now();
      if (result.value.byteLength > 0) yield result.value;
    }
  } finally {
    clearTimeout(timer);
  }
}

/** A stream failure as told to the client: a fixed message and an error code, never runtime noise. */
export interface StreamFailure {
  message: string;
  /** `upstream_timeout` (idle), `upstream_response_too_large` (event bound) or `upstream_error`. */
  code: 'upstream_timeout' | 'upstream_response_too_large' | 'upstream_error';
}

/**
 * What a client is told when the upstream stream breaks. Deliberately fixed for network errors: the
 * runtime's error text names sockets and fetch options, which is noise (or a leak) for a client.
 */
export function describeStreamFailure(error: unknown): StreamFailure {
  if (error instanceof StreamIdleError || error instanceof SSEEventTooLargeError)
    return { message: error.message, code: error.code };
  return { message: 'upstream connection lost mid-stream', code: 'upstream_error' };
}
