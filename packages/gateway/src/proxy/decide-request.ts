import type { z } from 'zod';
import { type RequestAffinity, readRequestAffinity } from '../affinity/request-affinity.ts';
import type { Decision } from '../affinity/resolve.ts';
import { readJsonBody } from '../http/body.ts';
import type { GatewayContext } from '../http/context.ts';
import { requestRecord } from '../http/request-state.ts';
import { readRoutingOverride } from '../routing/routing-header.ts';
import type { IntentMessage } from '../routing/types.ts';

/** How one wire protocol's request feeds the decider. */
export interface DecisionSource<S extends z.ZodType<{ model?: string | undefined }>> {
  /** Validates the JSON body; its issues become 400s naming the field. */
  schema: S;
  /** The conversation the router classifies (system prompts and tool results left out). */
  intent: (body: z.infer<S>) => IntentMessage[];
  /** The body's `prompt_cache_key`, when the protocol has one, may be adopted as the affinity id. */
  adoptPromptCacheKey?: boolean;
}

export interface DecidedRequest<B> {
  body: B;
  affinity: RequestAffinity;
  decision: Decision;
}

/**
 * The common head of every decision endpoint (proxy and routing-only, OpenAI and Anthropic): read the
 * body within `max_body_bytes` and `body_timeout_ms`, read the affinity headers, then decide. Keeping it
 * in one place is what guarantees the routing endpoints read and create pins exactly as the proxy does.
 * The affinity scope, the decision and the pin outcome (`created`, `hit`) go on the request's record.
 */
export async function decideRequest<S extends z.ZodType<{ model?: string | undefined }>>(
  tether: GatewayContext,
  request: Request,
  source: DecisionSource<S>,
): Promise<DecidedRequest<z.infer<S>>> {
  const { config, decider } = tether;
  const body = await readJsonBody(request, config.maxBodyBytes, source.schema, config.bodyTimeoutMs);
  const affinity = readRequestAffinity(
    request.headers,
    config,
    source.adoptPromptCacheKey ? (body as { prompt_cache_key?: string }) : undefined,
  );
  const record = requestRecord(request);
  record.affinity = {
    scope: affinity.scope,
    enabled: affinity.lifecycle.enabled,
    ...(affinity.adoptedFrom === undefined ? {} : { adoptedFrom: affinity.adoptedFrom }),
  };
  const routing = readRoutingOverride(request.headers);
  const decision = await decider.decide({
    requestedModel: body.model,
    routing,
    intent: () => source.intent(body),
    affinityId: affinity.scope.id,
    tenant: affinity.scope.tenant,
    ttlSeconds: affinity.lifecycle.ttlSeconds,
    signal: request.signal,
  });
  record.decision = decision;
  if (decision.affinityStatus === 'created') record.pin.push('created');
  else if (decision.pinned) record.pin.push('hit');
  return { body, affinity, decision };
}
