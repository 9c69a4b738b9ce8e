import { itemKey, type ResponseStore, recordKey, type StoredResponse } from './types.ts';

export interface MemoryResponseStoreOptions {
  /** Lifetime of a record. @default 3600 */
  ttlSeconds?: number;
  /** Records kept before the least recently used is evicted. @default 1000 */
  maxEntries?: number;
  /** Total JSON size kept before the least recently used records are evicted. @default 67108864 (64 MiB) */
  maxBytes?: number;
  /** Epoch milliseconds. @default Date.now */
  now?: () => number;
}

interface Entry {
  json: string;
  expiresAt: number;
}

/**
 * Stored responses in this process: LRU bounded by entries and bytes, expiring after `ttlSeconds`
 * (checked on read, so no timer). Records are kept as JSON so a caller can never mutate one in place
 * and its size is known exactly.
 */
export function createMemoryResponseStore(options: MemoryResponseStoreOptions = {}): ResponseStore {
  const ttlMs = (options.ttlSeconds ?? 3600) * 1000;
  const maxEntries = options.maxEntries ?? 1000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let bytes = 0;

  const remove = (key: string): boolean => {
    const entry = entries.get(key);
    if (!entry) return false;
    bytes -= entry.json.length;
    entries.delete(key);
    return true;
  };

  const read = (key: string): string | null => {
    const entry = entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= now()) {
      remove(key);
      return null;
    }
    // Re-insert: Map order is the LRU order.
    entries.delete(key);
    entries.set(key, entry);
    return entry.json;
  };
  const write = (key: string, json: string): void => {
    remove(key);
    // A record larger than the whole budget is not kept (its chain then gets a clear 400).
    if (json.length > maxBytes) return;
    entries.set(key, { json, expiresAt: now() + ttlMs });
    bytes += json.length;
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries && bytes <= maxBytes) break;
      remove(oldest);
    }
  };

  return {
    backend: 'memory',
    async get(id, tenant) {
      const json = read(recordKey(id, tenant));
      return json === null ? null : (JSON.parse(json) as StoredResponse);
    },
    async set(id, record, tenant) {
      write(recordKey(id, tenant), JSON.stringify(record));
    },
    async setItemOwner(itemIds, responseId, tenant) {
      for (const itemId of itemIds) write(itemKey(itemId, tenant), responseId);
    },
    async itemOwner(itemId, tenant) {
      return read(itemKey(itemId, tenant));
    },
    async delete(id, tenant) {
      return remove(recordKey(id, tenant));
    },
    async close() {
      entries.clear();
      bytes = 0;
    },
  };
}
