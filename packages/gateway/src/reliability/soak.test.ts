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
} from '../test-support/index.ts';
import { sampleMemory } from './memory.ts';

// A bounded soak: three replicas on one Redis at a fixed rate, ids hopping between replicas and
// intents, plus a memory-store replica flooded with fresh ids. 15 s locally, 2 min with CI=true,
// TETHER_SOAK_SECONDS=<n> for anything longer.

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
    { sim },
  );
});
afterAll(async () => {
  await Promise.all([...replicas.map((r) => r.stop()), memoryReplica.stop()]);
  await sim.stop();
  await redis.stop();
});

describe(`soak: ${SECONDS} s at ${RATE} req/s`, () => {
  test(
    'every affinity id keeps one model across 3 Redis replicas; no errors; memory-store pins capped',
    async () => {
      const modelOf = new Map<string, Set<string>>();
      const statuses: Record<string, number> = {};
      let sent = 0;
      let peakPins = 0;
      let freshIds = 0;
      const inFlight = new Set<Promise<void>>();
      const track = (p: Promise<void>) => {
        inFlight.add(p);
        p.finally(() => inFlight.delete(p));
      };
      const fire = async (gw: TestGateway, id: string, step: number, path: string): Promise<void> => {
        try {
          const r = await gw.fetch(path, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-model-affinity': id },
            body: JSON.stringify({ messages: [{ role: 'user', content: RESEARCH_STEPS[step] }] }),
            signal: AbortSignal.timeout(10_000),
          });
          await r.arrayBuffer();
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          const model = r.headers.get('x-tether-model');
          if (r.status === 200 && model && gw !== memoryReplica) {
            const seen = modelOf.get(id) ?? new Set<string>();
            seen.add(model);
            modelOf.set(id, seen);
          }
        } catch (error) {
          const key = `error:${(error as Error).name}`;
          statuses[key] = (statuses[key] ?? 0) + 1;
        }
      };

      const before = sampleMemory();
      const started = Date.now();
      while (Date.now() - started < SECONDS * 1_000) {
        // Open loop at a fixed rate: the schedule, not the answers, decides when the next request goes.
        const due = Math.floor(((Date.now() - started) * RATE) / 1_000);
        while (sent < due) {
          sent++;
          const replica = replicas[sent % 3] as TestGateway;
          // Ids revisit replicas and change intent, so only the pin can keep the model stable.
          const id = `soak-${Math.floor(Math.random() * IDS)}`;
          const path = sent % 4 === 0 ? '/v1/chat/completions' : '/routing/v1/chat/completions';
          track(fire(replica, id, Math.floor(Math.random() * RESEARCH_STEPS.length), path));
          if (sent % 2 === 0) {
            freshIds++;
            track(fire(memoryReplica, `fresh-${freshIds}`, 0, '/routing/v1/chat/completions'));
          }
        }
        peakPins = Math.max(peakPins, (memoryReplica.store as MemoryAffinityStore).size);
        await Bun.sleep(10);
      }
      await Promise.all(inFlight);
      peakPins = Math.max(peakPins, (memoryReplica.store as MemoryAffinityStore).size);
      const after = sampleMemory();
      const drifted = [...modelOf]
        .filter(([, models]) => models.size !== 1)
        .map(([id, m]) => `${id}: ${[...m].join(', ')}`);
      const redisKeys = Number(await redis.cli('DBSIZE'));
      console.log(
        JSON.stringify({
          seconds: SECONDS,
          rate: RATE,
          sent,
          freshIds,
          statuses,
          ids: modelOf.size,
          drifted: drifted.length,
          redisKeys,
          peakPins,
          maxEntries: MAX_ENTRIES,
          memoryMiB: { before, after },
        }),
      );
      expect(drifted).toEqual([]);
      expect(Object.keys(statuses)).toEqual(['200']);
      expect(modelOf.size).toBeGreaterThan(IDS / 2);
      expect(redisKeys).toBeLessThanOrEqual(IDS);
      expect(freshIds).toBeGreaterThan(MAX_ENTRIES);
      expect(peakPins).toBeLessThanOrEqual(MAX_ENTRIES);
      expect(after.heapMiB - before.heapMiB).toBeLessThan(64);
    },
    (SECONDS + 60) * 1_000,
  );
});
