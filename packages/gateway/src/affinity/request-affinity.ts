import type { ResolvedConfig } from '../config/types.ts';
import { type AdoptedSession, adoptSessionId } from './adopt-session.ts';
import { type AffinityScope, readAffinityScope } from './headers.ts';
import { type RequestLifecycle, readRequestLifecycle } from './lifecycle-options.ts';

/** Everything affinity-related one request asks for, read once at the top of a handler. */
export interface RequestAffinity {
  /** `id` is absent without a header, with `x-tether-affinity: off`, or when nothing was adopted. */
  scope: AffinityScope;
  lifecycle: RequestLifecycle;
  /** Set when the id was adopted from an agent's own session header or `prompt_cache_key`. */
  adoptedFrom?: AdoptedSession['source'];
}

/** 1–256 printable ASCII, the same rule `X-Model-Affinity` follows. */
function isValidId(id: string): boolean {
  return id.length >= 1 && id.length <= 256 && /^[\x20-\x7e]+$/.test(id);
}

/**
 * Reads the affinity id, tenant and lifecycle of a request. An explicit `X-Model-Affinity` /
 * `X-Session-Id` always wins; only without one, and only with `adopt_session_headers: true`, is an
 * agent's session id adopted. An adopted id that is not valid as an affinity id is ignored (the
 * agent did not ask for affinity, so its request must not fail), while a bad explicit id is a 400.
 */
export function readRequestAffinity(
  headers: Headers,
  config: ResolvedConfig,
  body?: { prompt_cache_key?: string | undefined },
): RequestAffinity {
  const settings = config.routing.affinity;
  const lifecycle = readRequestLifecycle(headers, settings, config.routing.sessionTtlSeconds);
  const scope = readAffinityScope(headers, config.routing.sessionCache.tenantHeader);
  if (!lifecycle.enabled) return { scope: { id: undefined, tenant: scope.tenant }, lifecycle };
  if (scope.id !== undefined || !settings.adoptSessionHeaders) return { scope, lifecycle };
  const adopted = adoptSessionId(headers, body?.prompt_cache_key);
  if (adopted === undefined || !isValidId(adopted.id)) return { scope, lifecycle };
  return { scope: { id: adopted.id, tenant: scope.tenant }, lifecycle, adoptedFrom: adopted.source };
}
