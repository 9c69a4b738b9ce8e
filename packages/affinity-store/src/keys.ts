import { InvalidAffinityKeyError, InvalidAffinityOptionsError } from './errors.ts';
import type { AffinityKey } from './types.ts';

/** Prefix of every Redis key the store writes. @default 'tether:affinity:' */
export const DEFAULT_KEY_PREFIX = 'tether:affinity:';

/** Longest accepted affinity id or tenant, in bytes (printable ASCII, so bytes = characters). */
export const MAX_AFFINITY_KEY_BYTES = 256;

/** Why `part` is not a valid id/tenant, or `null` when it is. A loop beats a regex on this hot path. */
function problem(part: unknown, what: string, allowColon: boolean): string | null {
  if (typeof part !== 'string') return `${what} must be a string`;
  if (part.length === 0) return `${what} must not be empty`;
  if (part.length > MAX_AFFINITY_KEY_BYTES) {
    return `${what} is ${part.length} bytes long; the limit is ${MAX_AFFINITY_KEY_BYTES}`;
  }
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      return `${what} has a control or non-ASCII character at index ${i} (only printable ASCII 0x20-0x7E is allowed)`;
    }
    // A colon in a tenant would let tenant `a:b` + id `c` and tenant `a` + id `b:c` share one key.
    if (c === 0x3a && !allowColon)
      return `${what} must not contain ':' (it separates tenant and id in the key)`;
  }
  return null;
}

/**
 * Throws `InvalidAffinityKeyError` unless `id` is 1–256 bytes of printable ASCII (0x20–0x7E).
 * @example validateAffinityId(request.headers.get('x-model-affinity'))
 */
export function validateAffinityId(id: unknown): asserts id is string {
  const p = problem(id, 'affinity id', true);
  if (p) throw new InvalidAffinityKeyError(p);
}

/** Throws `InvalidAffinityKeyError` unless `tenant` is 1–256 bytes of printable ASCII without `:`. */
export function validateTenant(tenant: unknown): asserts tenant is string {
  const p = problem(tenant, 'tenant', false);
  if (p) throw new InvalidAffinityKeyError(p);
}

/**
 * Validates `key` and returns the backend key: `${prefix}${id}`, or `${prefix}${tenant}:${id}` when scoped.
 * Two tenants never share a key (a tenant cannot contain `:`). An unscoped id shares the namespace
 * with scoped ones (unscoped `acme:x` is tenant `acme`'s `x`), so always pass a tenant when any caller does.
 * @example formatKey({ id: 'my-session' }, 'tether:affinity:') // 'tether:affinity:my-session'
 */
export function formatKey(key: AffinityKey, prefix: string = DEFAULT_KEY_PREFIX): string {
  validateAffinityId(key.id);
  if (key.tenant === undefined) return prefix + key.id;
  validateTenant(key.tenant);
  return `${prefix}${key.tenant}:${key.id}`;
}

/** Checks a TTL in seconds: finite and > 0; fractions round up to whole seconds (Redis `EX` takes integers). */
export function normalizeTtl(ttlSeconds: number): number {
  if (typeof ttlSeconds !== 'number' || !Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new InvalidAffinityOptionsError(
      `ttlSeconds must be a finite number > 0, got ${String(ttlSeconds)}`,
    );
  }
  return Math.ceil(ttlSeconds);
}
