import type { Cluster, Redis, RedisOptions } from 'ioredis';
import { decodeDecision, encodeDecision } from '../codec.ts';
import { newCounters } from '../counters.ts';
import { AffinityStoreUnavailableError, InvalidAffinityOptionsError } from '../errors.ts';
import { DEFAULT_KEY_PREFIX, formatKey, normalizeTtl } from '../keys.ts';
import type {
  AffinityKey,
  AffinityStore,
  AffinityStoreStats,
  ClaimResult,
  ListPinsOptions,
  ListPinsResult,
  Pin,
  ReadOptions,
  ReleaseReason,
  WriteOptions,
} from '../types.ts';
import { CLAIM_SCRIPT, CLAIM_SCRIPT_SHA, RELEASE_SCRIPT, RELEASE_SCRIPT_SHA } from './claim-script.ts';
import { assertIoredisInstalled, ioredis } from './ioredis.ts';
import { type NearCacheOptions, resolveNearCacheOptions } from './near-cache-options.ts';
import {
  type RedisClient,
  readinessGate,
  reconnectDelay,
  unavailable,
  withTimeout,
} from './redis-connection.ts';
import { listRedisPins } from './redis-list.ts';
import { withNearCache } from './redis-near.ts';

export type { NearCacheOptions } from './near-cache-options.ts';

// ioredis is an optional peer: importing this entry without it fails here, naming the package.
assertIoredisInstalled();

export interface RedisNode {
  host: string;
  port: number;
}

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). */
  url?: string;
  /** Sentinel addresses; use with `sentinelName`. */
  sentinels?: RedisNode[];
  /** The master group name the sentinels watch. @default 'mymaster' */
  sentinelName?: string;
  /** Cluster seed nodes. */
  cluster?: RedisNode[];
  /** Bring your own ioredis client. The store does not close it, and it keeps its own options. */
  client?: Redis | Cluster;
  /** Extra ioredis options (password, tls, db, …) for clients the store creates; ours win on conflicts that matter. */
  redisOptions?: RedisOptions;
  /** @default 'tether:affinity:' */
  keyPrefix?: string;
  /** A command with no reply by then fails with `AffinityStoreUnavailableError`. @default 250 */
  commandTimeoutMs?: number;
  /** How long the first call waits for the lazy connection (also the TCP connect timeout). @default 2000 */
  connectTimeoutMs?: number;
  /** Longest wait between reconnect attempts; reconnection never stops. @default 1000 */
  maxReconnectDelayMs?: number;
  /** Batch commands issued in the same tick into one write (ioredis auto-pipelining). @default false */
  autoPipelining?: boolean;
  /** Claim with the Lua script even on Redis ≥ 7 (tests; servers that reject `SET NX GET`). @default false */
  forceLua?: boolean;
  /**
   * A replica-local copy of pins kept coherent by Redis (`CLIENT TRACKING` BCAST on `keyPrefix`,
   * invalidations on a second connection): pinned lookups skip Redis, and keep answering while Redis is
   * unreachable. Turns itself off on Cluster and on servers without tracking. @default { enabled: true, maxEntries: 100000 }
   */
  nearCache?: NearCacheOptions;
}

/** The Redis driver: an `AffinityStore` plus the underlying client (for metrics or `MEMORY USAGE`). */
export interface RedisAffinityStore extends AffinityStore {
  readonly backend: 'redis';
  readonly client: Redis | Cluster;
}

function passwordOf(url: string | undefined): string[] {
  if (url === undefined) return [];
  try {
    const u = new URL(url);
    return [decodeURIComponent(u.password), decodeURIComponent(u.username)].filter((s) => s.length > 0);
  } catch {
    return [];
  }
}

function makeClient(opts: RedisStoreOptions, connectTimeoutMs: number, capMs: number): RedisClient {
  const sources = [opts.url, opts.sentinels, opts.cluster, opts.client].filter((s) => s !== undefined).length;
  if (sources !== 1) {
    throw new InvalidAffinityOptionsError(
      'createRedisStore needs exactly one of url, sentinels, cluster or client',
    );
  }
  if (opts.client) return opts.client;
  const retry = (times: number): number => reconnectDelay(times, capMs);
  const common: RedisOptions = {
    ...opts.redisOptions,
    lazyConnect: true,
    // Fail fast while disconnected; `readinessGate` covers the very first connection.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    connectTimeout: connectTimeoutMs,
    // Finds dead peers on idle connections; socketTimeout drops a connection whose replies stopped coming.
    keepAlive: 10_000,
    socketTimeout: opts.redisOptions?.socketTimeout ?? 5_000,
    disableClientInfo: true,
    enableAutoPipelining: opts.autoPipelining ?? false,
    // After a failover the old master answers READONLY: reconnect so DNS/sentinel lead us to the new one.
    reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 1 : false),
    retryStrategy: retry,
    sentinelRetryStrategy: retry,
  };
  if (opts.cluster) {
    const { retryStrategy: _r, enableOfflineQueue: _e, sentinelRetryStrategy: _s, ...redisOptions } = common;
    return new (ioredis().Cluster)(opts.cluster, {
      lazyConnect: true,
      enableOfflineQueue: false,
      enableAutoPipelining: opts.autoPipelining ?? false,
      clusterRetryStrategy: retry,
      redisOptions,
    });
  }
  if (opts.sentinels) {
    return new (ioredis().Redis)({
      ...common,
      sentinels: opts.sentinels,
      name: opts.sentinelName ?? 'mymaster',
    });
  }
  return new (ioredis().Redis)(opts.url as string, common);
}

const asString = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * A store shared by every gateway replica. Connects on the first call, reconnects forever (capped backoff),
 * and turns every backend failure into `AffinityStoreUnavailableError` within `commandTimeoutMs`.
 * @example const store = createRedisStore({ url: process.env.REDIS_URL });
 */
export function createRedisStore(opts: RedisStoreOptions): RedisAffinityStore {
  const prefix = opts.keyPrefix ?? DEFAULT_KEY_PREFIX;
  const commandTimeoutMs = opts.commandTimeoutMs ?? 250;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 2_000;
  for (const [name, v] of [
    ['commandTimeoutMs', commandTimeoutMs],
    ['connectTimeoutMs', connectTimeoutMs],
  ] as const) {
    if (!Number.isFinite(v) || v <= 0) throw new InvalidAffinityOptionsError(`${name} must be > 0, got ${v}`);
  }
  const nearOptions = resolveNearCacheOptions(opts.nearCache);
  const client = makeClient(opts, connectTimeoutMs, opts.maxReconnectDelayMs ?? 1_000);
  const owned = opts.client === undefined;
  const secrets = [...passwordOf(opts.url), opts.redisOptions?.password ?? ''].filter((s) => s.length > 0);
  // Without a listener ioredis prints every connection error to stderr; failures reach callers instead.
  const onError = (): void => {};
  client.on('error', onError);
  const ready = readinessGate(client, connectTimeoutMs);
  const counters = newCounters();
  let commandsSent = 0;
  let useLua = opts.forceLua ?? false;
  let closed = false;

  /** One command: readiness, round-trip count, timeout. */
  const send = async <T>(op: string, command: () => Promise<T>): Promise<T> => {
    if (closed) throw new AffinityStoreUnavailableError('Redis affinity store: the store is closed');
    if (client.status !== 'ready') await ready();
    commandsSent++;
    return await withTimeout(command(), commandTimeoutMs, op);
  };
  /** One store call: maps every failure to `AffinityStoreUnavailableError` and counts it. */
  const call = async <T>(op: string, body: () => Promise<T>): Promise<T> => {
    try {
      return await body();
    } catch (error) {
      counters.errors++;
      throw unavailable(op, error, secrets);
    }
  };

  const evalClaim = async (
    key: string,
    value: string,
    ttl: number,
    replace?: string,
  ): Promise<string | null> => {
    const args = replace === undefined ? [value, ttl] : [value, ttl, replace];
    try {
      return asString(await send('claim', () => client.evalsha(CLAIM_SCRIPT_SHA, 1, key, ...args)));
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
      return asString(await send('claim', () => client.eval(CLAIM_SCRIPT, 1, key, ...args)));
    }
  };
  /** Creates the pin unless one exists; `null` when created, else the value already there. */
  const claimRaw = async (
    key: string,
    value: string,
    ttl: number,
    replace?: string,
  ): Promise<string | null> => {
    if (!useLua && replace === undefined) {
      try {
        return asString(await send('claim', () => client.call('SET', key, value, 'NX', 'EX', ttl, 'GET')));
      } catch (error) {
        // Redis < 7 rejects NX together with GET: switch to the script for good.
        if (!(error instanceof Error && /syntax error/i.test(error.message))) throw error;
        useLua = true;
      }
    }
    return await evalClaim(key, value, ttl, replace);
  };

  const base: RedisAffinityStore = {
    backend: 'redis',
    client,
    async get(key: AffinityKey, options?: ReadOptions): Promise<Pin | null> {
      const k = formatKey(key, prefix);
      // A corrupt value (not JSON we wrote) reads as a miss: it must not route a request or fail it.
      const decision = decodeDecision(await call('get', () => send('get', () => client.get(k))));
      if (options?.peek === true) return decision;
      if (decision === null) counters.misses++;
      else counters.hits++;
      return decision;
    },
    async claim(key: AffinityKey, decision: Pin, options: WriteOptions): Promise<ClaimResult> {
      const k = formatKey(key, prefix);
      const ttl = normalizeTtl(options.ttlSeconds);
      const value = encodeDecision(decision);
      return await call('claim', async () => {
        let old = await claimRaw(k, value, ttl);
        // A corrupt value is replaced atomically, only if it is still the same corrupt value.
        if (old !== null && decodeDecision(old) === null) old = await claimRaw(k, value, ttl, old);
        if (old === null) {
          counters.claims++;
          return { decision: { ...decision }, created: true };
        }
        const existing = decodeDecision(old);
        if (existing === null)
          throw new AffinityStoreUnavailableError('Redis affinity store: pin is corrupt');
        counters.claimsLost++;
        return { decision: existing, created: false };
      });
    },
    async set(key: AffinityKey, decision: Pin, options: WriteOptions): Promise<void> {
      const k = formatKey(key, prefix);
      const ttl = normalizeTtl(options.ttlSeconds);
      const value = encodeDecision(decision);
      await call('set', () => send('set', () => client.set(k, value, 'EX', ttl)));
      counters.sets++;
      if (decision.source === 'failover') counters.repins++;
    },
    async touch(key: AffinityKey, ttlSeconds: number): Promise<boolean> {
      const k = formatKey(key, prefix);
      const ttl = normalizeTtl(ttlSeconds);
      const renewed = (await call('touch', () => send('touch', () => client.expire(k, ttl)))) === 1;
      if (renewed) counters.renewals++;
      return renewed;
    },
    async delete(key: AffinityKey): Promise<boolean> {
      const k = formatKey(key, prefix);
      const removed = (await call('delete', () => send('delete', () => client.del(k)))) > 0;
      if (removed) counters.deletes++;
      return removed;
    },
    async release(key: AffinityKey, expected: Pin, reason: ReleaseReason): Promise<boolean> {
      const k = formatKey(key, prefix);
      const args = [expected.model, String(expected.pinnedAt)];
      const removed = await call('release', async () => {
        try {
          return await send('release', () => client.evalsha(RELEASE_SCRIPT_SHA, 1, k, ...args));
        } catch (error) {
          if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
          return await send('release', () => client.eval(RELEASE_SCRIPT, 1, k, ...args));
        }
      });
      if (removed !== 1) return false;
      if (reason === 'done') counters.released++;
      else counters.withdrawn++;
      return true;
    },
    async ttl(key: AffinityKey): Promise<number | null> {
      const k = formatKey(key, prefix);
      const seconds = await call('ttl', () => send('ttl', () => client.ttl(k)));
      if (seconds === -2) return null;
      return seconds === -1 ? Number.POSITIVE_INFINITY : seconds;
    },
    async list(options: ListPinsOptions): Promise<ListPinsResult> {
      return await call('list', () => listRedisPins(client, prefix, options, send));
    },
    async stats(): Promise<AffinityStoreStats> {
      return { backend: 'redis', entries: null, ...counters, commandsSent };
    },
    async ping(): Promise<boolean> {
      try {
        return (await send('ping', () => client.ping())) === 'PONG';
      } catch {
        return false;
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      if (!owned) {
        client.off('error', onError);
        return;
      }
      if (client.status === 'ready') {
        // QUIT lets in-flight replies arrive; bounded, since a hung server never answers it.
        await withTimeout(client.quit(), commandTimeoutMs, 'quit').catch(() => {});
      }
      client.disconnect();
    },
  };
  const isCluster = client instanceof ioredis().Cluster;
  const near = withNearCache({
    base,
    client: isCluster ? null : client,
    prefix,
    counters,
    options: nearOptions,
    setupTimeoutMs: connectTimeoutMs,
    send,
    fail: (op, error) => unavailable(op, error, secrets),
    claimRaw: (key, value, ttl) => claimRaw(key, value, ttl),
    now: Date.now,
    ...(isCluster
      ? {
          offReason:
            'Redis Cluster: CLIENT TRACKING redirects only within one node, and this driver keeps one invalidation connection',
        }
      : {}),
  });
  return Object.assign(near, { backend: 'redis' as const, client });
}
