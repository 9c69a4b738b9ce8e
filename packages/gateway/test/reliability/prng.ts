/** A small seeded PRNG (mulberry32): the same seed always yields the same sequence, so a failing run replays. */
export interface Prng {
  /** The seed this generator started from (print it; `TETHER_FUZZ_SEED=<seed>` replays the run). */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

/** Creates a PRNG from a 32-bit seed. */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    seed: seed >>> 0,
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T,
    chance: (p) => next() < p,
  };
}

/**
 * The seed for this run: `TETHER_FUZZ_SEED` when set (replaying a failure), else a fresh random one.
 * @example const prng = createPrng(fuzzSeed()); console.log(`fuzz seed ${prng.seed}`);
 */
export function fuzzSeed(env: Record<string, string | undefined> = process.env): number {
  const given = env.TETHER_FUZZ_SEED;
  if (given !== undefined && given !== '') {
    const n = Number(given);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
      throw new Error(`TETHER_FUZZ_SEED: expected an integer 0-4294967295, got "${given}"`);
    return n;
  }
  return Math.floor(Math.random() * 0x100000000) >>> 0;
}
