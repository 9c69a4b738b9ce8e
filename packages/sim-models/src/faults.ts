import type { RouteContext } from './context.ts';
import { errorResponse, type Provider } from './errors.ts';
import { jsonBytes, resetConnection, SIM_HEADER, sleep, sse } from './http.ts';
import type { FaultMode } from './knobs.ts';
import { frameBody } from './sse.ts';

// Injected failures (`x-sim-fail`). `cut-stream` and a streamed `stream-error` are not here: they
// need the real frames, so the routes build them and cut (see `frameBody`'s `cutAfter` and `cutBody`).

const MALFORMED_JSON =
  '{"id":"sim-malformed","object":"chat.completion","choices":[{"message":{"content":"tru';
const MALFORMED_OPENAI_SSE =
  'data: {"id":"sim-malformed","object":"chat.completion.chunk","choices":[{"delta":{"content":"tru\n\ndata: [DONE]\n\n';
const MALFORMED_ANTHROPIC_SSE =
  'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_sim_malformed",\n\n' +
  'event: message_stop\ndata: {"type":"message_stop"}\n\n';

/**
 * The response for an injected fault, or `undefined` for `cut-stream` (handled by the route):
 * a status → that status with the provider's error body (429/503 with `retry-after`); `reset` →
 * the connection drops with no response; `timeout` → nothing until the client gives up, the
 * server stops or `holdMs` passes (then a reset); `malformed` → 200 with a body that isn't JSON.
 */
export async function faultResponse(
  fault: FaultMode,
  provider: Provider,
  stream: boolean,
  req: Request,
  ctx: RouteContext,
): Promise<Response | undefined> {
  if (typeof fault === 'object') {
    ctx.log(`sim-models: injected ${fault.status} (${provider})`);
    return errorResponse(provider, fault.status, `Simulated ${fault.status} from sim-models (x-sim-fail).`);
  }
  switch (fault) {
    case 'reset':
      ctx.log('sim-models: injected connection reset');
      return resetConnection();
    case 'timeout':
      ctx.log(`sim-models: holding a request (timeout, up to ${ctx.options.holdMs} ms)`);
      // Lift Bun's per-request idle timeout so the hold, not Bun, decides when the socket ends.
      ctx.server.timeout(req, 0);
      await sleep(ctx.options.holdMs, req.signal, ctx.stopping);
      return resetConnection();
    case 'malformed':
      ctx.log('sim-models: injected malformed body');
      if (!stream) return jsonBytes(MALFORMED_JSON);
      return sse(provider === 'anthropic' ? MALFORMED_ANTHROPIC_SSE : MALFORMED_OPENAI_SSE);
    case 'cut-stream':
      ctx.log('sim-models: injected cut stream');
      return undefined;
    case 'stream-error':
      // A stream starts and then reports the failure in-band (the route builds the frames); a
      // non-streaming request has no band to report in, so it gets the 500 the failure would be.
      ctx.log('sim-models: injected in-stream error');
      return stream
        ? undefined
        : errorResponse(provider, 500, 'Simulated failure (x-sim-fail: stream-error).');
  }
}

/** A non-streaming body cut in half: 200 and the first half of the JSON, then the socket drops. */
export function cutBody(body: string, signal: AbortSignal): Response {
  const half = body.slice(0, Math.floor(body.length / 2));
  return new Response(frameBody([half], { ttftMs: 0, chunkDelayMs: 0, cutAfter: 1, signal }), {
    headers: { 'content-type': 'application/json', [SIM_HEADER]: 'true' },
  });
}

/** Added latency before a response; long waits lift Bun's idle timeout for this request first. */
export async function addLatency(ms: number, req: Request, ctx: RouteContext): Promise<void> {
  if (ms <= 0) return;
  if (ms >= 8_000) ctx.server.timeout(req, 0);
  await sleep(ms, ctx.stopping);
}
