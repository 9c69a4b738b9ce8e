/** The whole benchmark: start the fleet, run each suite, collect results; failures are recorded, not fatal. */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { type DecisionCase, measureDecisions, measureRoundTrips, verifyDecisionCase } from './affinity.ts';
import { runContext } from './context.ts';
import { contextGoals } from './context-tables.ts';
import { Fleet } from './fleet.ts';
import { checkGoals } from './goals.ts';
import { machineInfo } from './machine.ts';
import type { BenchOptions } from './options.ts';
import { runOverhead, type Target } from './overhead.ts';
import { choosePlacement, runJsonChild } from './processes.ts';
import type { RedisRtt } from './protocol.ts';
import { measureRedisPinSize } from './redis-pins.ts';
import type { BenchResults } from './report.ts';
import { measureMemoryPins, measureReplicaClaims } from './scale.ts';
import { summarize } from './summary.ts';
import { benchTargets } from './targets.ts';
import type { TetherBenchConfig } from './tether-config.ts';
import { verifyTarget } from './verify.ts';

const log = (line: string): void => void process.stderr.write(`${line}\n`);

export async function runBench(opts: BenchOptions, root: string): Promise<BenchResults> {
  const started = performance.now();
  const placement = choosePlacement();
  const fleet = new Fleet(placement);
  const problems: string[] = [];
  const results: BenchResults = {
    quick: opts.quick,
    startedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    seconds: 0,
    loadAverageEnd: 0,
    machine: machineInfo(root),
    placement,
    budget: opts.budget,
    rate: 0,
    rows: [],
    context: [],
    decisions: [],
    roundTrips: [],
    redisRtt: null,
    memoryPins: null,
    redisPins: null,
    claims: null,
    goals: [],
    problems,
  };
  // A suite that throws is reported and skipped; the rest of the run goes on.
  const attempt = async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (error) {
      const message = `${what} failed: ${error instanceof Error ? error.message : String(error)}`.slice(
        0,
        1500,
      );
      problems.push(message);
      log(`[bench] ${message}`);
      return undefined;
    }
  };
  const stopOnSignal = (): void => {
    void fleet.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);

  try {
    log(
      `[bench] ${opts.quick ? 'quick smoke run' : 'full run'}; placement: ${placement.pinned ? `load CPU ${placement.loadCpu}, servers CPU ${placement.serverCpu}` : 'unpinned'}`,
    );
    const redis = await fleet.startRedis();
    const sim = await fleet.sim();
    const tether = (name: string, c: Omit<TetherBenchConfig, 'simOrigin' | 'redisUrl'>) =>
      attempt(`starting ${name}`, () =>
        fleet.tether(name, { ...c, simOrigin: sim.origin, redisUrl: redis.url }),
      );
    const bare = await attempt('starting the bare proxy', () => fleet.bareProxy(sim.origin));
    const tMemory = await tether('tether-memory', { store: 'memory', router: 'local' });
    const tQuiet = await tether('tether-memory-quiet', {
      store: 'memory',
      router: 'local',
      logLevel: 'warn',
    });
    const tRedis = await tether('tether-redis', { store: 'redis', router: 'local' });
    const tRedisFar = await tether('tether-redis-no-near-cache', {
      store: 'redis',
      router: 'local',
      nearCache: false,
    });
    const portkey = await attempt('starting Portkey', () => fleet.portkey());

    const candidates = benchTargets(sim, { bare, tMemory, tQuiet, tRedis, tRedisFar, portkey });
    const targets: Target[] = [];
    for (const t of candidates) {
      const problem = await verifyTarget(t);
      if (problem) problems.push(`${t.label} did not answer properly and was not measured: ${problem}`);
      else targets.push(t);
      log(
        `[bench] verify ${t.label}: ${problem ?? `ok (200, ${t.api === 'responses' ? 'output' : 'choices'}, both modes)`}`,
      );
    }
    if (!targets.some((t) => t.key === 'direct'))
      throw new Error('sim-models itself does not answer; nothing to compare');

    const overhead = await attempt('gateway overhead', () =>
      runOverhead(targets, opts.budget.overhead, placement, log),
    );
    if (overhead) {
      results.rate = overhead.rate;
      results.rows = summarize(overhead, targets);
    }

    results.context =
      (await attempt('context size', () => runContext(targets, opts.budget.context, placement, log))) ?? [];

    const cases: DecisionCase[] = [];
    if (tMemory)
      cases.push({ label: 'memory + local', store: 'memory', router: 'local', origin: tMemory.origin });
    if (tRedis)
      cases.push({ label: 'Redis + local', store: 'redis', router: 'local', origin: tRedis.origin });
    const llmMemory = await tether('tether-memory-llm', { store: 'memory', router: 'llm' });
    const llmRedis = await tether('tether-redis-llm', { store: 'redis', router: 'llm' });
    if (llmMemory)
      cases.push({ label: 'memory + llm', store: 'memory', router: 'llm', origin: llmMemory.origin });
    if (llmRedis)
      cases.push({ label: 'Redis + llm', store: 'redis', router: 'llm', origin: llmRedis.origin });
    for (const c of [...cases]) {
      const problem = await verifyDecisionCase(c);
      if (problem) {
        problems.push(`decision case ${c.label} left out: ${problem}`);
        cases.splice(cases.indexOf(c), 1);
      }
    }
    results.decisions =
      (await attempt('decision latency', () =>
        measureDecisions(cases, opts.budget.decisions, placement, log),
      )) ?? [];
    if (tRedis) {
      results.roundTrips =
        (await attempt('Redis round trips', () =>
          measureRoundTrips(redis, tRedis.origin, opts.budget.roundTripRequests, placement),
        )) ?? [];
      for (const rt of results.roundTrips)
        log(`[affinity] ${rt.kind}: ${rt.roundTrips.toFixed(2)} Redis round trips`);
    }
    results.redisRtt =
      (await attempt('Redis round-trip time', () =>
        runJsonChild<RedisRtt>(
          ['bun', join(import.meta.dir, 'redis-rtt.ts'), redis.url, String(opts.budget.redisRttSamples)],
          placement,
          placement.serverCpu,
        ),
      )) ?? null;
    for (const e of [llmMemory, llmRedis, portkey, bare, tQuiet, tRedisFar]) if (e) await fleet.stopOne(e);

    log('[scale] memory per pin …');
    results.memoryPins =
      (await attempt('memory per pin', () => measureMemoryPins(opts.budget.memoryPins, placement))) ?? null;
    if (tRedis) {
      log('[scale] pins claimed per second through 3 replicas …');
      const r2 = await tether('tether-redis-2', { store: 'redis', router: 'local' });
      const r3 = await tether('tether-redis-3', { store: 'redis', router: 'local' });
      if (r2 && r3) {
        results.claims =
          (await attempt('replica claims', () =>
            measureReplicaClaims(
              redis,
              [tRedis.origin, r2.origin, r3.origin],
              opts.budget.claimSeconds,
              placement,
            ),
          )) ?? null;
      }
    }
    log('[scale] Redis bytes per pin …');
    results.redisPins =
      (await attempt('Redis bytes per pin', () => measureRedisPinSize(redis, opts.budget.redisPins))) ?? null;
    const rttUs = results.redisRtt?.driver.p50Us ?? Number.NaN;
    results.goals = [...checkGoals(results.rows, rttUs), ...contextGoals(results.context, rttUs)];
  } finally {
    await fleet.stop();
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
  }
  results.seconds = (performance.now() - started) / 1000;
  results.loadAverageEnd = loadavg()[0] ?? 0;
  return results;
}
