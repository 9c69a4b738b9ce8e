import type { AffinitySource, Pin } from './types.ts';

/**
 * The stored JSON of a pin. Snake case, so `redis-cli GET tether:affinity:<id>` reads plainly:
 * `{"model_name":"openai/gpt-4o","route_name":"code","source":"router","pinned_at":1732230000000}`.
 */
export interface StoredDecision {
  model_name: string;
  route_name: string | null;
  source: AffinitySource;
  pinned_at: number;
  requests?: number;
  prefix_hash?: string;
}

const SOURCES: ReadonlySet<string> = new Set<AffinitySource>(['router', 'explicit', 'failover']);

/** Serialises a decision to the stored JSON. */
export function encodeDecision(decision: Pin): string {
  const stored: StoredDecision = {
    model_name: decision.model,
    route_name: decision.route,
    source: decision.source,
    pinned_at: decision.pinnedAt,
  };
  if (decision.requests !== undefined) stored.requests = decision.requests;
  if (decision.prefixHash !== undefined) stored.prefix_hash = decision.prefixHash;
  return JSON.stringify(stored);
}

/**
 * Parses a stored value, or returns `null` when it is not a pin this package wrote (bad JSON, missing
 * or mistyped fields). Callers treat `null` as a miss: a corrupt pin must never route a request or throw.
 */
export function decodeDecision(raw: string | null | undefined): Pin | null {
  if (!raw) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const model = v.model_name;
  const route = v.route_name ?? null;
  const source = v.source;
  const pinnedAt = v.pinned_at;
  const requests = v.requests;
  if (typeof model !== 'string' || model.length === 0) return null;
  if (route !== null && typeof route !== 'string') return null;
  if (typeof source !== 'string' || !SOURCES.has(source)) return null;
  if (typeof pinnedAt !== 'number' || !Number.isFinite(pinnedAt)) return null;
  const decision: Pin = { model, route, source: source as AffinitySource, pinnedAt };
  if (requests !== undefined) {
    if (typeof requests !== 'number' || !Number.isInteger(requests) || requests < 0) return null;
    decision.requests = requests;
  }
  // An unreadable prefix hash only disables the drift check; the pin itself is still good.
  if (typeof v.prefix_hash === 'string') decision.prefixHash = v.prefix_hash;
  return decision;
}
