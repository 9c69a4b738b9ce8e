import type { CacheInput } from '../affinity/decider.ts';
import type { RequestAffinity } from '../affinity/request-affinity.ts';
import type { ResolvedConfig } from '../config/types.ts';
import { estimateTokens, prefixKeys, type StablePrefix } from './prefix.ts';

/** The id prefix of implicit session keys, so they never collide with a client's own ids. */
export const IMPLICIT_ID_PREFIX = 'implicit:';

/** True when any feature needs the stable-prefix hash (hashing costs a pass over system and tools). */
export function prefixNeeded(config: ResolvedConfig): boolean {
  const a = config.routing.affinity;
  return (
    a.implicitSessions ||
    a.rerouteOnPrefixDrift ||
    a.switchCostUsd !== undefined ||
    config.promptCaching.prefixHashHeader
  );
}

/** The affinity id and cache facts a request is decided with. */
export interface RequestCache {
  /** The client's id, or the implicit key when implicit sessions apply; `undefined`: no affinity. */
  affinityId: string | undefined;
  cache: CacheInput | undefined;
}

/**
 * Works out a request's prompt-cache keys. Implicit sessions apply only without an affinity header
 * or adopted session id, with affinity not turned off (`x-tether-affinity: off`), and when the
 * request has a system prompt or a first user message to key on.
 */
export function requestCache(
  config: ResolvedConfig,
  affinity: RequestAffinity,
  prefix: (() => StablePrefix) | undefined,
  body: () => unknown,
): RequestCache {
  const explicitId = affinity.scope.id;
  // The prefix is hashed only when a cache feature needs it: hashing reads (and so validates) the
  // whole body, which a pinned request otherwise skips (the hot path stays proportional to need).
  if (prefix === undefined || !prefixNeeded(config)) return { affinityId: explicitId, cache: undefined };
  const keys = prefixKeys(prefix(), affinity.scope.tenant);
  if (keys === undefined) return { affinityId: explicitId, cache: undefined };
  const implicit =
    explicitId === undefined && config.routing.affinity.implicitSessions && affinity.lifecycle.enabled;
  // An explicit id is its own lineage: it names the conversation whatever its prefix.
  const lineage = explicitId === undefined ? keys.lineage : `id:${affinity.scope.tenant ?? ''}:${explicitId}`;
  return {
    affinityId: implicit ? `${IMPLICIT_ID_PREFIX}${keys.prefixHash}` : explicitId,
    cache: { prefixHash: keys.prefixHash, lineage, implicit, contextTokens: () => estimateTokens(body()) },
  };
}
