// `bun run bench`: the latency the gateway adds over calling sim-models directly (p50/p99, at
// concurrency 1 and 32) for no affinity, memory pins and Redis pins, plus the local router's
// decision time. Prints a table; asserts nothing. BENCH_SECONDS sets each run's length (default 5).
import { startRedisServer } from '@tether/testing';
import { type LoadResult, load } from './load.ts';
import { benchRouter } from './router-bench.ts';
import { startProcess } from './spawn.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const here = import.meta.dir;
const body = JSON.stringify({
  model: 'auto',
  messages: [{ role: 'user', content: 'Implement a SQLAlchemy model for the orders table.' }],
});

const redis = await startRedisServer();
const sim = await startProcess(
  (port) => ['bun', `${here}/../../sim-models/src/cli.ts`, '--port', String(port), '--quiet'],
  '/v1/models',
);
const memoryGw = await startProcess(
  (port) => ['bun', `${here}/serve-gateway.ts`, String(port), sim.url, 'memory'],
  '/healthz',
);
const floor = await startProcess((port) => ['bun', `${here}/serve-floor.ts`, String(port), sim.url], '/');
const redisGw = await startProcess(
  (port) => ['bun', `${here}/serve-gateway.ts`, String(port), sim.url, 'redis', redis.url],
  '/healthz',
);

type Row = { name: string; c: number; result: LoadResult; base: LoadResult };
const rows: Row[] = [];
try {
  const direct = JSON.stringify({ model: 'sim-tiny', messages: JSON.parse(body).messages });
  for (const c of [1, 32]) {
    // Warm-up: JIT, connection pools, the pins.
    await load({
      url: `${memoryGw.url}/v1/chat/completions`,
      body,
      headers: { 'x-model-affinity': 'bench' },
      connections: c,
      seconds: 1,
    });
    await load({
      url: `${redisGw.url}/v1/chat/completions`,
      body,
      headers: { 'x-model-affinity': 'bench' },
      connections: c,
      seconds: 1,
    });
    const base = await load({
      url: `${sim.url}/v1/chat/completions`,
      body: direct,
      headers: {},
      connections: c,
      seconds,
    });
    rows.push({ name: 'sim-models direct', c, result: base, base });
    const cases: Array<[string, string, Record<string, string>]> = [
      ['bare Bun proxy (floor)', floor.url, {}],
      ['no affinity (routed)', memoryGw.url, {}],
      ['memory pins', memoryGw.url, { 'x-model-affinity': 'bench' }],
      ['redis pins', redisGw.url, { 'x-model-affinity': 'bench' }],
    ];
    for (const [name, url, headers] of cases) {
      rows.push({
        name,
        c,
        result: await load({ url: `${url}/v1/chat/completions`, body, headers, connections: c, seconds }),
        base,
      });
    }
  }
} finally {
  await memoryGw.stop();
  await floor.stop();
  await redisGw.stop();
  await sim.stop();
  await redis.stop();
}

const us = (v: number) => `${v.toFixed(0)} µs`.padStart(10);
console.log(`\nGateway overhead over sim-models direct (${seconds}s per run, autocannon, keep-alive)\n`);
console.log(
  `${'case'.padEnd(22)} ${'conc'.padStart(4)} ${'p50'.padStart(10)} ${'p99'.padStart(10)} ${'+p50'.padStart(10)} ${'+p99'.padStart(10)} ${'reqs'.padStart(8)} errors`,
);
for (const { name, c, result, base } of rows) {
  const direct = result === base;
  console.log(
    `${name.padEnd(22)} ${String(c).padStart(4)} ${us(result.p50)} ${us(result.p99)} ${direct ? ''.padStart(10) : us(result.p50 - base.p50)} ${direct ? ''.padStart(10) : us(result.p99 - base.p99)} ${String(result.requests).padStart(8)} ${result.errors}`,
  );
}
const target = rows.find((r) => r.name === 'memory pins' && r.c === 1);
if (target) {
  const overhead = target.result.p50 - target.base.p50;
  console.log(
    `\ntarget: p50 overhead ≤ 50 µs at concurrency 1 with memory pins → ${overhead.toFixed(0)} µs (${overhead <= 50 ? 'met' : 'NOT met'})`,
  );
}
await benchRouter();
