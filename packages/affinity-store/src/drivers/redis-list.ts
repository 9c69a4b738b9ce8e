import type { Redis } from 'ioredis';
import { decodeDecision } from '../codec.ts';
import { InvalidAffinityOptionsError } from '../errors.ts';
import type { ListedPin, ListPinsOptions, ListPinsResult } from '../types.ts';
import { ioredis } from './ioredis.ts';
import type { RedisClient } from './redis-connection.ts';

/** Runs one command with the store's readiness gate and timeout. */
export type SendCommand = <T>(op: string, command: () => Promise<T>) => Promise<T>;

/** SCAN rounds per page before returning a short page: bounds one call's latency on a sparse keyspace. */
const MAX_SCAN_ROUNDS = 16;

/** Escapes glob characters so a prefix like `app[1]:` matches itself only. */
function globEscape(prefix: string): string {
  return prefix.replace(/[*?[\]\\]/g, '\\$&');
}

/** The cursor `"<node>:<scan cursor>"` (node: index among cluster masters, 0 for a single server). */
function parseCursor(cursor: string | undefined): { node: number; scan: string } {
  if (cursor === undefined) return { node: 0, scan: '0' };
  const match = /^(\d+):(\d+)$/.exec(cursor);
  if (!match?.[1] || !match[2]) {
    throw new InvalidAffinityOptionsError('list cursor must come from a previous list call');
  }
  return { node: Number(match[1]), scan: match[2] };
}

/** GET + TTL of `keys`: one pipelined round trip on a single server; per key on a cluster (slots differ). */
async function readPins(
  client: RedisClient,
  keys: string[],
  prefix: string,
  send: SendCommand,
): Promise<ListedPin[]> {
  let replies: Array<[string | null, number]>;
  if (client instanceof ioredis().Cluster) {
    replies = await send('list', () =>
      Promise.all(
        keys.map(async (k) => [await client.get(k), await client.ttl(k)] as [string | null, number]),
      ),
    );
  } else {
    const pipeline = client.pipeline();
    for (const k of keys) pipeline.get(k).ttl(k);
    const results = (await send('list', () => pipeline.exec())) ?? [];
    replies = keys.map((_, i) => [results[2 * i]?.[1] as string | null, results[2 * i + 1]?.[1] as number]);
  }
  const pins: ListedPin[] = [];
  keys.forEach((k, i) => {
    const [value, ttl] = replies[i] ?? [null, -2];
    const decision = decodeDecision(value);
    // Expired between SCAN and GET (-2), or not a pin we wrote: leave it out.
    if (decision === null || ttl === -2) return;
    pins.push({
      key: k.slice(prefix.length),
      decision,
      ttlSeconds: ttl === -1 ? Number.POSITIVE_INFINITY : ttl,
    });
  });
  return pins;
}

/**
 * One page of pins under `prefix`: `SCAN MATCH prefix* COUNT limit` (repeated while the page is short),
 * then their values and TTLs. On a cluster every master is scanned in turn.
 */
export async function listRedisPins(
  client: RedisClient,
  prefix: string,
  opts: ListPinsOptions,
  send: SendCommand,
): Promise<ListPinsResult> {
  if (!Number.isInteger(opts.limit) || opts.limit <= 0) {
    throw new InvalidAffinityOptionsError(`limit must be a positive integer, got ${opts.limit}`);
  }
  const nodes: Redis[] | [RedisClient] =
    client instanceof ioredis().Cluster ? client.nodes('master') : [client];
  let { node, scan } = parseCursor(opts.cursor);
  const keys = new Set<string>();
  for (let round = 0; round < MAX_SCAN_ROUNDS && keys.size < opts.limit && node < nodes.length; round++) {
    const target = nodes[node] as Redis;
    const [next, found] = await send('list', () =>
      target.scan(scan, 'MATCH', `${globEscape(prefix)}*`, 'COUNT', opts.limit),
    );
    for (const k of found) keys.add(k);
    scan = next;
    if (scan === '0') node++;
  }
  const pins = keys.size === 0 ? [] : await readPins(client, [...keys], prefix, send);
  return { pins, cursor: node < nodes.length ? `${node}:${scan}` : null };
}
