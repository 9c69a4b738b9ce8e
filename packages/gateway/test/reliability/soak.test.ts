import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { MemoryAffinityStore } from '@tether/affinity-store';
import { startSimModels } from '@tether/sim-models';
import { type RedisServerHandle, startRedisServer } from '@tether/testing';
import {
  RESEARCH_CONFIG,
  RESEARCH_STEPS,
  type SimModelsHandle,
  startTestGateway,
  type TestGateway,
} from '../support/index.ts';
import { sampleMemory } from './memory.ts';

// A bounded soak: three replicas on one Redis at a fixed rate, ids hopping between replicas and
// intents, plus a memory-store replica flooded with fresh ids. 15 s locally, 2 min with CI=true,
// TETHER_SOAK_SECONDS=<n> (and TETHER_SOAK_RATE=<req/s>) for anything longer.

const SECONDS = Number(process.env.TETHER_SOAK_SECONDS ?? (process.env.CI === 'true' ? 120 : 15));
const RATE = Number(process.env.TETHER_SOAK_RATE ?? 200);
const IDS = 300;
const MAX_ENTRIES = 500;

let redis: RedisServerHandle;
let sim: SimModelsHandle;
let replicas: TestGateway[];
let memoryReplica: TestGateway;

beforeAll(async () => {
  redis = await startRedisServer();
  sim = await startSimModels({ quiet: true });
  const shared = `${RESEARCH_CONFIG}
routing:
  session_cache: {type: redis, url: "${redis.url}", key_prefix: "soak:"}
`;
  replicas = await Promise.all([0, 1, 2].map(() => startTestGateway(shared, { sim })));
  memoryReplica = await startTestGateway(
    `${RESEARCH_CONFIG}\nrouting:\n  session_max_entries: ${MAX_ENTRIES}\n`,
    {
      sim,
    },
  );
});
afterAll(async () => {
  await Promise.all([...replicas.map((r) => r.stop()), memoryReplica.stop()]);
  await sim.stop();
  await redis.stop();
});

/** What the soak saw. */
class Tally {
  readonly statuses: Record<string, number> = {};
  /** `x-tether-affinity` values (`unavailable`: the store did not answer in time, routed without a pin). */
  readonly affinity: Record<string, number> = {};
  /** Models that served each id, from answers where the store was reachable. */
  readonly modelsOf = new Map<string, Set<string>>();

  count(into: Record<string, number>, key: string): void {
    into[key] = (into[key] ?? 0) + 1;
  }

  drifted(): string[] {
    return [...this.modelsOf].filter(([, m]) => m.size !== 1).map(([id, m]) => `${id}: ${[...m].join(', ')}`);
  }
}

async function fire(tally: Tally, gw: TestGateway, id: string, step: number, path: string, track: boolean) {
  try {
    const r = await gw.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-model-affinity': id },
      body: JSON.stringify({ messages: [{ role: 'user', content: RESEARCH_STEPS[step] }] }),
      signal: AbortSignal.timeout(10_000),
    });
    await r.arrayBuffer();
    tally.count(tally.statuses, String(r.status));
    const affinity = r.headers.get('x-tether-affinity');
    if (affinity) tally.count(tally.affinity, affinity);
    const model = r.headers.get('x-tether-model');
    // A fail-open answer is routed afresh by design; only answers backed by the store must agree.
    if (track && r.status === 200 && model && affinity === null) {
      const seen = tally.modelsOf.get(id) ?? new Set<string>();
      seen.add(model);
      tally.modelsOf.set(id, seen);
    }
  } catch (error) {
    tally.count(tally.statuses, `error:${(error as Error).name}`);
  }
}

describe(`soak: ${SECONDS} s at ${RATE} req/s`, () => {
  test(
    'every affinity id keeps one model across 3 Redis replicas; no errors; memory-store pins capped',
    async () => {
      const tally = new Tally();
      const inFlight = new Set<Promise<void>>();
      const track = (p: Promise<void>) => {
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
      };
      let sent = 0;
      let freshIds = 0;
      let peakPins = 0;
      const pins = () => (memoryReplica.store as MemoryAffinityStore).size;
      const before = sampleMemory();
      const started = Date.now();
      while (Date.now() - started < SECONDS * 1_000) {
        // Open loop at a fixed rate: the schedule, not the answers, decides when the next request goes.
        const due = Math.floor(((Date.now() - started) * RATE) / 1_000);
        while (sent < due) {
          sent++;
          // Ids revisit replicas and change intent, so only the pin can keep the model stable.
          const id = `soak-${Math.floor(Math.random() * IDS)}`;
          const step = Math.floor(Math.random() * RESEARCH_STEPS.length);
          const path = sent % 4 === 0 ? '/v1/chat/completions' : '/routing/v1/chat/completions';
          track(fire(tally, replicas[sent % 3] as TestGateway, id, step, path, true));
          if (sent % 2 === 0) {
            freshIds++;
            track(fire(tally, memoryReplica, `fresh-${freshIds}`, 0, '/routing/v1/chat/completions', false));
          }
        }
        peakPins = Math.max(peakPins, pins());
        await Bun.sleep(10);
      }
      await Promise.all(inFlight);
      peakPins = Math.max(peakPins, pins());
      const after = sampleMemory();
      const drifted = tally.drifted();
      const redisKeys = Number(await redis.cli('DBSIZE'));
      console.log(
        JSON.stringify({
          seconds: SECONDS,
          rate: RATE,
          sent,
          freshIds,
          statuses: tally.statuses,
          affinity: tally.affinity,
          ids: tally.modelsOf.size,
          drifted: drifted.length,
          redisKeys,
          peakPins,
          maxEntries: MAX_ENTRIES,
          memoryMiB: { before, after },
        }),
      );
      expect(drifted).toEqual([]);
      expect(Object.keys(tally.statuses)).toEqual(['200']);
      expect(tally.modelsOf.size).toBeGreaterThan(IDS / 2);
      // + 1: the near cache's epoch key (the bare prefix), which tells replicas whether Redis lost its data.
      expect(redisKeys).toBeLessThanOrEqual(IDS + 1);
      expect(freshIds).toBeGreaterThan(MAX_ENTRIES);
      expect(peakPins).toBeLessThanOrEqual(MAX_ENTRIES);
      expect(after.heapMiB - before.heapMiB).toBeLessThan(64);
    },
    (SECONDS + 60) * 1_000,
  );
});
