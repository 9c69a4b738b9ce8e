/** The overhead targets: the same request shape sent to sim-models directly and through each hop. */
import { AFFINITY_HEADER } from './affinity.ts';
import type { Endpoint } from './fleet.ts';
import { KEYS } from './goals.ts';
import type { Target } from './overhead.ts';
import { SIM_TINY_MODEL } from './tether-config.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };

export interface HopEndpoints {
  bare?: Endpoint;
  /** A Tether on memory pins: measured without an affinity id and with one fixed id. */
  tMemory?: Endpoint;
  tRedis?: Endpoint;
  /** A Tether on Redis pins with the replica near cache off: every pinned request asks Redis. */
  tRedisFar?: Endpoint;
  /** A Tether on memory pins with `logging.level: warn` (no per-request log line). */
  tQuiet?: Endpoint;
  portkey?: Endpoint;
}

/** Every target whose server started, direct first (it is the baseline of every ratio). */
export function benchTargets(sim: Endpoint, hops: HopEndpoints): Target[] {
  const chat = (e: Endpoint): string => `${e.origin}/v1/chat/completions`;
  const base = { headers: JSON_HEADERS, model: SIM_TINY_MODEL };
  const pinned = (prefix: string) => ({ header: AFFINITY_HEADER, mode: 'fixed' as const, prefix });
  const targets: Target[] = [{ key: 'direct', label: 'direct (sim-models)', url: chat(sim), ...base }];
  if (hops.bare) targets.push({ key: KEYS.bare, label: 'bare Bun proxy', url: chat(hops.bare), ...base });
  if (hops.tMemory) {
    const url = chat(hops.tMemory);
    targets.push({ key: KEYS.none, label: 'Tether, no affinity', url, ...base });
    targets.push({
      key: KEYS.memory,
      label: 'Tether, memory pins',
      url,
      ...base,
      affinity: pinned('bench-memory'),
    });
  }
  if (hops.tMemory) {
    // The Responses API through the same gateway (native passthrough, response stored), measured
    // against sim-models' own /v1/responses so its added latency compares with the chat row's.
    targets.push({
      key: KEYS.responses,
      label: 'Tether, /v1/responses',
      url: `${hops.tMemory.origin}/v1/responses`,
      ...base,
      api: 'responses',
      affinity: pinned('bench-responses'),
      baseline: {
        key: 'direct-responses',
        label: 'direct /v1/responses',
        url: `${sim.origin}/v1/responses`,
        ...base,
        api: 'responses',
      },
    });
  }
  if (hops.tQuiet) {
    const url = chat(hops.tQuiet);
    targets.push({
      key: KEYS.quiet,
      label: 'Tether, memory, no log',
      url,
      ...base,
      affinity: pinned('bench-quiet'),
    });
  }
  if (hops.tRedis) {
    const url = chat(hops.tRedis);
    targets.push({
      key: KEYS.redis,
      label: 'Tether, Redis pins',
      url,
      ...base,
      affinity: pinned('bench-redis'),
    });
  }
  if (hops.tRedisFar) {
    targets.push({
      key: KEYS.redisFar,
      label: 'Tether, Redis pins, no near cache',
      url: chat(hops.tRedisFar),
      ...base,
      affinity: pinned('bench-redis-far'),
    });
  }
  if (hops.portkey) {
    targets.push({
      key: KEYS.portkey,
      label: 'Portkey gateway',
      url: chat(hops.portkey),
      ...base,
      // Portkey's way of naming an OpenAI-compatible upstream at a custom address.
      headers: {
        ...JSON_HEADERS,
        'x-portkey-provider': 'openai',
        'x-portkey-custom-host': `${sim.origin}/v1`,
      },
    });
  }
  return targets;
}
