import type { AffinityStoreStats } from '@tether/affinity-store';

/** Pin lifecycle events counted by this process's store, by the names docs/affinity.md uses. */
export interface LifecycleEvents {
  /** A routed request created a pin (`claims`). */
  pinned: number;
  /** A lookup found a pin (`hits`). */
  hit: number;
  /** `ttl_mode: sliding` renewed a pin (`renewals`). */
  renewed: number;
  /** `pin_until: done`: a response ended the trajectory (`released`). */
  released: number;
  /** A failover moved a pin to the model that served (`repins`). */
  repinned: number;
  /** The memory store dropped an expired pin (`expirations`; Redis expires keys itself). */
  expired: number;
  /** The request that created a pin failed, so its pin was withdrawn (`withdrawn`). */
  withdrawn: number;
}

/** The lifecycle view of a store's counters. */
export function lifecycleEvents(stats: AffinityStoreStats): LifecycleEvents {
  return {
    pinned: stats.claims,
    hit: stats.hits,
    renewed: stats.renewals,
    released: stats.released,
    repinned: stats.repins,
    expired: stats.expirations,
    withdrawn: stats.withdrawn,
  };
}
