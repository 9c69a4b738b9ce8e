// Child process: one loopback Redis round trip, the unit of the Redis-pins target. Times sequential
// PINGs over one connection twice: with Bun's built-in client (the wire's cost) and through the
// Redis driver's own ioredis client via `store.ping()` (what Tether pays per round trip).
// Usage: bun redis-rtt.ts <url> <samples>; JSON on stdout.
import { createRedisStore } from '@tether/affinity-store/redis';
import { RedisClient } from 'bun';
import { percentiles } from './stats.ts';

const url = process.argv[2] ?? '';
const samples = Number(process.argv[3] ?? 2000);

async function time(ping: () => Promise<unknown>): Promise<{ p50Us: number; p99Us: number }> {
  const times: number[] = [];
  for (let i = 0; i < samples + 200; i++) {
    const start = Bun.nanoseconds();
    await ping();
    if (i >= 200) times.push((Bun.nanoseconds() - start) / 1000);
  }
  const { p50, p99 } = percentiles(times);
  return { p50Us: p50, p99Us: p99 };
}

const bun = new RedisClient(url);
await bun.connect();
const raw = await time(() => bun.send('PING', []));
bun.close();

const store = createRedisStore({ url });
const driver = await time(() => store.ping());
await store.close();

process.stdout.write(JSON.stringify({ ...raw, driver }));
