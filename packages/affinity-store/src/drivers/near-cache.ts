import type { Pin } from '../types.ts';

/** One pin held in a replica's memory. */
export interface NearEntry {
  /** The stored JSON exactly as Redis holds it (compared byte for byte on revalidation). */
  value: string;
  decision: Pin;
  /** Epoch ms at which the pin expires in Redis, as far as this replica knows; never later. */
  expiresAt: number;
  /**
   * The tracking generation that last confirmed the entry against Redis. Only an entry of the current
   * generation, while tracking is on, is served without asking Redis; any other is a fallback.
   */
  gen: number;
  /** A claim that never reached Redis (it failed during an outage): re-claimed with `SET NX` on return. */
  pendingClaim?: true;
  /** A renewal (seconds) that failed: applied with `EXPIRE` when Redis returns. */
  pendingRenewal?: number;
}

/** Generation of entries that were never confirmed (pending claims, reads raced by an invalidation). */
export const UNCONFIRMED = -1;

/**
 * An LRU map of pins bounded by `maxEntries`, plus in-flight markers: an invalidation that arrives
 * while a read or write of the same key is on the wire marks it, so the reply (which may predate the
 * write that caused the invalidation) is kept only as an unconfirmed fallback.
 */
export class NearCache {
  private readonly entries = new Map<string, NearEntry>();
  private readonly inflight = new Map<string, { n: number; invalidated: boolean }>();
  /** Entries dropped to honour `maxEntries`. */
  evictions = 0;

  constructor(
    readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The live entry (refreshing its recency), or `undefined`; an expired one is removed. */
  get(key: string): NearEntry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  put(key: string, entry: NearEntry): void {
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return;
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
      this.evictions++;
    }
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Keys whose entry is not of generation `gen` (the ones a revalidation pass must check). */
  staleKeys(gen: number): string[] {
    const out: string[] = [];
    for (const [key, entry] of this.entries) if (entry.gen !== gen) out.push(key);
    return out;
  }

  /** An invalidation for `key`: drop the copy and taint any operation on the wire. */
  invalidate(key: string): void {
    this.entries.delete(key);
    const mark = this.inflight.get(key);
    if (mark !== undefined) mark.invalidated = true;
  }

  /** A flush: every operation on the wire is tainted (entries are kept for revalidation). */
  taintInflight(): void {
    for (const mark of this.inflight.values()) mark.invalidated = true;
  }

  /** Marks an operation on `key` as started; call `end` with the result when its reply arrived. */
  begin(key: string): void {
    const mark = this.inflight.get(key);
    if (mark === undefined) this.inflight.set(key, { n: 1, invalidated: false });
    else mark.n++;
  }

  /** Ends an operation; true when an invalidation of `key` arrived while it was on the wire. */
  end(key: string): boolean {
    const mark = this.inflight.get(key);
    if (mark === undefined) return true;
    const invalidated = mark.invalidated;
    if (--mark.n === 0) this.inflight.delete(key);
    return invalidated;
  }
}
