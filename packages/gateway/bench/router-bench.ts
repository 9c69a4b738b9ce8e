import { createMemoryStore } from '@tether/affinity-store';
import { createDecider } from '../src/affinity/decider.ts';
import { parseConfig } from '../src/config/load.ts';
import { silentLogger } from '../src/logger.ts';
import { createLocalRouter } from '../src/routing/local-router.ts';
import { intentFromOpenAI } from '../src/routing/openai-intent.ts';
import { RESEARCH_CONFIG, researchConversation } from '../test/support/fixtures.ts';

function percentiles(samples: number[]): { p50: number; p99: number } {
  samples.sort((a, b) => a - b);
  return {
    p50: samples[Math.floor(samples.length * 0.5)] ?? Number.NaN,
    p99: samples[Math.floor(samples.length * 0.99)] ?? Number.NaN,
  };
}

/** Times the local router and `decide()` (memory pin hit) in-process and prints p50/p99 in µs. */
export async function benchRouter(iterations = 20_000): Promise<void> {
  const config = parseConfig(RESEARCH_CONFIG, 'research.yaml', { env: {} });
  const router = createLocalRouter(config.routes);
  const intent = intentFromOpenAI(researchConversation(3));
  const routeSamples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    router.route(intent);
    routeSamples.push((performance.now() - t) * 1000);
  }
  const store = createMemoryStore();
  const decider = createDecider({ config, store, router, logger: silentLogger });
  await decider.decide({ intent: () => intent, affinityId: 'bench' });
  const hitSamples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await decider.decide({ intent: () => intent, affinityId: 'bench' });
    hitSamples.push((performance.now() - t) * 1000);
  }
  await store.close();
  const r = percentiles(routeSamples);
  const h = percentiles(hitSamples);
  console.log('\nIn-process decision time (research step 4, 2 routes)');
  console.log(`  local router        p50 ${r.p50.toFixed(1)} µs   p99 ${r.p99.toFixed(1)} µs`);
  console.log(`  decide, memory hit  p50 ${h.p50.toFixed(1)} µs   p99 ${h.p99.toFixed(1)} µs`);
}
