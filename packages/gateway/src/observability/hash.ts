import { createHash } from 'node:crypto';

// Agent loops send the same id turn after turn and the request hooks, the store decorator and the
// log line each ask for its hash: remember recent ones instead of hashing 2–3 times per request.
const MEMO_LIMIT = 4096;
const memo = new Map<string, string>();

/**
 * A stable, non-reversible stand-in for an affinity id in logs and spans: the first 16 hex digits
 * of SHA-256 over `tenant:id` (or `id`). Equal ids give equal hashes across replicas, so one
 * conversation can be followed without storing what a client put in its header.
 * @example hashAffinity('my-session') // '6e0f3c…' (16 hex digits)
 */
export function hashAffinity(id: string, tenant?: string): string {
  const input = tenant === undefined ? id : `${tenant}:${id}`;
  const known = memo.get(input);
  if (known !== undefined) return known;
  const hashed = createHash('sha256').update(input).digest('hex').slice(0, 16);
  // Bounded: a flood of distinct ids only costs a periodic clear, never unbounded memory.
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(input, hashed);
  return hashed;
}
