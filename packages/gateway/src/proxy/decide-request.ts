import type { z } from 'zod';
import type { Decision } from '../affinity/decider.ts';
import { AFFINITY_TTL_HEADER } from '../affinity/lifecycle-options.ts';
import { type RequestAffinity, readRequestAffinity } from '../affinity/request-affinity.ts';
import type { StablePrefix } from '../cache/prefix.ts';
import { requestCache } from '../cache/request-cache.ts';
import type { ResolvedModel } from '../config/types.ts';
import { readJson, validateJson } from '../http/body.ts';
import type { GatewayContext } from '../http/context.ts';
import { fromRawJson } from '../http/raw-json.ts';
import { requestRecord } from '../http/request-state.ts';
import { readRoutingOverride } from '../routing/routing-header.ts';
import type { IntentMessage } from '../routing/types.ts';

/** The top-level members every decision endpoint reads itself. */
export type BodyHead = { model?: string | undefined };

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
export interface DecisionSource<S extends z.ZodType<BodyHead>, X = undefined> {
  /** Validates the JSON body; its issues become 400s naming the field. */
  schema: S;
  /**
   * The top-level members the gateway itself reads (`model`, `stream`, `max_tokens`…), validated on
   * every request. With it, a request served from a stored pin is not validated further (the
   * upstream validates the rest, and its 4xx comes back) and may go upstream as the client's own
   * bytes; every other request is still validated by `schema` before the router or the store acts.
   * Without it, `schema` validates every request up front.
   */
  head?: z.ZodType<BodyHead>;
  /** The conversation the router classifies (system prompts and tool results left out). */
  intent: (body: z.infer<S>) => IntentMessage[];
  /** The body's `prompt_cache_key`, when the protocol has one, may be adopted as the affinity id. */
  adoptPromptCacheKey?: boolean;
  /** The stable prompt prefix (implicit sessions, drift, the regret gate, the prefix-hash header). */
  prefix?: (body: z.infer<S>) => StablePrefix;
  /** Loads what the body refers to, after the body is read and before the decider runs. */
  prepare?: (body: z.infer<S>, request: Request) => Promise<Prepared<X>>;
}

export interface DecidedRequest<B, X = undefined> {
  /**
   * The body validated by the source's `schema`. A request served from a pin is validated on the
   * first read of this property (which then throws the 400), so a passthrough never pays for it.
   */
  readonly body: B;
  affinity: RequestAffinity;
  decision: Decision;
  /**
   * The request for `model`'s upstream, `model` replaced by its upstream name. For an upstream
   * speaking the client's wire format (`sameFormat`) it is the client's parsed body linked to the
   * client's bytes (sent with only the changed members spliced in, see `serializeJson`), unvalidated
   * beyond the head when served from a pin; otherwise a shallow copy of the validated body.
   */
  upstreamBody(model: ResolvedModel, sameFormat: boolean): B;
  /** What `source.prepare` loaded (`undefined` without one). */
  prepared?: X;
}

/**
 * The common head of every decision endpoint (proxy and routing-only, OpenAI and Anthropic): read the
 * body within `max_body_bytes` and `body_timeout_ms`, read the affinity headers, then decide. Keeping it
 * in one place is what guarantees the routing endpoints read and create pins exactly as the proxy does.
 * The affinity scope, the decision and the pin outcome (`created`, `hit`) go on the request's record.
 */
export async function decideRequest<S extends z.ZodType<BodyHead>, X = undefined>(
  tether: GatewayContext,
  request: Request,
  source: DecisionSource<S, X>,
): Promise<DecidedRequest<z.infer<S>, X>> {
  type B = z.infer<S>;
  const { config, decider } = tether;
  const { json, raw } = await readJson(request, config.maxBodyBytes, config.bodyTimeoutMs);
  const head = validateJson(source.head ?? source.schema, json);
  let full: B | undefined = source.head === undefined ? (head as B) : undefined;
  const validated = (): B => {
    full ??= validateJson(source.schema, json) as B;
    return full;
  };
  let affinity = readRequestAffinity(
    request.headers,
    config,
    source.adoptPromptCacheKey ? (head as { prompt_cache_key?: string }) : undefined,
  );
  // The body's references (a Responses chain) may imply the affinity id: loaded before anything reads it.
  const prepared = source.prepare ? await source.prepare(validated(), request) : undefined;
  if (prepared?.affinityId !== undefined && affinity.scope.id === undefined && affinity.lifecycle.enabled)
    affinity = impliedAffinity(affinity, prepared, request.headers);
  const record = requestRecord(request);
  record.affinity = {
    scope: affinity.scope,
    enabled: affinity.lifecycle.enabled,
    ...(affinity.adoptedFrom === undefined ? {} : { adoptedFrom: affinity.adoptedFrom }),
  };
  const routing = readRoutingOverride(request.headers);
  const prefix = source.prefix;
  const { affinityId, cache } = requestCache(
    config,
    affinity,
    prefix && (() => prefix(validated())),
    validated,
  );
  const decision = await decider.decide({
    requestedModel: head.model,
    routing,
    intent: () => source.intent(validated()),
    validate: full === undefined ? () => void validated() : undefined,
    affinityId,
    tenant: affinity.scope.tenant,
    ttlSeconds: affinity.lifecycle.ttlSeconds,
    signal: request.signal,
    ...(cache === undefined ? {} : { cache }),
  });
  // Without an affinity id the decider never saw the prefix; the prefix-hash header still needs it.
  if (cache !== undefined && decision.cache === undefined)
    decision.cache = { prefixHash: cache.prefixHash, lineage: cache.lineage, implicit: false };
  tether.cache?.decided(decision);
  record.decision = decision;
  if (decision.affinityStatus === 'created') record.pin.push('created');
  else if (decision.pinned) record.pin.push('hit');
  return {
    get body() {
      return validated();
    },
    affinity,
    decision,
    ...(prepared === undefined ? {} : { prepared: prepared.extra }),
    upstreamBody(model, sameFormat) {
      // The validated body holds exactly the parsed members (the schemas only check, never
      // transform or strip), so the client's bytes stand for it either way.
      if (sameFormat && raw !== undefined) return fromRawJson<B>(raw, { model: model.upstreamModel });
      return { ...validated(), model: model.upstreamModel };
    },
  };
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
