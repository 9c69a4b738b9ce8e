import { pinLifecycle } from '../affinity/lifecycle.ts';
import type { RequestLifecycle } from '../affinity/lifecycle-options.ts';
import { AFFINITY_TTL_HEADER, REPINNED_HEADER } from '../affinity/lifecycle-options.ts';
import type { Decision } from '../affinity/resolve.ts';
import { TrajectoryWatcher, type WireFormat, watchTrajectory } from '../affinity/trajectory.ts';
import type { ResolvedModel } from '../config/types.ts';
import { GatewayError } from '../errors.ts';
import type { GatewayContext } from '../http/context.ts';
import { decisionHeaders } from '../http/decision-headers.ts';
import { errorResponse, jsonResponse } from '../http/error-response.ts';
import type { Provider, ProviderCallContext } from '../providers/types.ts';
import { failoverCandidates, mayFailOver } from './failover.ts';

/** What one upstream call produced, already in the client's wire format. */
export type Served =
  | { kind: 'json'; body: unknown; endsTrajectory: boolean }
  | { kind: 'stream'; stream: ReadableStream<Uint8Array> };

/** How an endpoint calls one candidate model; the pipeline does the rest. */
export interface ServeSpec {
  /** The client's wire format: error bodies and stream parsing follow it. */
  format: WireFormat;
  /** Calls `model` through `provider`. Must reject (with a `GatewayError`) before returning any byte. */
  call(provider: Provider, model: ResolvedModel, ctx: ProviderCallContext): Promise<Served>;
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

/**
 * The serving half shared by `/v1/chat/completions` and `/v1/messages`: call the decided model;
 * with `on_upstream_error: failover`, on a retryable failure before any byte was sent try the next
 * candidate and re-pin the id to the model that served; then apply the pin lifecycle (sliding
 * renewal, release when a response ends the trajectory, withdrawal when every candidate failed).
 * Every response, errors included, carries the `x-tether-*` decision headers.
 */
export async function serveDecision(
  tether: GatewayContext,
  request: Request,
  decision: Decision,
  lifecycle: RequestLifecycle,
  spec: ServeSpec,
): Promise<Response> {
  const headers = decisionHeaders(decision);
  if (!lifecycle.enabled) headers['x-tether-affinity'] = 'off';
  const pins = pinLifecycle(tether, decision, lifecycle);
  const candidates =
    lifecycle.onUpstreamError === 'failover' ? failoverCandidates(tether.config, decision) : [decision.model];

  let served: Served | undefined;
  let model = decision.model;
  let lastError: unknown;
  let watcher: TrajectoryWatcher | undefined;
  for (const [index, candidate] of candidates.entries()) {
    try {
      const ctx = callContext(request, candidate);
      // Fed the stream's events by the one parser, so the bytes are not decoded a second time.
      const candidateWatcher = lifecycle.pinUntil === 'done' ? new TrajectoryWatcher(spec.format) : undefined;
      if (candidateWatcher !== undefined) ctx.onEvent = candidateWatcher.event;
      served = await spec.call(providerFor(tether, candidate), candidate, ctx);
      watcher = candidateWatcher;
      model = candidate;
      break;
    } catch (error) {
      lastError = error;
      const next = candidates[index + 1];
      // The last candidate's failure is logged once, with the error response, not as a failover.
      if (next === undefined || !mayFailOver(error, request.signal)) break;
      tether.logger.warn('upstream failed; trying the next model', {
        model: candidate.name,
        next: next.name,
        error: (error as Error).message,
      });
    }
  }
  if (served === undefined) {
    await pins.failed();
    const errorFormat = spec.format === 'anthropic' ? 'anthropic' : 'openai';
    return errorResponse(lastError, undefined, tether.logger, headers, errorFormat);
  }

  // The TTL header reports a TTL this request actually gave a pin: created, re-pinned or renewed.
  let ttlWritten = decision.affinityStatus === 'created';
  if (model !== decision.model) {
    headers['x-tether-model'] = model.name;
    headers['x-tether-pinned'] = 'false';
    ttlWritten = await pins.repin(model);
    if (ttlWritten) headers[REPINNED_HEADER] = 'true';
  } else {
    ttlWritten ||= await pins.served();
  }
  if (ttlWritten) headers[AFFINITY_TTL_HEADER] = String(lifecycle.ttlSeconds);

  if (served.kind === 'json') {
    if (served.endsTrajectory) await pins.ended();
    return jsonResponse(served.body, 200, headers);
  }
  const body =
    watcher !== undefined
      ? watchTrajectory(served.stream, watcher, async (ends) => {
          if (ends) await pins.ended();
        })
      : served.stream;
  return new Response(body, { status: 200, headers: { ...SSE_HEADERS, ...headers } });
}

export function providerFor(tether: GatewayContext, model: ResolvedModel): Provider {
  const provider = tether.providers.get(model.name);
  if (!provider) throw new GatewayError('internal_error', 500, `no provider for ${model.name}`);
  return provider;
}

/** The client's credentials go upstream only for models with `passthrough_auth`. */
export function callContext(request: Request, model: ResolvedModel): ProviderCallContext {
  const ctx: ProviderCallContext = { signal: request.signal };
  if (!model.passthroughAuth) return ctx;
  const forwarded: Record<string, string> = {};
  const auth = request.headers.get('authorization');
  const apiKey = request.headers.get('x-api-key');
  if (auth) forwarded.authorization = auth;
  if (apiKey && model.interface === 'anthropic') forwarded['x-api-key'] = apiKey;
  else if (apiKey && !auth) forwarded.authorization = `Bearer ${apiKey}`;
  if (Object.keys(forwarded).length > 0) ctx.headers = forwarded;
  return ctx;
}
