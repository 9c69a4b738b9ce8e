// Child process: memory per pin in the memory driver. Claims N pins (unique ids, one shared model
// string, as a gateway would) in a fresh process and reports the heap and RSS growth per pin after a
// full GC. Usage: bun scripts/bench/memory-pins.ts <pins>; JSON on stdout.
import { createMemoryStore } from '@tether/affinity-store';

const pins = Number(process.argv[2] ?? 1_000_000);
const store = createMemoryStore({ maxEntries: pins, sweepIntervalMs: 0 });
const model = 'openai/gpt-4o';
const route = 'code_generation';

Bun.gc(true);
const before = process.memoryUsage();
const started = performance.now();
const pinnedAt = Date.now();
for (let i = 0; i < pins; i++) {
  // ids shaped like real ones: a client-chosen prefix and a number, ~20 bytes.
  await store.claim(
    { id: `session-${i.toString(36).padStart(8, '0')}` },
    { model, route, source: 'router', pinnedAt },
    { ttlSeconds: 600 },
  );
}
const claimMs = performance.now() - started;
Bun.gc(true);
const after = process.memoryUsage();
const stats = await store.stats();
await store.close();

process.stdout.write(
  JSON.stringify({
    pins,
    entries: stats.entries,
    heapBytesPerPin: (after.heapUsed - before.heapUsed) / pins,
    rssBytesPerPin: (after.rss - before.rss) / pins,
    claimsPerSecond: pins / (claimMs / 1000),
  }),
);
