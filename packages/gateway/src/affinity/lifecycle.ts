import type { AffinityKey, AffinityStore, Pin } from '@tether/affinity-store';
import type { ResolvedModel } from '../config/types.ts';
import type { Logger } from '../logger.ts';
import type { Decision } from './decider.ts';
import type { RequestLifecycle } from './lifecycle-options.ts';

/** What happens to a request's pin once the upstream has answered (or failed). */
export interface PinLifecycle {
  /** The decided model served: renew the pin when `ttl_mode: sliding` and it already existed. True when renewed. */
  served(): Promise<boolean>;
  /** Another model served after a failure: move the pin there (`source: 'failover'`). True when written. */
  repin(model: ResolvedModel): Promise<boolean>;
  /** Every candidate failed: withdraw the pin this request created, so a failed request never pins. True when withdrawn. */
  failed(): Promise<boolean>;
  /** The response ended the trajectory: release the pin when `pin_until: done`. True when released. */
  ended(): Promise<boolean>;
}

export interface PinLifecycleDeps {
  store: AffinityStore;
  logger: Logger;
  now: () => number;
}

const NOTHING: PinLifecycle = {
  served: async () => false,
  repin: async () => false,
  failed: async () => false,
  ended: async () => false,
};

/**
 * The after-response half of affinity for one request. Every store call fails open: a store error
 * is logged and the response goes on. Releases are compare-and-delete on the pin this request was
 * served under, so they never remove a pin another request or replica wrote in the meantime.
 */
export function pinLifecycle(
  deps: PinLifecycleDeps,
  decision: Decision,
  lifecycle: RequestLifecycle,
): PinLifecycle {
  const key: AffinityKey | undefined = decision.affinityKey;
  if (key === undefined || decision.affinityStatus === 'unavailable' || decision.affinityStatus === 'none')
    return NOTHING;
  let pin: Pin | undefined = decision.pin;
  /** Runs a store call; a failure is logged and reads as `false` (fail open). */
  const safely = async (what: string, fn: () => Promise<unknown>): Promise<boolean> => {
    try {
      return (await fn()) !== false;
    } catch (error) {
      deps.logger.warn(`affinity store unavailable; pin not ${what}`, { error: (error as Error).message });
      return false;
    }
  };

  return {
    async served() {
      // A pin created by this very request already carries a fresh TTL.
      if (lifecycle.ttlMode !== 'sliding' || decision.affinityStatus === 'created') return false;
      return await safely('renewed', () => deps.store.touch(key, lifecycle.ttlSeconds));
    },
    async repin(model) {
      const next: Pin = {
        model: model.name,
        route: decision.route,
        source: 'failover',
        pinnedAt: deps.now(),
      };
      // The moved pin still stands for the same prompt prefix (drift detection keeps working).
      if (decision.cache !== undefined) next.prefixHash = decision.cache.prefixHash;
      const written = await safely('re-pinned', () =>
        deps.store.set(key, next, { ttlSeconds: lifecycle.ttlSeconds }),
      );
      if (written) pin = next;
      return written;
    },
    async failed() {
      const mine = pin;
      if (decision.affinityStatus !== 'created' || mine === undefined) return false;
      return await safely('withdrawn', () => deps.store.release(key, mine, 'failed'));
    },
    async ended() {
      const current = pin;
      if (lifecycle.pinUntil !== 'done' || current === undefined) return false;
      return await safely('released', () => deps.store.release(key, current, 'done'));
    },
  };
}
