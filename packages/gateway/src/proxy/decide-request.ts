import type { z } from 'zod';
import { AFFINITY_TTL_HEADER } from '../affinity/lifecycle-options.ts';
import { type RequestAffinity, readRequestAffinity } from '../affinity/request-affinity.ts';
import type { Decision } from '../affinity/resolve.ts';
import { readJsonBody } from '../http/body.ts';
import type { GatewayContext } from '../http/context.ts';
import type { IntentMessage } from '../routing/types.ts';

/**
 * What a body refers to beyond itself, loaded before deciding (the Responses API's
 * `previous_response_id` chain): an affinity id it implies, and whatever the endpoint needs later.
 */
export interface Prepared<X> {
  /** Used when the request names no affinity id (header or adopted session); the pin is keyed by it. */
  affinityId?: string;
  /** TTL of a pin created under `affinityId`, unless the request sets `x-tether-affinity-ttl`. */
  ttlSeconds?: number;
  extra: X;
}

/** How one wire protocol's request feeds the decider. */
export interface DecisionSource<S extends z.ZodType<{ model?: string | undefined }>, X = undefined> {
  /** Validates the JSON body; its issues become 400s naming the field. */
  schema: S;
  /** The conversation the router classifies (system prompts and tool results left out). */
  intent: (body: z.infer<S>) => IntentMessage[];
  /** The body's `prompt_cache_key`, when the protocol has one, may be adopted as the affinity id. */
  adoptPromptCacheKey?: boolean;
  /** Loads what the body refers to, after the body is read and before the decider runs. */
  prepare?: (body: z.infer<S>, request: Request) => Promise<Prepared<X>>;
}

export interface DecidedRequest<B, X = undefined> {
  body: B;
  affinity: RequestAffinity;
  decision: Decision;
  /** What `source.prepare` loaded (`undefined` without one). */
  prepared?: X;
}

/**
 * The common head of every decision endpoint (proxy and routing-only, OpenAI and Anthropic): read the
 * body within `max_body_bytes` and `body_timeout_ms`, read the affinity headers, then decide. Keeping it
 * in one place is what guarantees the routing endpoints read and create pins exactly as the proxy does.
 */
export async function decideRequest<S extends z.ZodType<{ model?: string | undefined }>, X = undefined>(
  tether: GatewayContext,
  request: Request,
  source: DecisionSource<S, X>,
): Promise<DecidedRequest<z.infer<S>, X>> {
  const { config, decider } = tether;
  const body = await readJsonBody(request, config.maxBodyBytes, source.schema, config.bodyTimeoutMs);
  let affinity = readRequestAffinity(
    request.headers,
    config,
    source.adoptPromptCacheKey ? (body as { prompt_cache_key?: string }) : undefined,
  );
  const prepared = source.prepare ? await source.prepare(body, request) : undefined;
  if (prepared?.affinityId !== undefined && affinity.scope.id === undefined && affinity.lifecycle.enabled)
    affinity = impliedAffinity(affinity, prepared, request.headers);
  const decision = await decider.decide({
    requestedModel: body.model,
    intent: source.intent(body),
    affinityId: affinity.scope.id,
    tenant: affinity.scope.tenant,
    ttlSeconds: affinity.lifecycle.ttlSeconds,
    signal: request.signal,
  });
  return { body, affinity, decision, prepared: prepared?.extra };
}

/** The request's affinity with the id its body implies; an explicit TTL header still wins. */
function impliedAffinity<X>(
  affinity: RequestAffinity,
  prepared: Prepared<X>,
  headers: Headers,
): RequestAffinity {
  const lifecycle =
    prepared.ttlSeconds === undefined || headers.has(AFFINITY_TTL_HEADER)
      ? affinity.lifecycle
      : { ...affinity.lifecycle, ttlSeconds: prepared.ttlSeconds };
  return { ...affinity, scope: { ...affinity.scope, id: prepared.affinityId }, lifecycle };
}
