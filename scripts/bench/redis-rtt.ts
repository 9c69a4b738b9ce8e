// Child process: one loopback Redis round trip, the unit of the Redis-pins target. Times sequential
// PINGs over one connection with Bun's built-in client. Usage: bun redis-rtt.ts <url> <samples>
import { RedisClient } from 'bun';
import { percentiles } from './stats.ts';

const client = new RedisClient(process.argv[2] ?? '');
const samples = Number(process.argv[3] ?? 2000);
await client.connect();
const times: number[] = [];
for (let i = 0; i < samples + 200; i++) {
  const start = Bun.nanoseconds();
  await client.send('PING', []);
  if (i >= 200) times.push((Bun.nanoseconds() - start) / 1000);
}
client.close();
const { p50, p99 } = percentiles(times);
process.stdout.write(JSON.stringify({ p50Us: p50, p99Us: p99 }));
