/** Heap and resident set size after a full garbage collection, in MiB. */
export interface MemorySample {
  heapMiB: number;
  rssMiB: number;
}

const MiB = 1024 * 1024;

/** Collects garbage (synchronously, twice: finalisers can free more) and samples memory. */
export function sampleMemory(): MemorySample {
  Bun.gc(true);
  Bun.gc(true);
  const usage = process.memoryUsage();
  return { heapMiB: usage.heapUsed / MiB, rssMiB: usage.rss / MiB };
}
