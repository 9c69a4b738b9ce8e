import { InvalidAffinityOptionsError } from '../errors.ts';

export type { NearCacheStats } from '../types.ts';

/** `createRedisStore({ nearCache })`: the replica-local copy of pins kept coherent by Redis. */
export interface NearCacheOptions {
  /** Serve pins this replica created or read from memory, invalidated by Redis (`CLIENT TRACKING`). @default true */
  enabled?: boolean;
  /** Most pins held (least recently used dropped first). @default 100000 */
  maxEntries?: number;
  /** Called once when the near cache turns itself off (Cluster, a server without tracking), with why. */
  onDisabled?: (reason: string) => void;
}

export interface ResolvedNearCacheOptions {
  enabled: boolean;
  maxEntries: number;
  onDisabled: (reason: string) => void;
}

/** Applies defaults and rejects nonsense with `InvalidAffinityOptionsError`. */
export function resolveNearCacheOptions(options: NearCacheOptions | undefined): ResolvedNearCacheOptions {
  const maxEntries = options?.maxEntries ?? 100_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new InvalidAffinityOptionsError(
      `nearCache.maxEntries must be a whole number >= 1, got ${maxEntries}`,
    );
  }
  return { enabled: options?.enabled ?? true, maxEntries, onDisabled: options?.onDisabled ?? (() => {}) };
}
