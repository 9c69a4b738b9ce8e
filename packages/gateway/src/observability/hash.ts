import { createHash } from 'node:crypto';

/**
 * A stable, non-reversible stand-in for an affinity id in logs and spans: the first 16 hex digits
 * of SHA-256 over `tenant:id` (or `id`). Equal ids give equal hashes across replicas, so one
 * conversation can be followed without storing what a client put in its header.
 * @example hashAffinity('my-session') // '6e0f3c…' (16 hex digits)
 */
export function hashAffinity(id: string, tenant?: string): string {
  const input = tenant === undefined ? id : `${tenant}:${id}`;
  return createHash('sha256').update(input).digest('hex').slice(0, 16);
}
