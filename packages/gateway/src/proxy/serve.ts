import { pinLifecycle } from '../affinity/lifecycle.ts';
import type { RequestLifecycle } from '../affinity/lifecycle-options.ts';
import type { Decision } from '../affinity/resolve.ts';
import { type WireFormat, watchTrajectory } from '../affinity/trajectory.ts';
import type { ResolvedModel } from '../config/types.ts';
import { GatewayError } from '../errors.ts';
import type { GatewayContext } from '../http/context.ts';
import { servedHeaders } from '../http/decision-headers.ts';
import { errorResponse } from '../http/error-response.ts';
import { API_KEY_HEADER, AUTHORIZATION_HEADER } from '../http/header-names.ts';
import { jsonResponse } from '../http/json-response.ts';
import { requestRecord } from '../http/request-state.ts';
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
 * The decision, the serving model and each pin outcome are recorded on the request's record, and
 * every response, errors included, carries the `x-tether-*` headers written from it.
 */
export async function serveDecision(
  tether: GatewayContext,
  request: Request,
  decision: Decision,
  lifecycle: RequestLifecycle,
  spec: ServeSpec,
): Promise<Response> {
  const record = requestRecord(request);
  record.decision = decision;
  const pins = pinLifecycle(tether, decision, lifecycle);
  const candidates =
    lifecycle.onUpstreamError === 'failover' ? failoverCandidates(tether.config, decision) : [decision.model];

  let served: Served | undefined;
  let model = decision.model;
  let lastError: unknown;
  for (const candidate of candidates) {
    try {
      served = await spec.call(providerFor(tether, candidate), candidate, callContext(request, candidate));
      model = candidate;
      break;
    } catch (error) {
      lastError = error;
      if (!mayFailOver(error, request.signal)) break;
      tether.logger.warn('upstream failed; trying the next model', {
        model: candidate.name,
        error: (error as Error).message,
      });
    }
  }
  if (served === undefined) {
    if (await pins.failed()) record.pin.push('withdrawn');
    return errorResponse(lastError, {
      logger: tether.logger,
      headers: servedHeaders(record),
      format: spec.format,
    });
  }

  // The TTL header reports a TTL this request actually gave a pin: created, re-pinned or renewed.
  let ttlWritten = decision.affinityStatus === 'created';
  if (model !== decision.model) {
    record.servedModel = model;
    if (await pins.repin(model)) {
      ttlWritten = true;
      record.pin.push('repinned');
    }
  } else if (await pins.served()) {
    ttlWritten = true;
    record.pin.push('renewed');
  }
  if (ttlWritten) record.pinTtlSeconds = lifecycle.ttlSeconds;
  const headers = servedHeaders(record);

  if (served.kind === 'json') {
    if (served.endsTrajectory && (await pins.ended())) record.pin.push('released');
    return jsonResponse(served.body, 200, headers);
  }
  const body =
    lifecycle.pinUntil === 'done'
      ? watchTrajectory(served.stream, spec.format, async (ends) => {
          if (ends && (await pins.ended())) record.pin.push('released');
        })
      : served.stream;
  return new Response(body, { status: 200, headers: { ...SSE_HEADERS, ...headers } });
}

function providerFor(tether: GatewayContext, model: ResolvedModel): Provider {
  const provider = tether.providers.get(model.name);
  if (!provider) throw new GatewayError('internal_error', 500, `no provider for ${model.name}`);
  return provider;
}

/** The client's credentials go upstream only for models with `passthrough_auth`. */
function callContext(request: Request, model: ResolvedModel): ProviderCallContext {
  const ctx: ProviderCallContext = { signal: request.signal };
  if (!model.passthroughAuth) return ctx;
  const forwarded: Record<string, string> = {};
  const auth = request.headers.get(AUTHORIZATION_HEADER);
  const apiKey = request.headers.get(API_KEY_HEADER);
  if (auth) forwarded[AUTHORIZATION_HEADER] = auth;
  if (apiKey && model.interface === 'anthropic') forwarded[API_KEY_HEADER] = apiKey;
  else if (apiKey && !auth) forwarded[AUTHORIZATION_HEADER] = `Bearer ${apiKey}`;
  if (Object.keys(forwarded).length > 0) ctx.headers = forwarded;
  return ctx;
}
