import { describe, expect, test } from 'bun:test';
import { createMemoryStore } from '@tether/affinity-store';
import { silentLogger } from '../logger.ts';
import { instrumentStore } from './instrument-store.ts';
import { createMetrics } from './metrics.ts';
import { createPinActivity } from './pin-activity.ts';
import type { ObservabilityCore } from './types.ts';

const decision = (model: string) => ({ model, route: 'code', source: 'router' as const, pinnedAt: 1 });

/** `tether_affinity_events_total` by event, as a scrape shows it. */
async function events(core: ObservabilityCore): Promise<Record<string, number>> {
  const metric = await core.metrics.registry.getSingleMetric('tether_affinity_events_total')?.get();
  return Object.fromEntries((metric?.values ?? []).map((v) => [String(v.labels.event), v.value]));
}

function setup(now?: () => number) {
  const raw = createMemoryStore({ sweepIntervalMs: 0, now });
  const core: ObservabilityCore = {
    metrics: createMetrics(raw),
    tracer: undefined,
    activity: createPinActivity(),
    logger: silentLogger,
    includeContent: false,
    tenantHeader: undefined,
  };
  return { raw, core, store: instrumentStore(raw, core) };
}

describe('instrumentStore', () => {
  test('counts every affinity event and keeps the store working', async () => {
    const { raw, core, store } = setup();
    expect(await store.get({ id: 'a' })).toBeNull();
    expect((await store.claim({ id: 'a' }, decision('m/one'), { ttlSeconds: 60 })).created).toBe(true);
    expect((await store.claim({ id: 'a' }, decision('m/two'), { ttlSeconds: 60 })).created).toBe(false);
    expect((await store.get({ id: 'a' }))?.model).toBe('m/one');
    await store.set({ id: 'a' }, { ...decision('m/two'), source: 'failover' }, { ttlSeconds: 60 });
    await store.set({ id: 'b' }, { ...decision('m/one'), source: 'explicit' }, { ttlSeconds: 60 });
    expect(await store.release({ id: 'a' }, { ...decision('m/two'), source: 'failover' }, 'done')).toBe(true);
    expect(await store.delete({ id: 'b' })).toBe(true);
    expect(await store.delete({ id: 'b' })).toBe(false);
    expect(await events(core)).toEqual({
      hit: 1,
      miss: 1,
      claim: 1,
      claim_lost: 1,
      store_error: 0,
      released: 2,
      repinned: 1,
      expired: 0,
    });
    // Members it does not wrap are the store's own, getters included.
    expect(store.size).toBe(raw.size);
    expect(store.backend).toBe('memory');
    await raw.close();
    await expect(store.get({ id: 'a' })).rejects.toThrow();
    expect((await events(core)).store_error).toBe(1);
  });

  test('expired pins are counted from the store at scrape time, and the active pins gauge follows', async () => {
    let t = 1_000_000;
    const { raw, core, store } = setup(() => t);
    await store.claim({ id: 'x' }, decision('m/one'), { ttlSeconds: 1 });
    await store.claim({ id: 'y' }, decision('m/one'), { ttlSeconds: 60 });
    const text = await core.metrics.registry.metrics();
    expect(text).toContain('tether_affinity_active_pins{backend="memory"} 2');
    t += 2_000;
    raw.sweep();
    expect((await events(core)).expired).toBe(1);
    expect(await core.metrics.registry.metrics()).toContain(
      'tether_affinity_active_pins{backend="memory"} 1',
    );
    expect((await events(core)).expired).toBe(1);
    await raw.close();
  });

  test('store latency is recorded per operation', async () => {
    const { raw, core, store } = setup();
    await store.get({ id: 'a' });
    await store.claim({ id: 'a' }, decision('m/one'), { ttlSeconds: 60 });
    const text = await core.metrics.registry.metrics();
    expect(text).toContain('tether_affinity_store_duration_seconds_count{backend="memory",op="get"} 1');
    expect(text).toContain('tether_affinity_store_duration_seconds_count{backend="memory",op="claim"} 1');
    await raw.close();
  });
});
