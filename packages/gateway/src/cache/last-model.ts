/** What a conversation was last served by, remembered after its pin is gone. */
export interface LastServed {
  model: string;
  route: string | null;
  prefixHash: string;
  /** Epoch milliseconds of the last response. */
  at: number;
}

/** The per-replica memory behind the cache-regret gate and implicit drift detection. */
export interface LastModelMemory {
  get(lineage: string): LastServed | undefined;
  set(lineage: string, served: LastServed): void;
  readonly size: number;
}

/**
 * Beyond an hour every provider's prompt cache has gone cold (OpenAI keeps prefixes minutes to an
 * hour, Anthropic 5 minutes or 1 hour), so there is no regret left to weigh.
 */
export const LAST_MODEL_TTL_MS = 3_600_000;

/**
 * A bounded LRU of the model that last served each conversation lineage: at most `maxEntries`
 * (the least recently written dropped first), each forgotten after `ttlMs`. In-process on purpose:
 * the gate is an optimisation, and a replica that never saw a conversation simply does not gate it.
 */
export function createLastModelMemory(
  maxEntries: number,
  now: () => number = Date.now,
  ttlMs = LAST_MODEL_TTL_MS,
): LastModelMemory {
  const entries = new Map<string, LastServed>();
  return {
    get(lineage) {
      const entry = entries.get(lineage);
      if (entry === undefined) return undefined;
      if (now() - entry.at > ttlMs) {
        entries.delete(lineage);
        return undefined;
      }
      return entry;
    },
    set(lineage, served) {
      entries.delete(lineage);
      entries.set(lineage, served);
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
