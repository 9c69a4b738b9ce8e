import type { Redis } from 'ioredis';
import { decodeDecision, encodeDecision } from '../codec.ts';
import type { StoreCounters } from '../counters.ts';
import { AffinityStoreUnavailableError } from '../errors.ts';
import { formatKey, normalizeTtl } from '../keys.ts';
import type { AffinityLookup, AffinityStore, Pin } from '../types.ts';
import { NearCache, type NearEntry, UNCONFIRMED } from './near-cache.ts';
import type { NearCacheStats, ResolvedNearCacheOptions } from './near-cache-options.ts';
import { createTracking, type Tracking } from './redis-tracking.ts';

/** A pin Redis keeps without expiry (written by hand) is held at most this long between confirmations. */
const NO_EXPIRY_HOLD_MS = 3_600_000;
/** Copies checked per pipelined batch during a revalidation pass. */
const SWEEP_BATCH = 256;

/** What the Redis driver lends the near cache. */
export interface NearCacheDeps {
  /** The store without a near cache: every write goes through it (one place for claims and scripts). */
  base: AffinityStore;
  /** A standalone or Sentinel client; `null` on Cluster (the near cache is then off). */
  client: Redis | null;
  prefix: string;
  counters: StoreCounters;
  options: ResolvedNearCacheOptions;
  setupTimeoutMs: number;
  /** One command: readiness gate, round-trip count, timeout. */
  send<T>(op: string, command: () => Promise<T>): Promise<T>;
  /** Maps any failure to `AffinityStoreUnavailableError` (no counting). */
  fail(op: string, error: unknown): AffinityStoreUnavailableError;
  /** `SET key value NX EX ttl GET` (or the Lua claim): `null` when created, else the value there. */
  claimRaw(key: string, value: string, ttl: number): Promise<string | null>;
  now: () => number;
  /** Why the near cache is off from the start (Cluster), if it is. */
  offReason?: string;
}

type Pair = [string | null, number];

/**
 * Wraps the Redis store with a replica-local copy of pins kept coherent by Redis's own invalidations
 * (see `createTracking` for the mode). Coherent copies answer `get` without Redis; copies that may
 * have missed an invalidation are revalidated before they are trusted, and answer only when Redis
 * cannot be asked (`cachedWhileUnavailable`). After Redis lost its data (the epoch key changed), a
 * copy whose key is gone is written back with the atomic claim, so every replica agrees on it.
 */
export function withNearCache(deps: NearCacheDeps): AffinityStore & { nearCacheStats(): NearCacheStats } {
  const { base, client, prefix, counters, options, send, fail, claimRaw, now } = deps;
  const cache = new NearCache(options.maxEntries, now);
  // The bare prefix: an empty id is invalid, so no pin can ever live there, and `~prefix*` ACLs cover it.
  const epochKey = prefix;
  const stats = {
    hits: 0,
    misses: 0,
    servedUnavailable: 0,
    revalidations: 0,
    reseeds: 0,
    renewalsCoalesced: 0,
  };
  let disabledReason: string | null = options.enabled
    ? (deps.offReason ?? null)
    : 'disabled in configuration';
  let knownEpoch: string | undefined;
  let epochCheck: { gen: number; result: Promise<boolean> } | undefined;

  const disable = (reason: string): void => {
    if (disabledReason !== null) return;
    disabledReason = reason;
    cache.clear();
    options.onDisabled(reason);
  };
  if (options.enabled && deps.offReason !== undefined) options.onDisabled(deps.offReason);

  let tracking: Tracking | undefined;
  if (disabledReason === null && client !== null) {
    tracking = createTracking(client, prefix, deps.setupTimeoutMs, {
      onInvalidate: (keys) => {
        for (const key of keys) cache.invalidate(key);
      },
      onFlush: () => {
        cache.taintInflight();
        void sweep();
      },
      onCoherent: () => void sweep(),
      onDisabled: disable,
    });
    const t = tracking;
    if (client.status === 'ready') t.start();
    else client.once('ready', () => t.start());
  }
  const off = (): boolean => disabledReason !== null || tracking === undefined;
  const gen = (): number => tracking?.gen ?? 0;
  const coherent = (): boolean => tracking?.coherent === true;
  const trusted = (e: NearEntry): boolean => coherent() && e.gen === gen();

  const getWithTtl = (key: string): Promise<Pair> =>
    send('get', async () => {
      const replies = (await (client as Redis).pipeline().get(key).pttl(key).exec()) ?? [];
      const [get, pttl] = replies;
      if (get?.[0]) throw get[0];
      // A PTTL the server refuses (an ACL from before the near cache) leaves the TTL unknown: not cached.
      return [(get?.[1] as string | null) ?? null, pttl?.[0] ? Number.NaN : Number(pttl?.[1])];
    });

  /** Runs a Redis operation on `key`, telling whether its reply may be trusted as coherent. */
  const tracked = async <T>(key: string, op: () => Promise<T>): Promise<{ result: T; gen: number }> => {
    const g = gen();
    const wasCoherent = coherent();
    cache.begin(key);
    let tainted = true;
    try {
      const result = await op();
      tainted = cache.end(key);
      return { result, gen: wasCoherent && coherent() && gen() === g && !tainted ? g : UNCONFIRMED };
    } catch (error) {
      if (tainted) cache.end(key);
      throw error;
    }
  };

  const remember = (key: string, value: string, decision: Pin, expiresAt: number, g: number) =>
    cache.put(key, { value, decision, expiresAt, gen: g });

  /** Reads `key` from Redis (value and TTL in one round trip) and keeps the copy. */
  const fetch = async (key: string): Promise<Pin | null> => {
    const sentAt = now();
    const { result, gen: g } = await tracked(key, () => getWithTtl(key));
    const [raw, pttl] = result;
    const decision = decodeDecision(raw);
    if (raw === null || decision === null || pttl === -2 || Number.isNaN(pttl)) {
      cache.delete(key);
      return decision;
    }
    remember(key, raw, decision, sentAt + (pttl > 0 ? pttl : NO_EXPIRY_HOLD_MS), g);
    return decision;
  };

  /** True when Redis lost its data since this replica last looked (the epoch key is new or gone). */
  const dataLost = (): Promise<boolean> => {
    if (epochCheck?.gen === gen()) return epochCheck.result;
    const result = send('epoch', async () => {
      const fresh = `${now()}-${Math.random().toString(36).slice(2)}`;
      const replies =
        (await (client as Redis).pipeline().set(epochKey, fresh, 'NX').get(epochKey).exec()) ?? [];
      for (const [error] of replies) if (error) throw error;
      const current = (replies[1]?.[1] as string | null) ?? undefined;
      const lost = knownEpoch !== undefined && current !== knownEpoch;
      knownEpoch = current;
      return lost;
    });
    const check = { gen: gen(), result };
    epochCheck = check;
    result.catch(() => {
      if (epochCheck === check) epochCheck = undefined;
    });
    return result;
  };

  /** Writes a copy back with the atomic claim; when another replica was first, adopts its value. */
  const reseed = async (key: string, e: NearEntry): Promise<Pin | null> => {
    const ttl = Math.floor((e.expiresAt - now()) / 1000);
    if (ttl < 1) {
      cache.delete(key);
      return null;
    }
    const { result: old, gen: g } = await tracked(key, () => claimRaw(key, e.value, ttl));
    if (old !== null) return await fetch(key);
    stats.reseeds++;
    remember(key, e.value, e.decision, e.expiresAt, g);
    return e.decision;
  };

  /** Checks a copy that may have missed an invalidation against Redis. */
  const revalidate = async (key: string, e: NearEntry): Promise<Pin | null> => {
    stats.revalidations++;
    if (e.pendingClaim) return await reseed(key, e);
    const sentAt = now();
    const { result, gen: g } = await tracked(key, () => getWithTtl(key));
    const [raw, pttl] = result;
    if (raw === null) {
      if (await dataLost()) return await reseed(key, e);
      cache.delete(key);
      return null;
    }
    const decision = raw === e.value ? e.decision : decodeDecision(raw);
    if (decision === null || pttl === -2 || Number.isNaN(pttl)) {
      cache.delete(key);
      return decision;
    }
    remember(key, raw, decision, sentAt + (pttl > 0 ? pttl : NO_EXPIRY_HOLD_MS), g);
    if (raw === e.value && e.pendingRenewal !== undefined) {
      const ttl = e.pendingRenewal;
      await send('touch', () => (client as Redis).expire(key, ttl)).then(
        (n) => {
          const fresh = cache.get(key);
          if (n === 1 && fresh !== undefined)
            fresh.expiresAt = Math.max(fresh.expiresAt, sentAt + ttl * 1000);
        },
        () => {},
      );
    }
    return decision;
  };

  let sweeping: Promise<void> | undefined;
  /** A revalidation pass over every copy not confirmed in the current generation. */
  const sweep = (): Promise<void> => {
    const run = async (): Promise<void> => {
      const g = gen();
      await dataLost().catch(() => false);
      const keys = cache.staleKeys(g);
      for (let i = 0; i < keys.length && gen() === g && !off(); i += SWEEP_BATCH) {
        await Promise.all(
          keys.slice(i, i + SWEEP_BATCH).map(async (key) => {
            const e = cache.get(key);
            if (e !== undefined && e.gen !== g) await revalidate(key, e).catch(() => null);
          }),
        );
      }
    };
    const next = (sweeping ?? Promise.resolve()).then(run, run);
    sweeping = next;
    return next;
  };

  const copy = (d: Pin): Pin => ({ ...d });

  return {
    backend: base.backend,
    async get(key, options): Promise<AffinityLookup | null> {
      // A peek (admin and MCP reads) asks Redis itself: it is not a lookup, and it must show the truth.
      if (off() || options?.peek === true) return await base.get(key, options);
      const k = formatKey(key, prefix);
      const e = cache.get(k);
      if (e !== undefined && trusted(e)) {
        stats.hits++;
        counters.hits++;
        return copy(e.decision);
      }
      stats.misses++;
      let decision: Pin | null;
      try {
        decision = e === undefined ? await fetch(k) : await revalidate(k, e);
      } catch (error) {
        // Redis cannot be asked: a copy this replica holds keeps the loop on its model.
        const fallback = cache.get(k);
        if (fallback === undefined) {
          counters.errors++;
          throw fail('get', error);
        }
        stats.servedUnavailable++;
        counters.hits++;
        return { ...copy(fallback.decision), cachedWhileUnavailable: true };
      }
      if (decision === null) counters.misses++;
      else counters.hits++;
      return decision && copy(decision);
    },
    async claim(key, decision, writeOptions) {
      if (off()) return await base.claim(key, decision, writeOptions);
      const k = formatKey(key, prefix);
      const ttl = normalizeTtl(writeOptions.ttlSeconds);
      const sentAt = now();
      try {
        const { result, gen: g } = await tracked(k, () => base.claim(key, decision, writeOptions));
        if (result.created) remember(k, encodeDecision(decision), copy(decision), sentAt + ttl * 1000, g);
        else cache.delete(k); // the winner's TTL is unknown here; the next get reads it with its TTL
        return result;
      } catch (error) {
        const e = cache.get(k);
        if (e !== undefined) e.gen = UNCONFIRMED;
        else if (AffinityStoreUnavailableError.isInstance(error)) {
          // Kept as a fallback and claimed for real when Redis answers again.
          const value = encodeDecision(decision);
          cache.put(k, {
            value,
            decision: copy(decision),
            expiresAt: sentAt + ttl * 1000,
            gen: UNCONFIRMED,
            pendingClaim: true,
          });
        }
        throw error;
      }
    },
    async set(key, decision, writeOptions) {
      if (off()) return await base.set(key, decision, writeOptions);
      const k = formatKey(key, prefix);
      const ttl = normalizeTtl(writeOptions.ttlSeconds);
      const sentAt = now();
      try {
        const { gen: g } = await tracked(k, () => base.set(key, decision, writeOptions));
        remember(k, encodeDecision(decision), copy(decision), sentAt + ttl * 1000, g);
      } catch (error) {
        // The write may have landed (a timeout after execution): the old copy is a fallback only.
        const e = cache.get(k);
        if (e !== undefined) e.gen = UNCONFIRMED;
        throw error;
      }
    },
    async touch(key, ttlSeconds) {
      if (off()) return await base.touch(key, ttlSeconds);
      const k = formatKey(key, prefix);
      const ttlMs = normalizeTtl(ttlSeconds) * 1000;
      const e = cache.get(k);
      const sentAt = now();
      // Coalesced: Redis already keeps the pin for 90% of the asked TTL, so this renewal can wait.
      if (e !== undefined && trusted(e) && e.expiresAt >= sentAt + ttlMs * 0.9) {
        stats.renewalsCoalesced++;
        counters.renewals++;
        return true;
      }
      try {
        const { result: renewed } = await tracked(k, () => base.touch(key, ttlSeconds));
        const fresh = cache.get(k);
        if (!renewed) cache.delete(k);
        else if (fresh !== undefined) fresh.expiresAt = Math.max(fresh.expiresAt, sentAt + ttlMs);
        return renewed;
      } catch (error) {
        if (e !== undefined) e.pendingRenewal = ttlMs / 1000;
        throw error;
      }
    },
    async delete(key) {
      if (off()) return await base.delete(key);
      const k = formatKey(key, prefix);
      cache.delete(k);
      try {
        return (await tracked(k, () => base.delete(key))).result;
      } finally {
        cache.delete(k);
      }
    },
    async release(key, expected, reason) {
      if (off()) return await base.release(key, expected, reason);
      const k = formatKey(key, prefix);
      try {
        return (await tracked(k, () => base.release(key, expected, reason))).result;
      } finally {
        cache.delete(k);
      }
    },
    ttl: (key) => base.ttl(key),
    ...(base.list ? { list: base.list.bind(base) } : {}),
    async stats() {
      return { ...(await base.stats()), nearCache: this.nearCacheStats() };
    },
    nearCacheStats(): NearCacheStats {
      return {
        enabled: disabledReason === null,
        disabledReason,
        coherent: coherent(),
        entries: cache.size,
        maxEntries: options.maxEntries,
        invalidations: tracking?.invalidations ?? 0,
        evictions: cache.evictions,
        ...stats,
      };
    },
    ping: () => base.ping(),
    async close() {
      tracking?.close();
      cache.clear();
      await base.close();
    },
  };
}
