/** Scale: memory per pin (memory driver), Redis bytes per pin, pins claimed per second through 3 replicas. */
import { join } from 'node:path';
import type { RedisServerHandle } from '@tether/testing';
import { AFFINITY_HEADER } from './affinity.ts';
import { measureLoad } from './overhead.ts';
import { type Placement, runJsonChild } from './processes.ts';
import { BENCH_PROMPT, SIM_TINY_MODEL } from './tether-config.ts';

export interface MemoryPins {
  pins: number;
  entries: number | null;
  heapBytesPerPin: number;
  rssBytesPerPin: number;
  claimsPerSecond: number;
}

/** Runs memory-pins.ts in a fresh process (its heap holds nothing else). */
export function measureMemoryPins(pins: number, placement: Placement): Promise<MemoryPins> {
  return runJsonChild<MemoryPins>(['bun', join(import.meta.dir, 'memory-pins.ts'), String(pins)], placement);
}

export interface ReplicaClaims {
  replicas: number;
  connectionsPerReplica: number;
  seconds: number;
  /** Pins that appeared in Redis per second (DBSIZE growth), i.e. first requests that claimed. */
  pinsPerSecond: number;
  /** Decision requests answered per second, summed over replicas. */
  requestsPerSecond: number;
  p99Ms: number;
  failed: number;
}

/**
 * Every request carries a new affinity id, so each one is a first request: lookup miss, local
 * router, atomic claim. Sent to the decision-only endpoint of every replica at once.
 */
export async function measureReplicaClaims(
  redis: RedisServerHandle,
  origins: readonly string[],
  seconds: number,
  placement: Placement,
): Promise<ReplicaClaims> {
  const connections = 8;
  const before = Number(await redis.cli('DBSIZE'));
  const result = await measureLoad(
    {
      urls: origins.map((o) => `${o}/routing/v1/chat/completions`),
      body: JSON.stringify({ model: SIM_TINY_MODEL, messages: [{ role: 'user', content: BENCH_PROMPT }] }),
      headers: { 'content-type': 'application/json' },
      affinity: { header: AFFINITY_HEADER, mode: 'unique', prefix: `claim-${Date.now()}-` },
      connections,
      duration: seconds,
    },
    placement,
  );
  const created = Number(await redis.cli('DBSIZE')) - before;
  const elapsed = result.rps > 0 ? result.ok / result.rps : seconds;
  return {
    replicas: origins.length,
    connectionsPerReplica: connections,
    seconds: elapsed,
    pinsPerSecond: created / elapsed,
    requestsPerSecond: result.rps,
    p99Ms: result.p99Ms,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}
