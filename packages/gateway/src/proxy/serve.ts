import type { Decision } from '../affinity/decider.ts';
import { pinLifecycle } from '../affinity/lifecycle.ts';
import type { RequestLifecycle } from '../affinity/lifecycle-options.ts';
import { TrajectoryWatcher, type WireFormat, watchTrajectory } from '../affinity/trajectory.ts';
import { CACHED_TOKENS_HEADER } from '../cache/prompt-cache.ts';
import { tapUsage, UsageCollector } from '../cache/stream-usage.ts';
import { readUsage, type TokenUsage } from '../cache/usage.ts';
import type { ResolvedModel } from '../config/types.ts';
import { GatewayError } from '../errors.ts';
import type { GatewayContext } from '../http/context.ts';
import { servedHeaders } from '../http/decision-headers.ts';
import { errorResponse } from '../http/error-response.ts';
import { AFFINITY_TTL_HEADER, API_KEY_HEADER, AUTHORIZATION_HEADER } from '../http/header-names.ts';
import { jsonResponse } from '../http/json-response.ts';
import { requestRecord } from '../http/request-state.ts';
import type { Provider, ProviderCallContext } from '../providers/types.ts';
import { failoverCandidates, mayFailOver } from './failover.ts';

/** What one upstream call produced, already in the client's wire format. */
export type Served =
  | { kind: 'json'; body: unknown; endsTrajectory: boolean }
  | {
      kind: 'stream';
      stream: ReadableStream<Uint8Array>;
      /** The gateway asked the upstream for stream usage the client did not want: drop the usage chunk. */
      hideUsageChunk?: boolean;
    };

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
  // The prompt-cache layer's own headers (`x-tether-prefix-hash`), upstream and to the client.
  const cacheHeaders = tether.cache?.responseHeaders(decision);
  const upstreamHeaders = tether.cache?.upstreamHeaders(decision);
  const pins = pinLifecycle(tether, decision, lifecycle);
  const candidates =
    lifecycle.onUpstreamError === 'failover' ? failoverCandidates(tether.config, decision) : [decision.model];

  let served: Served | undefined;
  let model = decision.model;
  let lastError: unknown;
  let watcher: TrajectoryWatcher | undefined;
  let usage: UsageCollector | undefined;
  for (const [index, candidate] of candidates.entries()) {
    try {
      const ctx = callContext(request, candidate);
      if (upstreamHeaders !== undefined) ctx.headers = { ...upstreamHeaders, ...ctx.headers };
      // Trajectory watching and stream usage are fed the events of the one parser, so the bytes are
      // not decoded a second time.
      const candidateWatcher = lifecycle.pinUntil === 'done' ? new TrajectoryWatcher(spec.format) : undefined;
      const candidateUsage = new UsageCollector(spec.format);
      ctx.onEvent = (event) => {
        candidateWatcher?.event(event);
        candidateUsage.event(event);
      };
      served = await spec.call(providerFor(tether, candidate), candidate, ctx);
      watcher = candidateWatcher;
      usage = candidateUsage;
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
    if (await pins.failed()) record.pin.push('withdrawn');
    return errorResponse(lastError, {
      logger: tether.logger,
      headers: { ...servedHeaders(record), ...cacheHeaders },
      format: spec.format === 'anthropic' ? 'anthropic' : 'openai',
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
  const headers = { ...servedHeaders(record), ...cacheHeaders };

  /** Counts the response's tokens and commits an implicit pin after a cache hit; true when it pinned. */
  const account = async (usage: TokenUsage | undefined): Promise<boolean> => {
    const pinned = await tether.cache?.served({ decision, model, usage, ttlSeconds: lifecycle.ttlSeconds });
    if (pinned === true) {
      record.pin.push('created');
      record.pinTtlSeconds = lifecycle.ttlSeconds;
    }
    return pinned === true;
  };
  if (served.kind === 'json') {
    const usage = readUsage((served.body as { usage?: unknown } | null)?.usage, spec.format);
    headers[CACHED_TOKENS_HEADER] = usage === undefined ? 'unknown' : String(usage.cachedRead);
    if (await account(usage)) headers[AFFINITY_TTL_HEADER] = String(lifecycle.ttlSeconds);
    if (served.endsTrajectory && (await pins.ended())) record.pin.push('released');
    return jsonResponse(served.body, 200, headers);
  }
  // Counted when the upstream finishes, before the client sees the end: the next turn finds the pin.
  const counted = tapUsage(served.stream, spec.format, {
    hideUsageChunk: served.hideUsageChunk === true,
    ...(usage === undefined ? {} : { fed: usage }),
    onEnd: async (usage) => {
      await account(usage);
    },
  });
  const body =
    watcher !== undefined
      ? watchTrajectory(counted, watcher, async (ends) => {
          if (ends && (await pins.ended())) record.pin.push('released');
        })
      : counted;
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
  const auth = request.headers.get(AUTHORIZATION_HEADER);
  const apiKey = request.headers.get(API_KEY_HEADER);
  if (auth) forwarded[AUTHORIZATION_HEADER] = auth;
  if (apiKey && model.interface === 'anthropic') forwarded[API_KEY_HEADER] = apiKey;
  else if (apiKey && !auth) forwarded[AUTHORIZATION_HEADER] = `Bearer ${apiKey}`;
  if (Object.keys(forwarded).length > 0) ctx.headers = forwarded;
  return ctx;
}
