import { createRequire } from 'node:module';
import type * as IORedis from 'ioredis';
import type { Cluster, Redis, RedisOptions } from 'ioredis';

// ioredis loads only when a Redis response store is made (a memory-only gateway never loads it);
// `createRequire` does that synchronously the same way on Bun, Deno and Node.
const load = (): typeof IORedis => createRequire(import.meta.url)('ioredis') as typeof IORedis;

import {
  itemKey,
  type ResponseStore,
  ResponseStoreUnavailableError,
  recordKey,
  type StoredResponse,
} from './types.ts';

export interface RedisResponseStoreOptions {
  /** `redis://…`; or `sentinels` + `sentinelName`; or `cluster` seed nodes. */
  url?: string;
  sentinels?: { host: string; port: number }[];
  sentinelName?: string;
  cluster?: { host: string; port: number }[];
  username?: string;
  password?: string;
  /** Prefix of every key. @default 'tether:responses:' */
  keyPrefix?: string;
  /** Lifetime of a record (Redis `EX`). @default 3600 */
  ttlSeconds?: number;
  /** Longest wait for one command before the call fails. @default 1000 */
  commandTimeoutMs?: number;
  /** Longest wait for the first connection. @default 500 */
  connectTimeoutMs?: number;
  /** A record whose JSON is larger is not stored (its chain then gets a clear 400). @default 16777216 (16 MiB) */
  maxRecordBytes?: number;
}

function makeClient(opts: RedisResponseStoreOptions, connectTimeoutMs: number): Redis | Cluster {
  const common: RedisOptions = {
    lazyConnect: true,
    // Fail fast while disconnected instead of queueing: the caller answers 503 or fails open.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: connectTimeoutMs,
    disableClientInfo: true,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), 1000),
    ...(opts.username ? { username: opts.username } : {}),
    ...(opts.password ? { password: opts.password } : {}),
  };
  if (opts.cluster) {
    const { retryStrategy: _r, enableOfflineQueue: _e, ...redisOptions } = common;
    return new (load().Cluster)(opts.cluster, { lazyConnect: true, enableOfflineQueue: false, redisOptions });
  }
  if (opts.sentinels)
    return new (load().Redis)({ ...common, sentinels: opts.sentinels, name: opts.sentinelName });
  return new (load().Redis)(opts.url ?? 'redis://127.0.0.1:6379', common);
}

/**
 * Stored responses in Redis, shared by every replica: one string key per response with `EX`
 * `ttlSeconds`. Its own ioredis client (the same connection settings as `session_cache`), so the pin
 * store's driver stays independent. Every failure rejects with `ResponseStoreUnavailableError` within
 * `connectTimeoutMs` + `commandTimeoutMs`; the message never carries the password.
 */
export function createRedisResponseStore(opts: RedisResponseStoreOptions): ResponseStore {
  const prefix = opts.keyPrefix ?? 'tether:responses:';
  const ttlSeconds = opts.ttlSeconds ?? 3600;
  const commandTimeoutMs = opts.commandTimeoutMs ?? 1000;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 500;
  const maxRecordBytes = opts.maxRecordBytes ?? 16 * 1024 * 1024;
  const client = makeClient(opts, connectTimeoutMs);
  // Without a listener ioredis prints every connection error; failures reach callers instead.
  client.on('error', () => {});
  let closed = false;

  const ready = async (): Promise<void> => {
    if (client.status === 'ready') return;
    if (client.status === 'wait') client.connect().catch(() => undefined);
    else if (client.status !== 'connecting' && client.status !== 'connect')
      throw new ResponseStoreUnavailableError(`Redis response store: not connected (${client.status})`);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.off('ready', onReady);
        reject(
          new ResponseStoreUnavailableError(
            `Redis response store: no connection within ${connectTimeoutMs} ms`,
          ),
        );
      }, connectTimeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      client.once('ready', onReady);
    });
  };

  const run = async <T>(op: string, command: () => Promise<T>): Promise<T> => {
    if (closed) throw new ResponseStoreUnavailableError('Redis response store: closed');
    try {
      await ready();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new ResponseStoreUnavailableError(
                `Redis response store: ${op} got no reply within ${commandTimeoutMs} ms`,
              ),
            ),
          commandTimeoutMs,
        );
      });
      try {
        return await Promise.race([command(), timeout]);
      } finally {
        clearTimeout(timer);
      }
    } catch (error) {
      if (ResponseStoreUnavailableError.isInstance(error)) throw error;
      // ioredis messages name hosts, never passwords; still keep only the first line.
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new ResponseStoreUnavailableError(`Redis response store: ${op} failed: ${message}`, {
        cause: error,
      });
    }
  };

  const key = (id: string, tenant: string | undefined) => prefix + recordKey(id, tenant);
  return {
    backend: 'redis',
    async get(id, tenant) {
      const json = await run('GET', () => client.get(key(id, tenant)));
      return json === null ? null : (JSON.parse(json) as StoredResponse);
    },
    async set(id, record, tenant) {
      const json = JSON.stringify(record);
      if (json.length > maxRecordBytes) return;
      await run('SET', () => client.set(key(id, tenant), json, 'EX', ttlSeconds));
    },
    async setItemOwner(itemIds, responseId, tenant) {
      if (itemIds.length === 0) return;
      await run('SET', async () => {
        const batch = client.multi();
        for (const itemId of itemIds)
          batch.set(prefix + itemKey(itemId, tenant), responseId, 'EX', ttlSeconds);
        await batch.exec();
      });
    },
    async itemOwner(itemId, tenant) {
      return await run('GET', () => client.get(prefix + itemKey(itemId, tenant)));
    },
    async delete(id, tenant) {
      return (await run('DEL', () => client.del(key(id, tenant)))) > 0;
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.quit().catch(() => client.disconnect());
    },
  };
}
