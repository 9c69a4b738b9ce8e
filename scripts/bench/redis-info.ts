/** Reads `INFO` sections from a bench Redis through `redis-cli` (never the machine's own 6379). */
import type { RedisServerHandle } from '@tether/testing';

/** `INFO <section>` as a field → value map. */
export async function redisInfo(redis: RedisServerHandle, section: string): Promise<Map<string, string>> {
  const raw = await redis.cli('INFO', section);
  const fields = new Map<string, string>();
  for (const line of raw.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) fields.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  return fields;
}

/** A numeric `INFO` field, 0 when absent. */
export function infoNumber(fields: Map<string, string>, name: string): number {
  return Number(fields.get(name) ?? 0);
}

/** `INFO commandstats` as command → calls. */
export async function commandCalls(redis: RedisServerHandle): Promise<Map<string, number>> {
  const calls = new Map<string, number>();
  for (const [field, value] of await redisInfo(redis, 'commandstats')) {
    const m = /^cmdstat_(.+)$/.exec(field);
    const n = /calls=(\d+)/.exec(value);
    if (m?.[1] && n?.[1]) calls.set(m[1], Number(n[1]));
  }
  return calls;
}

/** Per-command call counts in `after` minus `before`, divided by `per`, zero counts and `ignore` left out. */
export function commandDelta(
  before: Map<string, number>,
  after: Map<string, number>,
  per: number,
  ignore: readonly string[] = ['info'],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [cmd, n] of [...after].sort(([a], [b]) => a.localeCompare(b))) {
    const d = n - (before.get(cmd) ?? 0);
    if (d > 0 && !ignore.includes(cmd)) out[cmd] = d / per;
  }
  return out;
}
