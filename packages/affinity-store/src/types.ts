/** Where a pinned decision came from. */
export type AffinitySource = 'router' | 'explicit' | 'failover';

/** A stored routing decision: the model an affinity id is pinned to. */
export interface Pin {
  /** The model that serves every request of this affinity id, e.g. `openai/gpt-4o`. */
  model: string;
  /** The routing preference that chose it, or `null` when none did (explicit pins, default model). */
  route: string | null;
  /** `router`: first routed request; `explicit`: an agent or operator asked; `failover`: re-pinned after an upstream failure. */
  source: AffinitySource;
  /** Unix epoch milliseconds at which the pin was made. */
  pinnedAt: number;
  /** Served requests counted against the pin (maintained by callers through `set`; optional). */
  requests?: number;
  /** Hash of the stable prompt prefix the pin was made for (prefix-drift detection; optional). */
  prefixHash?: string;
}

/** @deprecated The earlier name of `Pin` (easy to confuse with the gateway's per-request `Decision`). */
export type AffinityDecision = Pin;

/**
 * What `get` resolves: the decision, plus how this call got it. A driver without a near cache never
 * sets the extra field.
 */
export interface AffinityLookup extends Pin {
  /**
   * `true` only when the pin came from this replica's near cache because the backend could not be asked
   * (disconnected, timing out, or not yet revalidated after a reconnect). The gateway answers such a
   * request with `x-tether-affinity: cached`. Absent when the backend answered, or when a coherent
   * near-cache copy answered (Redis keeps those up to date). Never stored: `encodeDecision` ignores it.
   */
  cachedWhileUnavailable?: true;
}

/** Identifies a pin: the affinity id, optionally scoped by a tenant. */
export interface AffinityKey {
  /** The client-chosen affinity id (`X-Model-Affinity`): 1–256 bytes of printable ASCII. */
  id: string;
  /** Optional tenant scope: the same id under two tenants is two pins. */
  tenant?: string;
}

/** Why a pin is released: its trajectory ended (`done`), or the request that created it failed (`failed`). */
export type ReleaseReason = 'done' | 'failed';

export interface WriteOptions {
  /** Lifetime of the pin in seconds (> 0). */
  ttlSeconds: number;
}

export interface ClaimResult {
  /** The decision now stored: the caller's own when `created`, otherwise the one that was there first. */
  decision: Pin;
  /** True when this call created the pin; false when another caller (or replica) pinned first. */
  created: boolean;
}

export interface AffinityStoreStats {
  /** Backend name: `memory` or `redis`. */
  backend: string;
  /** Live entries, when the backend can tell cheaply (memory); `null` otherwise. */
  entries: number | null;
  /** `get` calls that found a pin. */
  hits: number;
  /** `get` calls that found none (or an expired one). */
  misses: number;
  /** `claim` calls that created a pin. */
  claims: number;
  /** `claim` calls that lost to an existing pin. */
  claimsLost: number;
  /** Entries dropped to honour `maxEntries` (memory) — not TTL expiry. */
  evictions: number;
  /** Entries found expired and removed (memory). */
  expirations: number;
  /** `set` calls (explicit pins, failover re-pins). */
  sets: number;
  /** `touch` calls that renewed an existing pin (sliding TTL). */
  renewals: number;
  /** `delete` calls that removed a pin (admin release). */
  deletes: number;
  /** `release(…, 'done')` calls that removed a pin: its trajectory ended (`pin_until: done`). */
  released: number;
  /** `release(…, 'failed')` calls that removed a pin: the request that created it failed. */
  withdrawn: number;
  /** `set` calls with `source: 'failover'`: a pin moved to the model that served after a failure. */
  repins: number;
  /** Calls that failed with `AffinityStoreUnavailableError`. */
  errors: number;
  /**
   * Commands sent to the backend (Redis: one per round trip, including the one-off `EVAL` after a
   * `NOSCRIPT`); divide by calls for "round trips per request". Absent on backends without a wire.
   */
  commandsSent?: number;
  /** The Redis driver's near cache (absent on other backends). */
  nearCache?: NearCacheStats;
}

/** What `stats().nearCache` reports. Counters are per process, since the store was created. */
export interface NearCacheStats {
  /** False when configured off or when it turned itself off (`disabledReason` says why). */
  enabled: boolean;
  /** Why it is off, `null` while on. */
  disabledReason: string | null;
  /** True while Redis reports every change under the prefix to this replica. */
  coherent: boolean;
  entries: number;
  maxEntries: number;
  /** `get` calls answered from memory without Redis (coherent copies). */
  hits: number;
  /** `get` calls that had to ask Redis (no copy, or one that needed revalidation). */
  misses: number;
  /** `get` calls answered from memory because Redis could not be asked (`x-tether-affinity: cached`). */
  servedUnavailable: number;
  /** Keys Redis reported changed (a flush counts once). */
  invalidations: number;
  /** Copies checked against Redis after a reconnect or flush (invalidations may have been missed). */
  revalidations: number;
  /** Pins written back with `SET NX` after Redis lost them (or a claim that failed during an outage). */
  reseeds: number;
  /** `touch` calls answered without `EXPIRE` (renewals coalesced to one per tenth of the TTL). */
  renewalsCoalesced: number;
  /** Copies dropped to honour `maxEntries`. */
  evictions: number;
}

/** Paging options of `AffinityStore.list`. */
export interface ListPinsOptions {
  /** Most pins returned by this call (the backend may return fewer and still have more). */
  limit: number;
  /** Where to continue: the `cursor` of the previous page; omit to start. */
  cursor?: string;
}

/** One live pin as `list` reports it. */
export interface ListedPin {
  /** The stored key without the backend prefix: `id`, or `tenant:id` when scoped. */
  key: string;
  decision: Pin;
  /** Whole seconds left, `Infinity` when it never expires. */
  ttlSeconds: number;
}

/** A page of pins. */
export interface ListPinsResult {
  pins: ListedPin[];
  /** Pass to the next call; `null` when the listing is complete. */
  cursor: string | null;
}

/** Options of `AffinityStore.get`. */
export interface ReadOptions {
  /** Read without counting a hit or miss (an operator looking, not a request routing). @default false */
  peek?: boolean;
}

/**
 * A store of model-affinity pins. All members are async so drivers can be remote.
 * Every failure of the backend surfaces as `AffinityStoreUnavailableError`, so callers can fail open.
 */
export interface AffinityStore {
  /** Backend name, e.g. `memory` or `redis`. */
  readonly backend: string;
  /**
   * The pinned decision, or `null`. An expired entry is never returned. With the Redis near cache, a
   * pin this replica holds may answer while Redis is unreachable, marked `cachedWhileUnavailable`.
   * With `peek: true` (admin and MCP reads) the read is not a lookup: `hits`/`misses` are not counted
   * and the memory driver's LRU order is left alone.
   */
  get(key: AffinityKey, options?: ReadOptions): Promise<AffinityLookup | null>;
  /**
   * Atomic first-write-wins: creates the pin unless one exists. Under concurrent claims of one key
   * (across processes on Redis) exactly one caller gets `created: true`; all get the stored decision.
   * One round trip on Redis.
   */
  claim(key: AffinityKey, decision: Pin, options: WriteOptions): Promise<ClaimResult>;
  /** Overwrites the pin (explicit pin, failover re-pin) and resets its TTL. */
  set(key: AffinityKey, decision: Pin, options: WriteOptions): Promise<void>;
  /** Resets the TTL of an existing pin (sliding TTL). Resolves `false` when there was no pin. */
  touch(key: AffinityKey, ttlSeconds: number): Promise<boolean>;
  /** Removes the pin. Resolves `true` when one existed. */
  delete(key: AffinityKey): Promise<boolean>;
  /**
   * Removes the pin only while it still holds `expected` (same `model` and `pinnedAt`), atomically
   * (one round trip on Redis), so ending a trajectory or withdrawing a failed request's claim never
   * removes a pin that another request or replica wrote since. Resolves `true` when it removed one.
   * Counted as `released` (`'done'`) or `withdrawn` (`'failed'`).
   */
  release(key: AffinityKey, expected: Pin, reason: ReleaseReason): Promise<boolean>;
  /**
   * Whole seconds left before the pin expires, or `null` when there is no pin. `Infinity` when the
   * pin never expires (a Redis key written without `EX` by someone else).
   */
  ttl(key: AffinityKey): Promise<number | null>;
  /**
   * Pages through live pins (dashboards, debugging), in no particular order. A pin written or
   * removed during a listing may or may not appear; none appears twice within one page. Optional:
   * a backend that cannot enumerate (or a decorator) leaves it out. Redis: `SCAN` + one pipelined
   * `GET`/`TTL` round trip per page, never `KEYS`.
   */
  list?(options: ListPinsOptions): Promise<ListPinsResult>;
  /** Counters since creation (per process). */
  stats(): Promise<AffinityStoreStats>;
  /** Checks the backend answers (PING on Redis). Resolves false instead of throwing. */
  ping(): Promise<boolean>;
  /** Releases timers and connections. The store must not be used afterwards. */
  close(): Promise<void>;
}
