import { createHash } from 'node:crypto';

/**
 * First-write-wins for servers older than Redis 7 (no `SET … NX GET`), in one round trip.
 * KEYS[1] = key; ARGV = value, ttl seconds, and optionally a corrupt value to replace.
 * Returns nil when it wrote `value`, otherwise the value already there.
 */
export const CLAIM_SCRIPT = `local old = redis.call('GET', KEYS[1])
if old == false or old == ARGV[3] then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return false
end
return old`;

/** SHA-1 of `CLAIM_SCRIPT`, for `EVALSHA`. */
export const CLAIM_SCRIPT_SHA = createHash('sha1').update(CLAIM_SCRIPT).digest('hex');
