import { Redis } from 'ioredis';

/**
 * An ioredis client for inspecting pins. It gives up fast (the outage phase expects errors) and
 * keeps reconnecting quietly instead of logging every refused connection.
 */
export function connectRedis(url: string): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 2000,
    retryStrategy: () => 200,
  });
  client.on('error', () => {});
  return client;
}

/** The URL without its password, for printing: `redis://:***@host:6380/0`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(unparseable URL)';
  }
}

/** Deletes every key matching `pattern` (SCAN, never KEYS, so a big keyspace is not blocked). */
export async function deleteMatching(client: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await client.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

/** Counts keys matching `pattern` with SCAN. */
export async function countMatching(client: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let count = 0;
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    count += keys.length;
  } while (cursor !== '0');
  return count;
}
