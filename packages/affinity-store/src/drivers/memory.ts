import { newCounters } from '../counters.ts';
import { AffinityStoreUnavailableError, InvalidAffinityOptionsError } from '../errors.ts';
import { formatKey, normalizeTtl } from '../keys.ts';
import type {
  AffinityKey,
  AffinitySource,
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

export interface MemoryStoreOptions {
  /** Most pins held; the least recently used one is evicted beyond it. No hard cap (1,000,000 works). @default 10000 */
  maxEntries?: number;
  /** How often a background sweep removes expired pins (the timer is `unref()`'d); `0` turns it off. @default 1000 */
  sweepIntervalMs?: number;
  /** Entries examined per sweep tick, so a sweep over 1,000,000 pins never stalls the event loop. @default 20000 */
  sweepBatch?: number;
  /** Clock in epoch milliseconds; inject one in tests. @default Date.now */
  now?: () => number;
}

/** The memory driver: an `AffinityStore` plus a manual sweep and the raw entry count. */
export interface MemoryAffinityStore extends AffinityStore {
  readonly backend: 'memory';
  /** Entries held, including expired ones the sweep has not reached yet. */
  readonly size: number;
  /** Examines up to `limit` entries (continuing where the last sweep stopped) and removes expired ones. Returns how many. */
  sweep(limit?: number): number;
}

/** One pin, flat: a single small object per entry (no nested decision) keeps 1M pins cheap. */
class Entry {
  constructor(
    readonly model: string,
    readonly route: string | null,
    readonly source: AffinitySource,
    readonly pinnedAt: number,
    readonly requests: number | undefined,
    public expiresAt: number,
    readonly prefixHash: string | undefined,
  ) {}

  static of(d: Pin, expiresAt: number): Entry {
    return new Entry(d.model, d.route, d.source, d.pinnedAt, d.requests, expiresAt, d.prefixHash);
  }

  /** A fresh object each time, so a caller mutating it cannot change the stored pin. */
  decision(): Pin {
    const d: Pin = {
      model: this.model,
      route: this.route,
      source: this.source,
      pinnedAt: this.pinnedAt,
    };
    if (this.requests !== undefined) d.requests = this.requests;
    if (this.prefixHash !== undefined) d.prefixHash = this.prefixHash;
    return d;
  }
}

function positiveInt(value: number | undefined, fallback: number, name: string, allowZero = false): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 0 || (v === 0 && !allowZero)) {
    throw new InvalidAffinityOptionsError(
      `${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${v}`,
    );
  }
  return v;
}

/**
 * An in-process store: TTL plus LRU bounded by `maxEntries`, O(1) per call. A `Map` is the LRU list
 * (insertion order; an access re-inserts the key at the end). Pins are per process: replicas do not share them.
 * @example const store = createMemoryStore({ maxEntries: 100_000 });
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryAffinityStore {
  const maxEntries = positiveInt(options.maxEntries, 10_000, 'maxEntries');
  const sweepIntervalMs = positiveInt(options.sweepIntervalMs, 1_000, 'sweepIntervalMs', true);
  const sweepBatch = positiveInt(options.sweepBatch, 20_000, 'sweepBatch');
  const now = options.now ?? Date.now;
  // Keys carry no prefix here: nothing else shares this Map, and an unscoped id is then stored as is.
  const map = new Map<string, Entry>();
  const counters = newCounters();
  let cursor: MapIterator<[string, Entry]> | undefined;
  let closed = false;

  const open = (): void => {
    if (closed) throw new AffinityStoreUnavailableError('the memory affinity store is closed');
  };
  /** The live entry for `k`, removing it if expired. */
  const live = (k: string): Entry | undefined => {
    const e = map.get(k);
    if (e === undefined) return undefined;
    if (e.expiresAt <= now()) {
      map.delete(k);
      counters.expirations++;
      return undefined;
    }
    return e;
  };
  /** (Re)inserts at the most-recently-used end and evicts the least recently used beyond `maxEntries`. */
  const put = (k: string, e: Entry): void => {
    map.delete(k);
    map.set(k, e);
    if (map.size <= maxEntries) return;
    const oldest = map.keys().next();
    if (oldest.done) return;
    const victim = map.get(oldest.value);
    map.delete(oldest.value);
    if (victim !== undefined && victim.expiresAt <= now()) counters.expirations++;
    else counters.evictions++;
  };
  const sweep = (limit = sweepBatch): number => {
    const t = now();
    let removed = 0;
    cursor ??= map.entries();
    for (let i = 0; i < limit; i++) {
      const next = cursor.next();
      if (next.done) {
        cursor = undefined;
        break;
      }
      const [k, e] = next.value;
      if (e.expiresAt <= t) {
        map.delete(k);
        counters.expirations++;
        removed++;
      }
    }
    return removed;
  };
  const timer = sweepIntervalMs > 0 ? setInterval(() => sweep(), sweepIntervalMs) : undefined;
  timer?.unref();

  return {
    backend: 'memory',
    get size() {
      return map.size;
    },
    sweep,
    async get(key: AffinityKey, options?: ReadOptions): Promise<Pin | null> {
      const k = formatKey(key, '');
      open();
      const e = live(k);
      if (options?.peek === true) return e === undefined ? null : e.decision();
      if (e === undefined) {
        counters.misses++;
        return null;
      }
      counters.hits++;
      put(k, e);
      return e.decision();
    },
    async claim(key: AffinityKey, decision: Pin, opts: WriteOptions): Promise<ClaimResult> {
      const k = formatKey(key, '');
      const ttl = normalizeTtl(opts.ttlSeconds);
      open();
      const existing = live(k);
      if (existing !== undefined) {
        counters.claimsLost++;
        put(k, existing);
        return { decision: existing.decision(), created: false };
      }
      const e = Entry.of(decision, now() + ttl * 1000);
      put(k, e);
      counters.claims++;
      return { decision: e.decision(), created: true };
    },
    async set(key: AffinityKey, decision: Pin, opts: WriteOptions): Promise<void> {
      const k = formatKey(key, '');
      const ttl = normalizeTtl(opts.ttlSeconds);
      open();
      put(k, Entry.of(decision, now() + ttl * 1000));
      counters.sets++;
      if (decision.source === 'failover') counters.repins++;
    },
    async touch(key: AffinityKey, ttlSeconds: number): Promise<boolean> {
      const k = formatKey(key, '');
      const ttl = normalizeTtl(ttlSeconds);
      open();
      const e = live(k);
      if (e === undefined) return false;
      e.expiresAt = now() + ttl * 1000;
      put(k, e);
      counters.renewals++;
      return true;
    },
    async delete(key: AffinityKey): Promise<boolean> {
      const k = formatKey(key, '');
      open();
      const existed = live(k) !== undefined;
      map.delete(k);
      if (existed) counters.deletes++;
      return existed;
    },
    async release(key: AffinityKey, expected: Pin, reason: ReleaseReason): Promise<boolean> {
      const k = formatKey(key, '');
      open();
      const e = live(k);
      if (e === undefined || e.model !== expected.model || e.pinnedAt !== expected.pinnedAt) return false;
      map.delete(k);
      if (reason === 'done') counters.released++;
      else counters.withdrawn++;
      return true;
    },
    async ttl(key: AffinityKey): Promise<number | null> {
      const k = formatKey(key, '');
      open();
      const e = live(k);
      return e === undefined ? null : Math.ceil((e.expiresAt - now()) / 1000);
    },
    async list(opts: ListPinsOptions): Promise<ListPinsResult> {
      open();
      const limit = positiveInt(opts.limit, 1, 'limit');
      // The cursor is an offset into the Map: cheap, and good enough for paging a live view (a get
      // moves a pin to the end, so a page boundary can skip or repeat a pin that was used meanwhile).
      const start = opts.cursor === undefined ? 0 : Number(opts.cursor);
      if (!Number.isInteger(start) || start < 0) {
        throw new InvalidAffinityOptionsError('list cursor must come from a previous list call');
      }
      const t = now();
      const pins: ListPinsResult['pins'] = [];
      let index = 0;
      for (const [key, e] of map) {
        if (index++ < start) continue;
        if (e.expiresAt > t) {
          pins.push({ key, decision: e.decision(), ttlSeconds: Math.ceil((e.expiresAt - t) / 1000) });
        }
        if (index - start >= limit) break;
      }
      return { pins, cursor: index < map.size ? String(index) : null };
    },
    async stats(): Promise<AffinityStoreStats> {
      return { backend: 'memory', entries: map.size, ...counters };
    },
    async ping(): Promise<boolean> {
      return !closed;
    },
    async close(): Promise<void> {
      closed = true;
      if (timer !== undefined) clearInterval(timer);
      cursor = undefined;
      map.clear();
    },
  };
}
