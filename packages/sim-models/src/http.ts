// Response helpers. Every response carries `x-sim-model: true`: sim-models never pretends to be
// a real provider.

/** The honesty marker on every response. */
export const SIM_HEADER = 'x-sim-model';

const JSON_HEADERS = { 'content-type': 'application/json', [SIM_HEADER]: 'true' } as const;
const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  [SIM_HEADER]: 'true',
} as const;

/** A JSON response with the sim header and optional extra headers. */
export function json(body: unknown, status = 200, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: headers ? { ...JSON_HEADERS, ...headers } : JSON_HEADERS,
  });
}

/** Raw JSON bytes (precomputed bodies), status 200. */
export function jsonBytes(body: Uint8Array<ArrayBuffer> | string, status = 200): Response {
  return new Response(body, { status, headers: JSON_HEADERS });
}

/** An SSE response over a string, bytes or a stream. */
export function sse(body: string | Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>): Response {
  return new Response(body, { headers: SSE_HEADERS });
}

/**
 * A response that never arrives: its body stream errors before any byte is written, and Bun
 * answers that by closing the socket, so the client sees a genuine connection reset (ECONNRESET)
 * and no status line. Erroring with `undefined` keeps Bun from logging a stack trace.
 */
export function resetConnection(): Response {
  return new Response(
    new ReadableStream({
      start(controller) {
        controller.error(undefined);
      },
    }),
    { headers: { [SIM_HEADER]: 'true' } },
  );
}

/** Resolves after `ms`, or at once when any signal aborts; never keeps a stopped server waiting. */
export function sleep(ms: number, ...signals: AbortSignal[]): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const s of signals) {
      if (s.aborted) return done();
      s.addEventListener('abort', done, { once: true });
    }
  });
}
