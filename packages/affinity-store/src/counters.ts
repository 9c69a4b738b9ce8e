import type { AffinityStoreStats } from './types.ts';

/** The per-process counters every driver keeps; `stats()` adds the backend name and entry count. */
export type StoreCounters = Omit<AffinityStoreStats, 'backend' | 'entries' | 'commandsSent'>;

/** Fresh zeroed counters. */
export function newCounters(): StoreCounters {
  return {
    hits: 0,
    misses: 0,
    claims: 0,
    claimsLost: 0,
    evictions: 0,
    expirations: 0,
    sets: 0,
    renewals: 0,
    deletes: 0,
    released: 0,
    withdrawn: 0,
    repins: 0,
    errors: 0,
  };
}
