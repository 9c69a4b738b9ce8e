/**
 * A bounded map whose entries expire: least recently used entries go first once `maxEntries` is
 * reached, and an entry older than `ttlMs` reads as absent (and is dropped when met). A `Map`
 * keeps insertion order, so re-inserting on access makes its first key the least recently used.
 * Used for stored Responses and for the prompt-cache model; memory is bounded by `maxEntries`.
 */
export class LruTtlMap<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    /** The clock, in ms; tests pass a fake one to step over the TTL without waiting. */
    private readonly now: () => number = Date.now,
  ) {}

  /** The value, or `undefined` when absent or expired. A hit counts as a use (LRU order) but doesn't extend the TTL. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Whether a live entry exists, without counting as a use. */
  has(key: string): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.expiresAt > this.now();
  }

  /**
   * Stores a value for `ttlMs` (or the given TTL) from now, replacing and refreshing an existing
   * one, evicting the least recently used entry when full.
   */
  set(key: string, value: V, ttlMs = this.ttlMs): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  /** Removes an entry; true when a live one was there. */
  delete(key: string): boolean {
    const live = this.has(key);
    this.entries.delete(key);
    return live;
  }

  /** Entries held, including expired ones not yet met. */
  get size(): number {
    return this.entries.size;
  }
}
