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
 * `idleTimeoutMs`. The caller keeps the reader so it can cancel the upstream from outside (and must,
 * when this throws: the pending read is abandoned, not cancelled, here).
 */
export async function* readChunks(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  idleTimeoutMs: number,
): AsyncGenerator<Uint8Array, void, undefined> {
  for (;;) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const idle = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StreamIdleError(idleTimeoutMs)), idleTimeoutMs);
    });
    try {
      const { value, done } = await Promise.race([reader.read(), idle]);
      if (done) return;
      if (value !== undefined && value.byteLength > 0) yield value;
    } finally {
      clearTimeout(timer);
    }
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
