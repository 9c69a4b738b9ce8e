import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { AffinityStoreError, InvalidAffinityKeyError } from './errors.ts';
import type { AffinityKey, AffinityStore, Pin } from './types.ts';

/** What a driver's test file hands the contract suite. */
export interface StoreHarness {
  store: AffinityStore;
  /** `n` stores on the same backend, each with its own connection (memory: the same store `n` times). */
  peers(n: number): Promise<AffinityStore[]>;
  /** Moves the store's clock forward (memory). Without it, expiry tests wait in real time. */
  advance?(ms: number): void;
  /** Stops servers and timers. */
  cleanup(): Promise<void>;
}

let seq = 0;
/** A key no other test uses (the backend is shared across a file's tests). */
export const freshKey = (tenant?: string): AffinityKey =>
  tenant === undefined ? { id: `t${++seq}-${Date.now()}` } : { id: `t${++seq}-${Date.now()}`, tenant };

export const decision = (model: string, route: string | null = 'code'): Pin => ({
  model,
  route,
  source: 'router',
  pinnedAt: 1_732_230_000_000,
});

/** Waits `ms` on the harness clock, or in real time when it has none. */
async function elapse(h: StoreHarness, ms: number): Promise<void> {
  if (h.advance) h.advance(ms);
  else await Bun.sleep(ms);
}

/** The behaviour every `AffinityStore` driver must have. Call once per driver test file. */
export function runStoreContract(name: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`AffinityStore contract: ${name}`, () => {
    let h: StoreHarness;
    let store: AffinityStore;
    beforeAll(async () => {
      h = await makeHarness();
      store = h.store;
    });
    afterAll(async () => {
      await h.cleanup();
    });

    test('get misses, claim creates, a second claim loses and returns the first decision', async () => {
      const key = freshKey();
      expect(await store.get(key)).toBeNull();
      const first = await store.claim(key, decision('openai/gpt-4o'), { ttlSeconds: 60 });
      expect(first).toEqual({ decision: decision('openai/gpt-4o'), created: true });
      const second = await store.claim(key, decision('anthropic/claude'), { ttlSeconds: 60 });
      expect(second).toEqual({ decision: decision('openai/gpt-4o'), created: false });
      expect(await store.get(key)).toEqual(decision('openai/gpt-4o'));
    });

    test('get with peek: true returns the pin without counting a hit or a miss', async () => {
      const key = freshKey();
      const before = await store.stats();
      expect(await store.get(key, { peek: true })).toBeNull();
      await store.claim(key, decision('openai/gpt-4o'), { ttlSeconds: 60 });
      expect(await store.get(key, { peek: true })).toEqual(decision('openai/gpt-4o'));
      const after = await store.stats();
      expect({ hits: after.hits - before.hits, misses: after.misses - before.misses }).toEqual({
        hits: 0,
        misses: 0,
      });
    });

    test('set overwrites, keeps route null and requests; ttl reports whole seconds', async () => {
      const key = freshKey();
      await store.claim(key, decision('a/one'), { ttlSeconds: 60 });
      const repin: Pin = { ...decision('b/two', null), source: 'failover', requests: 7 };
      await store.set(key, repin, { ttlSeconds: 120 });
      expect(await store.get(key)).toEqual(repin);
      const ttl = await store.ttl(key);
      expect(ttl).toBeGreaterThanOrEqual(119);
      expect(ttl).toBeLessThanOrEqual(120);
      expect(await store.ttl(freshKey())).toBeNull();
    });

    test('a pin keeps the prefix hash it was made for', async () => {
      const key = freshKey();
      const withPrefix: Pin = { ...decision('a/one'), prefixHash: 'abc123' };
      expect((await store.claim(key, withPrefix, { ttlSeconds: 60 })).decision).toEqual(withPrefix);
      expect(await store.get(key)).toEqual(withPrefix);
      const other = freshKey();
      await store.set(other, withPrefix, { ttlSeconds: 60 });
      expect(await store.get(other)).toEqual(withPrefix);
    });

    test('touch renews an existing pin only; delete removes it once', async () => {
      const key = freshKey();
      expect(await store.touch(key, 60)).toBe(false);
      await store.set(key, decision('a/one'), { ttlSeconds: 10 });
      expect(await store.touch(key, 300)).toBe(true);
      expect(await store.ttl(key)).toBeGreaterThan(290);
      expect(await store.delete(key)).toBe(true);
      expect(await store.delete(key)).toBe(false);
      expect(await store.get(key)).toBeNull();
    });

    test('release removes the pin only while it still holds the expected decision', async () => {
      const key = freshKey();
      const mine = decision('a/one');
      await store.claim(key, mine, { ttlSeconds: 60 });
      expect(await store.release(key, { ...mine, pinnedAt: mine.pinnedAt + 1 }, 'done')).toBe(false);
      expect(await store.release(key, decision('b/two'), 'done')).toBe(false);
      expect(await store.release(key, mine, 'done')).toBe(true);
      expect(await store.get(key)).toBeNull();
      expect(await store.release(key, mine, 'failed')).toBe(false);
      // A failover re-pin written after my claim survives my late release.
      await store.claim(key, mine, { ttlSeconds: 60 });
      const repin: Pin = {
        ...decision('b/two'),
        source: 'failover',
        pinnedAt: 1_732_230_000_999,
      };
      await store.set(key, repin, { ttlSeconds: 60 });
      expect(await store.release(key, mine, 'failed')).toBe(false);
      expect(await store.get(key)).toEqual(repin);
    });

    test('an expired pin is never returned and can be claimed again', async () => {
      const key = freshKey();
      await store.claim(key, decision('a/one'), { ttlSeconds: 1 });
      await elapse(h, 1_100);
      let got = await store.get(key);
      // Redis expires within ~1 ms of the deadline; allow its clock a little slack, then require the miss.
      for (let i = 0; got !== null && i < 10; i++) {
        await Bun.sleep(100);
        got = await store.get(key);
      }
      expect(got).toBeNull();
      expect(await store.ttl(key)).toBeNull();
      expect(await store.touch(key, 60)).toBe(false);
      const again = await store.claim(key, decision('b/two'), { ttlSeconds: 60 });
      expect(again.created).toBe(true);
    });

    test('the same id under two tenants is two pins, separate from the unscoped id', async () => {
      const { id } = freshKey();
      await store.claim({ id, tenant: 'acme' }, decision('a/one'), { ttlSeconds: 60 });
      const other = await store.claim({ id, tenant: 'globex' }, decision('b/two'), { ttlSeconds: 60 });
      expect(other.created).toBe(true);
      expect((await store.get({ id, tenant: 'acme' }))?.model).toBe('a/one');
      expect((await store.get({ id, tenant: 'globex' }))?.model).toBe('b/two');
      expect(await store.get({ id })).toBeNull();
      await store.delete({ id, tenant: 'acme' });
      expect((await store.get({ id, tenant: 'globex' }))?.model).toBe('b/two');
    });

    test('list pages through live pins with their decision and ttl', async () => {
      const list = store.list?.bind(store);
      if (list === undefined) throw new Error(`${store.backend} store has no list()`);
      const keys = [freshKey(), freshKey(), freshKey(), freshKey('acme')];
      for (const [i, key] of keys.entries()) {
        await store.claim(key, decision(`m/${i}`), { ttlSeconds: 60 });
      }
      const gone = freshKey();
      await store.claim(gone, decision('m/gone'), { ttlSeconds: 60 });
      await store.delete(gone);
      const seen = new Map<string, { model: string; ttl: number }>();
      let cursor: string | undefined;
      for (let page = 0; page < 10_000; page++) {
        const result = await list({ limit: 2, cursor });
        for (const pin of result.pins) seen.set(pin.key, { model: pin.decision.model, ttl: pin.ttlSeconds });
        if (result.cursor === null) break;
        cursor = result.cursor;
      }
      const scoped = keys[3] as AffinityKey;
      expect(seen.get(`acme:${scoped.id}`)?.model).toBe('m/3');
      for (const [i, key] of keys.slice(0, 3).entries()) {
        const pin = seen.get(key.id);
        expect(pin?.model).toBe(`m/${i}`);
        expect(pin?.ttl).toBeGreaterThan(55);
        expect(pin?.ttl).toBeLessThanOrEqual(60);
      }
      expect(seen.has(gone.id)).toBe(false);
      await expect(list({ limit: 2, cursor: 'not-a-cursor' })).rejects.toThrow();
    });

    test('bad keys reject with InvalidAffinityKeyError and touch nothing', async () => {
      const bad: AffinityKey[] = [
        { id: '' },
        { id: 'x'.repeat(257) },
        { id: 'line\nbreak' },
        { id: 'caf\u00e9' },
        { id: 'ok', tenant: '' },
        { id: 'ok', tenant: 'a:b' },
        { id: 'ok', tenant: 'tab\t' },
      ];
      for (const key of bad) {
        const error = await store.get(key).catch((e: unknown) => e);
        expect(InvalidAffinityKeyError.isInstance(error)).toBe(true);
        expect(AffinityStoreError.isInstance(error) && error.status).toBe(400);
        await expect(store.claim(key, decision('a/one'), { ttlSeconds: 60 })).rejects.toThrow(
          InvalidAffinityKeyError,
        );
      }
      const longest = { id: 'x'.repeat(256) };
      expect((await store.claim(longest, decision('a/one'), { ttlSeconds: 60 })).created).toBe(true);
      expect(await store.delete(longest)).toBe(true);
    });

    test('100 concurrent claims of one key: exactly one created, all see the same model', async () => {
      const key = freshKey();
      const stores = await h.peers(4);
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          stores[i % stores.length]!.claim(key, decision(`m/${i}`), { ttlSeconds: 60 }),
        ),
      );
      const winners = results.filter((r) => r.created);
      expect(winners).toHaveLength(1);
      const model = winners[0]!.decision.model;
      expect(new Set(results.map((r) => r.decision.model))).toEqual(new Set([model]));
      expect((await store.get(key))?.model).toBe(model);
    });

    test('stats count what happened', async () => {
      const before = await store.stats();
      const key = freshKey();
      await store.get(key);
      await store.claim(key, decision('a/one'), { ttlSeconds: 60 });
      await store.claim(key, decision('b/two'), { ttlSeconds: 60 });
      await store.get(key);
      await store.set(key, decision('c/three'), { ttlSeconds: 60 });
      await store.touch(key, 60);
      await store.delete(key);
      const a = decision('d/four');
      await store.claim(key, a, { ttlSeconds: 60 });
      await store.release(key, a, 'done');
      await store.claim(key, a, { ttlSeconds: 60 });
      await store.set(key, { ...a, source: 'failover' }, { ttlSeconds: 60 });
      await store.release(key, { ...a, source: 'failover' }, 'failed');
      const after = await store.stats();
      expect(after.backend).toBe(store.backend);
      const deltas = {
        hits: 1,
        misses: 1,
        claims: 3,
        claimsLost: 1,
        sets: 2,
        renewals: 1,
        deletes: 1,
        released: 1,
        withdrawn: 1,
        repins: 1,
      } as const;
      for (const [field, delta] of Object.entries(deltas) as Array<[keyof typeof deltas, number]>) {
        expect({ field, delta: after[field] - before[field] }).toEqual({ field, delta });
      }
      expect(await store.ping()).toBe(true);
    });
  });
}
