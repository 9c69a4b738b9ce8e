/**
 * `bun run bench`: throughput of the memory and Redis drivers, bytes per pin, Redis round trips per call.
 * Starts its own throw-away redis-server; progress goes to stderr, the table to stdout.
 */
import { startRedisServer } from '@tether/testing';
import { createMemoryStore } from '../src/drivers/memory.ts';
import { createRedisStore } from '../src/drivers/redis.ts';
import type { AffinityStore, Pin } from '../src/types.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);
const MILLION = 1_000_000;
const decision: Pin = {
  model: 'openai/gpt-4o',
  route: 'code',
  source: 'router',
  pinnedAt: Date.now(),
};
const rows: string[][] = [];
const progress = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);

/** Runs `op` from `inFlight` concurrent loops for SECONDS; returns ops/s and mean latency. */
async function measure(inFlight: number, op: (i: number) => Promise<unknown>) {
  let n = 0;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) await op(n++);
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const ms = performance.now() - start;
  return { ops: n, perSecond: (n / ms) * 1000, meanUs: ((ms * 1000) / n) * inFlight };
}

async function bench(store: AffinityStore, label: string, mode: string, inFlight: number, keys: number) {
  const sent = async () => (await store.stats()).commandsSent ?? 0;
  for (const [name, op] of [
    ['get', (i: number) => store.get({ id: `warm-${i % keys}` })],
    ['claim', (i: number) => store.claim({ id: `${mode}-${label}-${i}` }, decision, { ttlSeconds: 600 })],
  ] as const) {
    progress(`${label} ${name} (${mode}, ${inFlight} in flight)`);
    const before = await sent();
    const r = await measure(inFlight, op);
    const trips = store.backend === 'redis' ? ((await sent()) - before) / r.ops : Number.NaN;
    rows.push([
      label,
      name,
      mode,
      String(inFlight),
      Math.round(r.perSecond).toLocaleString('en-US'),
      r.meanUs.toFixed(1),
      Number.isNaN(trips) ? '-' : trips.toFixed(2),
    ]);
  }
}

async function memoryBytesPerEntry(): Promise<{ heap: number; rss: number }> {
  progress(`filling a memory store with ${MILLION.toLocaleString('en-US')} pins`);
  Bun.gc(true);
  const before = process.memoryUsage();
  const store = createMemoryStore({ maxEntries: MILLION, sweepIntervalMs: 0 });
  // Realistic ids: a fresh string per pin, as a header value would be.
  for (let i = 0; i < MILLION; i++)
    await store.set({ id: `session-${i.toString(36)}-abcdef` }, decision, { ttlSeconds: 600 });
  Bun.gc(true);
  const after = process.memoryUsage();
  const result = {
    heap: (after.heapUsed - before.heapUsed) / MILLION,
    rss: (after.rss - before.rss) / MILLION,
  };
  await store.close();
  return result;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const memory = createMemoryStore({ maxEntries: 200_000 });
  for (let i = 0; i < 100_000; i++) await memory.set({ id: `warm-${i}` }, decision, { ttlSeconds: 600 });
  await bench(memory, 'memory', 'sequential', 1, 100_000);
  await memory.close();
  const bytes = await memoryBytesPerEntry();

  progress('starting redis-server');
  const redis = await startRedisServer();
  try {
    const off = { enabled: false } as const;
    const plain = createRedisStore({ url: redis.url, nearCache: off });
    const piped = createRedisStore({ url: redis.url, autoPipelining: true, nearCache: off });
    // The default: pins this process wrote or read are served from memory, kept coherent by Redis.
    const near = createRedisStore({ url: redis.url });
    for (let i = 0; i < 10_000; i++) await plain.set({ id: `warm-${i}` }, decision, { ttlSeconds: 600 });
    await bench(plain, 'redis', 'sequential', 1, 10_000);
    await bench(plain, 'redis', 'concurrent', 64, 10_000);
    await bench(piped, 'redis', 'pipelined', 64, 10_000);
    for (let i = 0; i < 10_000; i++) await near.get({ id: `warm-${i}` });
    await bench(near, 'redis+near', 'sequential', 1, 10_000);
    const usage = await Promise.all(
      Array.from({ length: 100 }, (_, i) => redis.cli('MEMORY', 'USAGE', `tether:affinity:warm-${i}`)),
    );
    const redisBytes = usage.reduce((sum, u) => sum + Number(u), 0) / usage.length;
    const value = await redis.cli('GET', 'tether:affinity:warm-0');
    await Promise.all([plain.close(), piped.close(), near.close()]);

    const header = ['backend', 'op', 'mode', 'in flight', 'ops/s', 'mean µs', 'round trips/op'];
    const all = [header, ...rows];
    const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
    const line = (r: string[]) =>
      r.map((cell, c) => (c >= 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ');
    console.log(line(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const r of rows) console.log(line(r));
    console.log('');
    console.log(
      `memory: bytes per pin at 1,000,000 pins: ${bytes.heap.toFixed(0)} heap, ${bytes.rss.toFixed(0)} rss`,
    );
    console.log(
      `redis: MEMORY USAGE per pin: ${redisBytes.toFixed(0)} bytes (value ${value.length} bytes: ${value})`,
    );
    console.log(
      `(bun ${Bun.version}, ${SECONDS}s per row, ${((performance.now() - t0) / 1000).toFixed(1)}s total)`,
    );
  } finally {
    await redis.stop();
  }
}

await main();
