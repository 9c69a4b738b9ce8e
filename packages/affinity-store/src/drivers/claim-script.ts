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

/**
 * Compare-and-delete for `release`: KEYS[1] = key; ARGV = expected model, expected pinned_at.
 * Deletes only while the stored pin still names that model and time. Returns 1 when it deleted.
 */
export const RELEASE_SCRIPT = `local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local ok, d = pcall(cjson.decode, v)
if not ok or type(d) ~= 'table' then return 0 end
if d.model_name == ARGV[1] and d.pinned_at == tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0`;

/** SHA-1 of `RELEASE_SCRIPT`, for `EVALSHA`. */
export const RELEASE_SCRIPT_SHA = createHash('sha1').update(RELEASE_SCRIPT).digest('hex');
